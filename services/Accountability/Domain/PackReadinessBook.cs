using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlanServices.Accountability.Data;
using PlanServices.Accountability.Extensions;
using PlanServices.Contracts.Events;
using PlanServices.Eventing;

namespace PlanServices.Accountability.Domain;

public sealed record PaperState(string Pillar, string Status, int Version, DateTimeOffset? UpdatedAt, bool Late);

public sealed record PackState(string MeetingId, IReadOnlyList<PaperState> Papers, bool Ready, DateTimeOffset? PublishedAt);

/// <summary>
/// The readiness of each meeting's pack, kept from the pillars' paper-status-changed events (the highest
/// version wins, so the order they arrive in does not matter), and the publication of the pack.
/// </summary>
public sealed class PackReadinessBook(AccountabilityDb db, IOptions<AccountabilityOptions> options, TimeProvider clock)
{
    /// <summary>A pillar's paper for the period ending <paramref name="periodEnd"/> reached <paramref name="status"/> at <paramref name="version"/>.</summary>
    public async Task RecordAsync(string pillar, string periodEnd, string status, int version, DateTimeOffset at, CancellationToken ct)
    {
        var errors = new List<string>();
        if (!Rules.Pillars.Contains(pillar)) errors.Add($"pillar: '{pillar}' is unknown");
        if (!Month.TryParse(periodEnd, out var end)) errors.Add($"period_end: '{periodEnd}' is not a month");
        if (errors.Count > 0) throw new AccountabilityException(Failure.Invalid, errors);
        var period = end.FirstDay;
        var row = await db.Readiness.SingleOrDefaultAsync(r => r.Pillar == pillar && r.PeriodEnd == period, ct);
        if (row is null) db.Readiness.Add(new ReadinessRow { Pillar = pillar, PeriodEnd = period, Status = status, Version = version, UpdatedAt = at });
        else if (version > row.Version) (row.Status, row.Version, row.UpdatedAt) = (status, version, at);
    }

    public async Task<PackState> GetAsync(string meetingId, CancellationToken ct)
    {
        var meeting = await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == meetingId, ct)
            ?? throw new AccountabilityException(Failure.NotFound, $"meeting_id: no meeting '{meetingId}'");
        var period = Month.Parse(Documents.Read<Meeting>(meeting.Document).PeriodEnd).FirstDay;
        var rows = await db.Readiness.AsNoTracking().Where(r => r.PeriodEnd == period).ToListAsync(ct);
        var deadline = meeting.Date.AddDays(-options.Value.PaperDeadlineDays).ToDateTime(TimeOnly.MinValue);
        var pastDeadline = clock.GetUtcNow().UtcDateTime >= deadline;
        var papers = Rules.Pillars.Select(pillar => rows.SingleOrDefault(r => r.Pillar == pillar) is { } r
            ? new PaperState(pillar, r.Status, r.Version, r.UpdatedAt, pastDeadline && r.Status is not ("Approved" or "Published"))
            : new PaperState(pillar, "Not started", 0, null, pastDeadline)).ToList();
        return new PackState(meetingId, papers, papers.All(p => p.Status == "Published"), meeting.PackPublishedAt);
    }

    /// <summary>Records a pack published before the records were loaded; the pillars lock its papers all the same.</summary>
    public async Task RecordPublishedAsync(string meetingId, CancellationToken ct)
    {
        var meeting = await db.Meetings.SingleOrDefaultAsync(m => m.Id == meetingId, ct)
            ?? throw new AccountabilityException(Failure.NotFound, $"publishedPacks: no meeting '{meetingId}'");
        if (meeting.PackPublishedAt is not null) return;
        await MarkPublishedAsync(meeting, ct);
    }

    private async Task MarkPublishedAsync(MeetingRow meeting, CancellationToken ct)
    {
        meeting.PackPublishedAt = clock.GetUtcNow();
        db.Publish(Topics.PackPublished, new PackPublished(meeting.Id, Documents.Read<Meeting>(meeting.Document).PeriodEnd));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Publishes the pack once every paper is published; the pillars then lock the papers.</summary>
    public async Task<PackState> PublishAsync(string meetingId, CancellationToken ct)
    {
        var state = await GetAsync(meetingId, ct);
        if (state.PublishedAt is not null) return state;
        if (!state.Ready)
            throw new AccountabilityException(Failure.InvalidState,
                $"the pack of {meetingId} cannot be published: not every paper is published ({string.Join(", ", state.Papers.Where(p => p.Status != "Published").Select(p => $"{p.Pillar}: {p.Status}"))})");
        await MarkPublishedAsync(await db.Meetings.SingleAsync(m => m.Id == meetingId, ct), ct);
        return await GetAsync(meetingId, ct);
    }
}
