using System.Text.RegularExpressions;
using PlanServices.Pillars.Domain;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace PlanServices.Pillars.Papers;

/// <summary>
/// A paper file (docs/narrative.md): YAML front matter with the reporting period, meeting and cover
/// block, then each objective's narrative under a line <c>## objective-id</c>. Importing it opens the
/// period's paper if needed and edits the Draft; a file equal to the Draft changes nothing.
/// </summary>
public static partial class PaperFile
{
    public sealed record Parsed(ReportingPeriod Period, string? MeetingId, CoverBlock? Cover, IReadOnlyDictionary<string, string> Narratives, bool Published);

    public static Parsed Parse(string text, string source)
    {
        var match = FrontMatter().Match(text.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!match.Success) throw Invalid(source, "line 1: a paper file starts with front matter between '---' lines");
        Header header;
        try
        {
            header = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
                .Deserialize<Header>(match.Groups["yaml"].Value) ?? new Header();
        }
        catch (YamlException e)
        {
            throw Invalid(source, $"front matter line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}");
        }
        if (!ReportingPeriod.TryParse(header.Period, out var period, out var periodError))
            throw Invalid(source, $"front matter: period: {periodError}");

        var narratives = new Dictionary<string, string>();
        string? objective = null;
        var lines = new List<string>();
        void Flush()
        {
            if (objective is null) return;
            if (!narratives.TryAdd(objective, string.Join('\n', lines).Trim()))
                throw Invalid(source, $"objective '{objective}' appears twice");
            lines.Clear();
        }
        foreach (var line in match.Groups["body"].Value.Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                objective = line[3..].Trim();
            }
            else if (objective is not null) lines.Add(line);
            else if (line.Trim().Length > 0) throw Invalid(source, "text before the first '## objective-id' line");
        }
        Flush();
        var cover = header.Cover is { } c
            ? new CoverBlock(c.Originator ?? "", c.ReasonForSubmission ?? "", c.SubmittedTo ?? "", c.Subject ?? "", c.Summary ?? "", c.Recommendation ?? "")
            : null;
        if (header.Status is not (null or "draft" or "published"))
            throw Invalid(source, $"front matter: status '{header.Status}' is not draft or published");
        return new Parsed(period, header.Meeting, cover, narratives, header.Status == "published");
    }

    /// <summary>
    /// Imports a paper file as <paramref name="author"/>; returns the paper and whether it changed. A file marked
    /// <c>status: published</c> records a paper already signed off (a past meeting's): after the import the paper is
    /// submitted, approved by its originator and published, each step a version as usual.
    /// </summary>
    public static async Task<(PaperVersion Paper, bool Changed)> ImportAsync(PaperWorkflow papers, string text, string source, string author, CancellationToken ct = default)
    {
        var file = Parse(text, source);
        var paper = await papers.OpenAsync(file.Period, file.MeetingId, null, author, ct);
        var cover = file.Cover ?? paper.Cover;
        var same = cover == paper.Cover && file.Narratives.Count == paper.Narratives.Count
            && file.Narratives.All(n => paper.Narratives.TryGetValue(n.Key, out var v) && v == n.Value);
        if (same && (paper.Status == PaperStatus.Published || !file.Published)) return (paper, false);
        if (!same)
            paper = await papers.EditAsync(file.Period, paper.Version, new PaperContent(cover, file.Narratives), author, $"Imported from {source}", ct);
        if (file.Published)
        {
            paper = await papers.SubmitAsync(file.Period, paper.Version, author, $"Imported from {source}", ct);
            paper = await papers.ApproveAsync(file.Period, paper.Version, paper.Cover.Originator, "Signed off before import", ct);
            paper = await papers.PublishAsync(file.Period, paper.Version, author, $"Published before import ({source})", ct);
        }
        return (paper, true);
    }

    private static PaperException Invalid(string source, string message) => new(Refusal.Invalid, $"{source}: {message}");

    [GeneratedRegex(@"\A---\n(?<yaml>.*?)\n---\n(?<body>.*)\z", RegexOptions.Singleline)]
    private static partial Regex FrontMatter();

    private sealed class Header
    {
        public string? Period { get; set; }
        public string? Meeting { get; set; }
        public string? Status { get; set; }
        public CoverDocument? Cover { get; set; }
    }

    private sealed class CoverDocument
    {
        public string? Originator { get; set; }
        public string? ReasonForSubmission { get; set; }
        public string? SubmittedTo { get; set; }
        public string? Subject { get; set; }
        public string? Summary { get; set; }
        public string? Recommendation { get; set; }
    }
}
