namespace PlanServices.Gateway.Pack;

/// <summary>
/// What changed between a published pack and the same pack assembled again, in words a reader checks: each table cell
/// (old → new), each cover field, each objective's narrative, the minutes, each action of the log. Layout and page
/// numbers are not changes.
/// </summary>
public static class PackDiff
{
    public static IReadOnlyList<string> Changes(PackDocument published, PackDocument current)
    {
        var changes = new List<string>();
        foreach (var paper in current.Papers)
        {
            var before = published.Papers.FirstOrDefault(p => p.Pillar == paper.Pillar);
            if (before is null) { changes.Add($"{paper.Title}: the paper was added"); continue; }
            Cover(paper, before.Cover, paper.Cover, changes);
            foreach (var objective in paper.Objectives)
            {
                var old = before.Objectives.FirstOrDefault(o => o.Id == objective.Id);
                foreach (var table in objective.Tables)
                    Table(old?.Tables.FirstOrDefault(t => t.Id == table.Id), table, changes);
                if ((old?.Narrative ?? "") != objective.Narrative)
                    changes.Add($"{paper.Title}, {objective.Title}: the narrative changed");
            }
            foreach (var note in paper.CorrectionNotes.Except(before.CorrectionNotes))
                changes.Add($"{paper.Title}: correction to the paper: {note}");
        }
        if (!Same(published.Minutes, current.Minutes)) changes.Add("The minutes of the previous meeting changed");
        Actions(published.Actions, current.Actions, changes);
        return changes;
    }

    private static void Cover(PaperSection paper, CoverLine? before, CoverLine? after, List<string> changes)
    {
        if (before == after || after is null) return;
        foreach (var (field, old, now) in new[]
        {
            ("originator", before?.Originator, after.Originator), ("reason for submission", before?.ReasonForSubmission, after.ReasonForSubmission),
            ("submitted to", before?.SubmittedTo, after.SubmittedTo), ("subject", before?.Subject, after.Subject),
            ("summary", before?.Summary, after.Summary), ("recommendation", before?.Recommendation, after.Recommendation),
        })
            if (old != now) changes.Add($"{paper.Title}, cover, {field}: “{old}” → “{now}”");
    }

    private static void Table(PackTable? before, PackTable after, List<string> changes)
    {
        var name = $"Table {after.Number} ({after.Caption})";
        if (before is null) { changes.Add($"{name}: the table was added"); return; }
        for (var r = 0; r < after.Rows.Count; r++)
        {
            var row = after.Rows[r];
            var old = before.Rows.FirstOrDefault(x => x.Group == row.Group && x.Label == row.Label);
            var label = string.Join(", ", new[] { row.Group, row.Label }.Where(x => x.Length > 0));
            for (var c = 0; c < row.Cells.Count; c++)
            {
                var was = old is not null && c < old.Cells.Count ? old.Cells[c].Text : "(none)";
                if (was != row.Cells[c].Text)
                    changes.Add($"{name}, {label}, {after.Columns[after.LabelColumns + c]}: {was} → {row.Cells[c].Text}");
            }
        }
    }

    /// <summary>Each action as a reader of the log compares it: "Action 25: status Live → Closed; update added: “...”".</summary>
    private static void Actions(ActionLogSection? before, ActionLogSection? after, List<string> changes)
    {
        var old = before?.Actions.ToDictionary(a => a.Number) ?? [];
        foreach (var action in after?.Actions ?? [])
        {
            if (!old.TryGetValue(action.Number, out var was)) changes.Add($"Action {action.Number}: added to the action log: “{action.Description}”");
            else if (was with { OwnerTitle = "" } != action with { OwnerTitle = "" }) changes.Add($"Action {action.Number}: {string.Join("; ", Differences(was, action))}");
        }
        foreach (var gone in old.Keys.Except(after?.Actions.Select(a => a.Number) ?? []))
            changes.Add($"Action {gone}: no longer in the action log");
    }

    private static IEnumerable<string> Differences(ActionLine was, ActionLine now)
    {
        if (was.Description != now.Description) yield return $"description “{was.Description}” → “{now.Description}”";
        if (was.Owner != now.Owner) yield return $"owner {was.OwnerName} → {now.OwnerName}";
        if (was.DateRaised != now.DateRaised) yield return $"raised {PackAssembler.Day(was.DateRaised)} → {PackAssembler.Day(now.DateRaised)}";
        if (was.Status != now.Status) yield return $"status {was.Status} → {now.Status}";
        var (before, after) = (PackWording.ActionUpdates(was), PackWording.ActionUpdates(now));
        if (before == after) yield break;
        yield return after.StartsWith(before, StringComparison.Ordinal)
            ? $"update added: “{after[before.Length..].Trim()}”"
            : $"update “{before}” → “{after}”";
    }

    private static bool Same<T>(T? a, T? b) where T : class =>
        System.Text.Json.JsonSerializer.Serialize(a, PackEndpoints.Json) == System.Text.Json.JsonSerializer.Serialize(b, PackEndpoints.Json);
}
