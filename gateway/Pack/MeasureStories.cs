namespace PlanServices.Gateway.Pack;

/// <summary>A measure as one published pack showed it: its trend chart, the objective it was under, and what the narrative said of it.</summary>
public sealed record MeasureAppearance(PublishedEntry Pack, string Objective, PackChart Chart, IReadOnlyList<string> Said);

/// <summary>A measure across the published packs, newest pack first.</summary>
public sealed record MeasureStory(string Pillar, string PillarTitle, string Indicator, string Title, IReadOnlyList<MeasureAppearance> Appearances)
{
    public string Path => MeasureStories.PathOf(Pillar, Indicator);
}

/// <summary>
/// An indicator's story: every measure charted in a published pack (the latest version of each pack), with the chart each
/// pack printed, its variation analysis, and the passages of the narrative whose figures the claims checker linked to
/// it. Read from the published packs only, so nothing unpublished can appear.
/// </summary>
public static class MeasureStories
{
    public static string PathOf(string pillar, string indicator) => $"/measures/{pillar}/{Uri.EscapeDataString(indicator)}";

    public static async Task<IReadOnlyList<MeasureStory>> ReadAsync(PublishedFiles files, CancellationToken ct) =>
        Stories(await files.LatestPacksAsync(ct));

    public static IReadOnlyList<MeasureStory> Stories(IReadOnlyList<(PublishedEntry Entry, PackDocument Pack)> packs) =>
        packs.OrderByDescending(p => p.Entry.Date)
            .SelectMany(p => p.Pack.Papers.SelectMany(paper => paper.Objectives.SelectMany(objective => objective.Charts.Select(chart =>
                (paper.Pillar, PillarTitle: paper.Title, Appearance: new MeasureAppearance(p.Entry, objective.Title, chart, Said(objective, chart.Indicator)))))))
            .GroupBy(a => (a.Pillar, a.Appearance.Chart.Indicator))
            .Select(g => new MeasureStory(g.Key.Pillar, g.First().PillarTitle, g.Key.Indicator, g.First().Appearance.Chart.Title, [.. g.Select(a => a.Appearance)]))
            .ToList();

    /// <summary>The narrative's paragraphs and bullets that quote a figure of <paramref name="indicator"/>, as plain text.</summary>
    private static IReadOnlyList<string> Said(ObjectiveSection objective, string indicator)
    {
        var figures = objective.Claims.Where(c => c.Indicator == indicator).Select(c => c.Text).Distinct().ToList();
        if (figures.Count == 0) return [];
        return NarrativeText.Blocks(objective.Narrative).Select(b => string.Concat(b.Runs.Select(r => r.Text)))
            .Where(text => figures.Any(f => text.Contains(f, StringComparison.Ordinal))).ToList();
    }
}
