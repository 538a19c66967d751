using PlanServices.Pillars.Tables;

namespace PlanServices.Pillars.Papers;

/// <summary>A figure of a paper's tables as a reader finds it: the table, the row, the column and the text printed.</summary>
public sealed record FigureCell(string Table, string Row, string Column, string Text);

/// <summary>A figure of a paper's tables that changed after the paper was approved on it.</summary>
public sealed record FigureRevision(string Table, string Row, string Column, string Old, string New)
{
    public override string ToString() => $"{Table}, {Row}, {Column}: {Old} → {New}";
}

/// <summary>
/// What a paper was approved on: every printed figure of its tables. A paper is approved on its figures as they stood; a
/// later revision of any of them is listed cell by cell, old → new (docs/narrative.md, "Approval holds the figures").
/// </summary>
public static class ApprovedFigures
{
    public static IReadOnlyList<FigureCell> Of(IEnumerable<Table> tables) =>
        tables.SelectMany(t => t.Rows.SelectMany(r => r.Cells.Select((c, i) => new FigureCell(
            t.Caption, r.Group is null ? r.Label : $"{r.Group} – {r.Label}", t.Columns[t.Columns.Count - r.Cells.Count + i], c.Text)))).ToList();

    /// <summary>Each figure whose printed text differs now from when the paper was approved; figures new or gone count too.</summary>
    public static IReadOnlyList<FigureRevision> Compare(IReadOnlyList<FigureCell> approved, IReadOnlyList<FigureCell> now)
    {
        static (string, string, string) Key(FigureCell c) => (c.Table, c.Row, c.Column);
        var before = approved.GroupBy(Key).ToDictionary(g => g.Key, g => g.First().Text);
        var after = now.GroupBy(Key).ToDictionary(g => g.Key, g => g.First().Text);
        return before.Keys.Concat(after.Keys.Where(k => !before.ContainsKey(k)))
            .Select(k => (Key: k, Old: before.GetValueOrDefault(k, "(not shown)"), New: after.GetValueOrDefault(k, "(not shown)")))
            .Where(x => x.Old != x.New).Select(x => new FigureRevision(x.Key.Item1, x.Key.Item2, x.Key.Item3, x.Old, x.New)).ToList();
    }

    /// <summary>Revisions one after another, per figure: the first old value and the last new one; a figure back where it was drops out.</summary>
    public static IReadOnlyList<FigureRevision> Combine(IEnumerable<FigureRevision> revisions) =>
        revisions.GroupBy(r => (r.Table, r.Row, r.Column)).Select(g => g.First() with { New = g.Last().New }).Where(r => r.Old != r.New).ToList();
}
