using System.Text.RegularExpressions;
using PlanServices.Pillars.Domain;

namespace PlanServices.Pillars.Claims;

/// <summary>An objective's narrative with its references filled in from the data, and what its figures read as.</summary>
public sealed record ObjectiveReview(string Objective, string Filled, NarrativeCheck Check);

/// <summary>A paper's narratives checked against its figures.</summary>
public sealed record PaperReview(IReadOnlyList<ObjectiveReview> Objectives)
{
    public IEnumerable<Claim> Claims => Objectives.SelectMany(o => o.Check.Claims);
    public IEnumerable<Claim> Contradictions => Claims.Where(c => c.Status == ClaimStatus.Contradicts);

    /// <summary>The "figures checked" statement a paper carries, for the public reader, before any approval.</summary>
    public string Statement => StatementFor(null);

    /// <summary>
    /// The "figures checked" statement: how many of the narrative's figures about this paper's measures were checked
    /// against the data and agree, how many differ (and, when the Deputy Chief Constable approved the paper with them,
    /// the reason given), and how many could not be checked.
    /// </summary>
    public string StatementFor(string? approvedWithReason)
    {
        var claims = Claims.ToList();
        if (claims.Count == 0) return "Figures checked: the narrative quotes no figure from this paper's tables.";
        var (agree, differ, notChecked) = (claims.Count(c => c.Status == ClaimStatus.Matches), claims.Count(c => c.Status == ClaimStatus.Contradicts),
            claims.Count(c => c.Status == ClaimStatus.Unlinked));
        var filled = claims.Count(c => c.Kind == ClaimKind.Reference && c.Status == ClaimStatus.Matches);
        var text = $"Figures checked: the narrative gives {Count(claims.Count, "figure")} for this paper's measures. ";
        var checkedCount = agree + differ;
        text += checkedCount == 0 ? "None could be checked against the data, because no stored figure covers what they describe"
            : differ == 0 ? $"{Were(checkedCount)} checked against the data and {(checkedCount == 1 ? "agrees" : "agree")} with it"
            : $"{Were(checkedCount)} checked against the data: {agree} {(agree == 1 ? "agrees" : "agree")} with it and {differ} {(differ == 1 ? "differs" : "differ")}";
        if (filled > 0) text += $" ({filled} {(filled == 1 ? "is" : "are")} filled in from the data)";
        if (notChecked > 0 && checkedCount > 0)
            text += $"; {notChecked} could not be checked, because no stored figure covers what {(notChecked == 1 ? "it describes" : "they describe")}";
        text += ".";
        if (differ == 0 || string.IsNullOrWhiteSpace(approvedWithReason)) return text;
        var reason = approvedWithReason.Trim();
        return text + $" The Deputy Chief Constable approved the paper with {(differ == 1 ? "this difference" : "these differences")}, giving the reason: " +
            $"“{reason}{(reason[^1] is '.' or '!' or '?' ? "" : ".")}”";
    }

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    private static string Were(int n) => n == 1 ? "1 was" : $"{n} were";

}

/// <summary>
/// Narrative figures written as references to the data, <c>{{indicator column}}</c> with a column as the tables name
/// them (<c>{{soc.disruptions period}}</c>, <c>{{soc.disruptions change-to-previous-period}}</c>), are filled in from the
/// engine and so cannot go wrong (docs/narrative-claims.md); every other figure is checked by <see cref="ClaimChecker"/>.
/// </summary>
public sealed partial class NarrativeReview(Catalogue catalogue)
{
    [GeneratedRegex(@"\{\{\s*(?<indicator>[\w.\-]+)\s+(?<column>[\w\-]+)\s*\}\}")]
    private static partial Regex Reference();

    private static IReadOnlyDictionary<string, ComparisonColumn> Columns => ComparisonColumn.Named;

    /// <summary>What is wrong with the references of a narrative: an unknown indicator or column.</summary>
    public IReadOnlyList<string> Validate(string markdown) => Reference().Matches(markdown)
        .SelectMany(m => (catalogue.Find(m.Groups["indicator"].Value) is null
                ? [$"{m.Value}: indicator '{m.Groups["indicator"].Value}' is not in the {catalogue.Pillar} catalogue"] : Array.Empty<string>())
            .Concat(Columns.ContainsKey(m.Groups["column"].Value) ? [] : [$"{m.Value}: '{m.Groups["column"].Value}' is not a column: give {ComparisonColumn.NamesInWords}"]))
        .ToList();

    /// <summary>Every objective's narrative, filled in and checked.</summary>
    public PaperReview Review(IReadOnlyDictionary<string, string> narratives, FigureCalculator figures, ReportingPeriod period) =>
        new(catalogue.Objectives.Where(o => narratives.ContainsKey(o.Id)).Select(o => Review(o.Id, narratives[o.Id], figures, period)).ToList());

    public ObjectiveReview Review(string objective, string markdown, FigureCalculator figures, ReportingPeriod period)
    {
        var references = new List<Claim>();
        var filled = Reference().Replace(markdown, m =>
        {
            var text = Fill(m, figures, period);
            references.Add(new Claim(objective, m.Value, m.Value, ClaimKind.Reference, m.Groups["indicator"].Value, m.Groups["column"].Value,
                text is null ? ClaimStatus.Unlinked : ClaimStatus.Matches, text, text is null ? "no stored figure for it" : null));
            return text ?? "[no figure]";
        });
        var check = new ClaimChecker(catalogue, figures, period).Check(objective, Reference().Replace(markdown, "the figure"));
        return new ObjectiveReview(objective, filled, check with { Claims = [.. references, .. check.Claims] });
    }

    private string? Fill(Match reference, FigureCalculator figures, ReportingPeriod period)
    {
        if (catalogue.Find(reference.Groups["indicator"].Value) is not { } indicator || !Columns.TryGetValue(reference.Groups["column"].Value, out var column)) return null;
        decimal? Figure(Window w) => figures.Value(indicator.Id, period, w);
        var against = ComparisonColumn.Against(column.Window);
        var shown = column.Kind switch
        {
            ColumnKind.Value => Display.Value(indicator, Figure(column.Window)),
            ColumnKind.Change => Display.Change(indicator, Figure(against), Figure(column.Window)),
            _ => Display.Difference(indicator, Figure(against), Figure(column.Window)),
        };
        if (shown.Value is null) return null;
        return column.Kind != ColumnKind.Value && shown.Value > 0 ? "+" + shown.Text : shown.Text;
    }
}
