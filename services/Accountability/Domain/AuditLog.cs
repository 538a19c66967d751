using Microsoft.EntityFrameworkCore;
using PlanServices.Accountability.Data;
using PlanServices.Contracts.Events;
using PlanServices.ServiceDefaults;

namespace PlanServices.Accountability.Domain;

/// <summary>An entry of the audit log, as the OPCCN reads it.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Who, string Action, string Subject, string Detail);

/// <summary>
/// The audit log of what was done to the Plan's record: figures imported, papers submitted, approved, returned,
/// published and corrected (from the pillars' events), agendas and packs published and packs corrected (here). An
/// entry is added in the transaction of what it records (the event's inbox entry, or the publication), so it is
/// written exactly once; nothing changes or removes one. Sign-ins are the identity provider's own log.
/// </summary>
public sealed class AuditLog(AccountabilityDb db, SuiteShape shape)
{
    public const int MaxListed = 500;

    /// <summary>The paper changes worth an entry: what moves a paper through its workflow, not each edit of a draft.</summary>
    private static readonly HashSet<string> Recorded = ["Submitted", "Approved", "Returned", "Published", "Corrected"];

    /// <summary>Adds an entry to the pending changes; the caller's save writes it with what it records.</summary>
    public void Add(DateTimeOffset at, string who, string action, string subject, string detail = "") =>
        db.Audit.Add(new AuditRow { At = at, Who = Cut(who, 400), Action = action, Subject = Cut(subject, 400), Detail = Cut(detail, 2000) });

    public void PaperChanged(PaperStatusChanged e)
    {
        if (!Recorded.Contains(e.Change)) return;
        Add(e.OccurredAt, e.Author, e.Change.ToLowerInvariant(), $"{shape.Title(e.Pillar)} paper, quarter to {e.PeriodEnd} (version {e.Version})", e.Reason);
    }

    public void FiguresImported(FiguresChanged e)
    {
        // The source is "WHO: FILE" for an import; a publisher that predates it says nothing of who.
        var (who, what) = e.Source.Split(": ", 2) is [var w, var f] ? (w, f) : (e.Source.Length > 0 ? e.Source : "unknown", "");
        Add(e.OccurredAt, who, "imported", $"{shape.Title(e.Pillar)} figures",
            $"{what}{(what.Length > 0 ? ": " : "")}{e.Added} added, {e.Revised} revised, months {e.From} to {e.To}");
    }

    /// <summary>The latest entries, newest first: at most <paramref name="limit"/>, before entry <paramref name="beforeId"/> when given.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(int limit, long beforeId, CancellationToken ct)
    {
        var rows = db.Audit.AsNoTracking();
        if (beforeId > 0) rows = rows.Where(a => a.Id < beforeId);
        var list = await rows.OrderByDescending(a => a.Id).Take(Math.Clamp(limit, 1, MaxListed)).ToListAsync(ct);
        return [.. list.Select(a => new AuditEntry(a.Id, a.At, a.Who, a.Action, a.Subject, a.Detail))];
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
