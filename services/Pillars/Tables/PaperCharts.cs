using System.Globalization;
using PlanServices.Pillars.Domain;

namespace PlanServices.Pillars.Tables;

/// <summary>A configured trend chart for a reporting period: its months, its XmR analysis and the sentence that says what it shows.</summary>
public sealed record VariationChart(ChartSpec Spec, Indicator Indicator, Period Months, XmrAnalysis Analysis, string Summary)
{
    /// <summary>The target line, when the indicator has one.</summary>
    public decimal? Target => Indicator.Target?.AtLeast ?? Indicator.Target?.AtMost;

    /// <summary>A value as the tables print it.</summary>
    public string Text(decimal? value) => Display.Value(Indicator, value).Text;
}

/// <summary>
/// The paper's tables and charts for one reporting period, derived together from one set of stored figures by
/// <see cref="Calculator"/>; <see cref="Reviews"/> keeps the papers' narratives checked against them, by narrative text.
/// </summary>
public sealed record PaperFigures(IReadOnlyList<Table> Tables, IReadOnlyList<VariationChart> Charts, FigureCalculator Calculator)
{
    public System.Collections.Concurrent.ConcurrentDictionary<string, Claims.PaperReview> Reviews { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Builds each chart of the catalogue from the indicator's monthly values (by the unit's rule, as the tables derive them)
/// and words its analysis in plain English: the text equivalent every output prints beside the chart.
/// </summary>
public sealed class PaperCharts(FigureCalculator figures)
{
    public IReadOnlyList<VariationChart> Build(ReportingPeriod period) =>
        figures.Catalogue.Charts.Select(spec => Build(spec, period)).ToList();

    public VariationChart Build(ChartSpec spec, ReportingPeriod period)
    {
        var indicator = figures.Catalogue[spec.Indicator];
        var months = new Period(period.End.Plus(1 - spec.Months), period.End);
        var values = Enumerable.Range(0, spec.Months).Select(i => months.From.Plus(i))
            .Select(m => (m, figures.Value(indicator.Id, Period.Single(m)))).ToList();
        var analysis = Xmr.Analyse(values, indicator.Improvement, indicator.Target, spec.Rebases, indicator.MayBeNegative ? null : 0m);
        var chart = new VariationChart(spec, indicator, months, analysis, "");
        return chart with { Summary = Describe(chart) };
    }

    private static string Name(Month month) => $"{month.Name} {month.Year.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>"% answered in under 10 seconds, January 2025 to December 2025: common cause variation ... The target ..."</summary>
    public static string Describe(VariationChart chart)
    {
        var (spec, analysis) = (chart.Spec, chart.Analysis);
        var span = $"{spec.Title}, {Name(chart.Months.From)} to {Name(chart.Months.To)}";
        var points = analysis.Points.ToList();
        if (points.Count == 0)
            return $"{span}: no monthly figures are held, so there is no chart; the figures are published for whole periods only.";

        var sentences = new List<string>();
        var latest = analysis.Latest!;
        var last = points[^1];
        sentences.Add(analysis.Variation switch
        {
            VariationKind.NotEnoughData =>
                $"{span}: {latest.Points.Count} monthly figures{(analysis.Segments.Count > 1 ? " since the last recorded change" : "")}, fewer than the {Xmr.MinimumPoints} that process limits need, so no judgement on variation is made.",
            VariationKind.CommonCause =>
                $"{span}: common cause variation. The latest month, {Name(last.Month)} at {chart.Text(last.Value)}, is within the process limits of {chart.Text(latest.LowerLimit)} to {chart.Text(latest.UpperLimit)} and shows no special cause.",
            _ => $"{span}: special cause variation, {Direction(analysis.Variation)}. {Name(last.Month)} at {chart.Text(last.Value)} {Reasons(chart, latest, last)}.",
        });
        if (latest.Mean is not null) sentences.Add($"The mean is {chart.Text(latest.Mean)}.");
        var earlier = points.SkipLast(1).Where(p => p.IsSpecialCause).ToList();
        if (earlier.Count > 0)
            sentences.Add($"Earlier special causes: {string.Join("; ", earlier.Select(p => $"{Name(p.Month)} ({chart.Text(p.Value)}, {Rule(p)})"))}.");
        if (chart.Target is { } target)
        {
            var goal = $"The target of {(chart.Indicator.Target!.AtLeast is not null ? "at least" : "at most")} {chart.Text(target)}";
            var assurance = analysis.Assurance switch
            {
                AssuranceKind.ConsistentlyPassing => $"{goal} lies outside the process limits: it will be met consistently while the process stays as it is.",
                AssuranceKind.ConsistentlyFailing => $"{goal} lies outside the process limits: it will be missed consistently unless the process changes.",
                AssuranceKind.Inconsistent => $"{goal} lies between the process limits: it will be met in some months and missed in others.",
                _ => null,
            };
            if (assurance is not null) sentences.Add(assurance);
        }
        foreach (var segment in analysis.Segments.Skip(1))
            sentences.Add($"Limits are calculated afresh from {Name(segment.From)}: {segment.ChangeReason}.");
        if (analysis.MissingMonths.Count > 0)
            sentences.Add($"{analysis.MissingMonths.Count} month{(analysis.MissingMonths.Count == 1 ? " has" : "s have")} no figure and {(analysis.MissingMonths.Count == 1 ? "is" : "are")} left out.");
        return string.Join(" ", sentences);
    }

    /// <summary>What a point's strongest rule says, briefly.</summary>
    private static string Rule(XmrPoint point) => point.Rules[0] switch
    {
        SpecialCauseRule.OutsideLimits => point.High ? "above the upper limit" : "below the lower limit",
        SpecialCauseRule.Shift => $"in a run of {Xmr.RunLength} or more {(point.High ? "above" : "below")} the mean",
        SpecialCauseRule.Trend => $"in a run of {Xmr.RunLength} or more {(point.High ? "rising" : "falling")}",
        _ => $"2 of 3 close to the {(point.High ? "upper" : "lower")} limit",
    };

    private static string Direction(VariationKind kind) => kind switch
    {
        VariationKind.SpecialCauseImproving => "improving",
        VariationKind.SpecialCauseConcerning => "concerning",
        _ => "neither improving nor concerning (the indicator has no better direction)",
    };

    private static string Reasons(VariationChart chart, XmrSegment segment, XmrPoint point) => string.Join(", and ", point.Rules.Select(rule => rule switch
    {
        SpecialCauseRule.OutsideLimits => point.High
            ? $"is above the upper process limit of {chart.Text(segment.UpperLimit)}"
            : $"is below the lower process limit of {chart.Text(segment.LowerLimit)}",
        SpecialCauseRule.Shift => $"is the latest of {Xmr.RunLength} or more months in a row {(point.High ? "above" : "below")} the mean",
        SpecialCauseRule.Trend => $"ends a run of {Xmr.RunLength} or more months each {(point.High ? "higher" : "lower")} than the one before",
        _ => $"is one of 2 in 3 months close to the {(point.High ? "upper" : "lower")} process limit",
    }));
}
