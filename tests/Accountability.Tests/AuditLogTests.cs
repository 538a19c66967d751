using PlanServices.Accountability.Domain;
using PlanServices.Contracts.Events;
using PlanServices.Testing;

namespace PlanServices.Accountability.Tests;

/// <summary>The audit log on a real store: which paper changes it keeps, how an import reads, newest first, paged.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditLogTests(PostgresServer postgres)
{
    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task Workflow_changes_and_imports_are_logged_newest_first_and_edits_are_not(string provider)
    {
        await using var db = await AccountabilityStores.CreateAsync(provider, postgres);
        var audit = new AuditLog(db, Repo.Shape);
        var at = new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
        PaperStatusChanged Change(string change, int version, string reason = "") =>
            new("reducing-harm", "2026-03", "pam-2026-07-01", change == "Edited" ? "Draft" : change, version, change is "Approved" or "Returned" ? "Deputy Chief Constable Dave Marshall" : "Analyst, Reducing Harm")
            {
                Change = change, Reason = reason, OccurredAt = at.AddMinutes(version),
            };
        foreach (var change in new[] { Change("Opened", 1), Change("Edited", 2), Change("Submitted", 3), Change("Returned", 4, "Table 3 needs the 12-month average"), Change("Approved", 5) })
            audit.PaperChanged(change);
        audit.FiguresImported(new FiguresChanged("reducing-harm", "2026-01", "2026-03") { Source = "Analyst, Reducing Harm: calls.csv", Added = 3, Revised = 1, OccurredAt = at.AddMinutes(6) });
        audit.FiguresImported(new FiguresChanged("cohesive-communities", "2026-02", "2026-02") { OccurredAt = at.AddMinutes(7) });
        await db.SaveChangesAsync();

        var log = await audit.ListAsync(10, 0, CancellationToken.None);
        Assert.Equal([
            "unknown imported Cohesive Communities figures | 0 added, 0 revised, months 2026-02 to 2026-02",
            "Analyst, Reducing Harm imported Reducing Harm figures | calls.csv: 3 added, 1 revised, months 2026-01 to 2026-03",
            "Deputy Chief Constable Dave Marshall approved Reducing Harm paper, quarter to 2026-03 (version 5) | ",
            "Deputy Chief Constable Dave Marshall returned Reducing Harm paper, quarter to 2026-03 (version 4) | Table 3 needs the 12-month average",
            "Analyst, Reducing Harm submitted Reducing Harm paper, quarter to 2026-03 (version 3) | ",
        ], log.Select(e => $"{e.Who} {e.Action} {e.Subject} | {e.Detail}"));
        Assert.Equal(at.AddMinutes(5), log[2].At);

        var older = await audit.ListAsync(2, log[2].Id, CancellationToken.None);
        Assert.Equal(["returned", "submitted"], older.Select(e => e.Action));
    }
}
