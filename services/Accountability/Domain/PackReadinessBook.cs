using PlanServices.ServiceDefaults;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlanServices.Accountability.Data;
using PlanServices.Accountability.Extensions;
using PlanServices.Accountability.Notifications;
using PlanServices.Contracts.Events;
using PlanServices.Eventing;

namespace PlanServices.Accountability.Domain;

public sealed record PaperState(string Pillar, string Status, int Version, DateTimeOffset? UpdatedAt, bool Late);

/// <summary>A pack's readiness: every reason it cannot be published yet, in plain words (none: ready).</summary>
public sealed record PackState(string MeetingId, IReadOnlyList<PaperState> Papers, IReadOnlyList<string> Problems,
    DateTimeOffset? PublishedAt, int PublishedVersion, DateOnly PaperDeadline)
{
    public bool Ready => Problems.Count == 0;

    /// <summary>Whether the meeting is being prepared (<see cref="PackReadinessBook.InPreparationAsync"/>).</summary>
    public bool InPreparation { get; init; }
}

/// <summary>A rendered file of a pack: html, pdf, docx or json (the model).</summary>
public sealed record PackFile(string Format, string ContentType, byte[] Content, string Sha256 = "");

/// <summary>A published version of a pack and its files (those asked for with content, the others without).</summary>
public sealed record PublishedPack(string MeetingId, int Version, DateTimeOffset PublishedAt, string PublishedBy, string Note,
    IReadOnlyList<PackFile> Files, int LatestVersion);

/// <summary>
/// The readiness of each meeting's pack, kept from the pillars' paper-status-changed events (the highest version wins,
/// so the order they arrive in does not matter), and the published record: each version of a pack exactly as it was
/// published, its files and their hashes, never changed afterwards. A correction is a new version with its note. Each
/// version's publication is mailed, in its transaction, to the people who want it.
/// </summary>
public sealed class PackReadinessBook(AccountabilityDb db, SuiteShape shape, IOptions<AccountabilityOptions> options, TimeProvider clock, Notifier notifier, AuditLog audit)
{
    public static readonly string[] Formats = ["html", "pdf", "docx", "json"];

    /// <summary>A pillar's paper for the period ending <paramref name="periodEnd"/> reached <paramref name="status"/> at <paramref name="version"/>.</summary>
    public async Task RecordAsync(string pillar, string periodEnd, string status, int version, DateTimeOffset at, CancellationToken ct, string? change = null)
    {
        var errors = new List<Violation>();
        if (!shape.IsPillar(pillar)) errors.Add(new("pillar", $"'{pillar}' is unknown"));
        if (!Month.TryParse(periodEnd, out var end)) errors.Add(new("period_end", $"'{periodEnd}' is not a month"));
        if (errors.Count > 0) throw new AccountabilityException(Refusal.Invalid, errors);
        var period = end.FirstDay;
        var row = await db.Readiness.SingleOrDefaultAsync(r => r.Pillar == pillar && r.PeriodEnd == period, ct);
        if (row is null) db.Readiness.Add(new ReadinessRow { Pillar = pillar, PeriodEnd = period, Status = status, Version = version, UpdatedAt = at, Change = change });
        else if (version > row.Version) (row.Status, row.Version, row.UpdatedAt, row.Change) = (status, version, at, change);
    }

    public async Task<PackState> GetAsync(string meetingId, CancellationToken ct)
    {
        var row = await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == meetingId, ct)
            ?? throw new AccountabilityException(Refusal.NotFound, "meeting_id", $"no meeting '{meetingId}'");
        var meeting = Documents.Read<Meeting>(row.Document);
        var period = Month.Parse(meeting.PeriodEnd).FirstDay;
        var rows = await db.Readiness.AsNoTracking().Where(r => r.PeriodEnd == period).ToListAsync(ct);
        var due = options.Value.PaperDeadline(row.Date);
        var deadline = due.ToDateTime(TimeOnly.MinValue);
        var pastDeadline = clock.GetUtcNow().UtcDateTime >= deadline;
        var papers = shape.PillarIds.Select(pillar => rows.SingleOrDefault(r => r.Pillar == pillar) is { } r
            ? new PaperState(pillar, r.Status, r.Version, r.UpdatedAt, pastDeadline && !SignedOff(r.Status))
            : new PaperState(pillar, "Not started", 0, null, pastDeadline)).ToList();

        var problems = papers.Where(p => !SignedOff(p.Status))
            .Select(p => rows.SingleOrDefault(r => r.Pillar == p.Pillar)?.Change == FiguresRevised
                ? $"The {shape.Title(p.Pillar)} paper's figures were revised after it was approved: the Deputy Chief Constable must approve it again on the new figures."
                : $"The {shape.Title(p.Pillar)} paper is {p.Status.ToLowerInvariant()}: it must be approved by the Deputy Chief Constable first.").ToList();
        var previous = await PreviousMinutesAsync(meeting, row.Date, ct);
        if (previous is not null && !await db.Minutes.AnyAsync(m => m.MeetingId == previous, ct))
            problems.Add($"The minutes of the previous meeting ({previous}) are not recorded.");
        problems.AddRange(MeetingTemplate.Gaps(shape, meeting, previous));
        var published = await db.PublishedPacks.AsNoTracking().Where(p => p.MeetingId == meetingId).MaxAsync(p => (int?)p.Version, ct) ?? 0;
        return new PackState(meetingId, papers, problems, row.PackPublishedAt, published, due) { InPreparation = await InPreparationAsync(db, row, Today, ct) };
    }

    /// <summary>
    /// A meeting is being prepared when its pack is not published and it comes after the latest meeting whose pack is; with
    /// no pack published yet, when it is today or later. A meeting before that has happened: it leaves the working lists
    /// and nobody is mailed about it (docs/accountability.md).
    /// </summary>
    public static async Task<bool> InPreparationAsync(AccountabilityDb db, MeetingRow meeting, DateOnly today, CancellationToken ct)
    {
        if (meeting.PackPublishedAt is not null) return false;
        var latest = await db.Meetings.AsNoTracking().Where(m => m.PackPublishedAt != null).MaxAsync(m => (DateOnly?)m.Date, ct);
        return latest is { } published ? meeting.Date > published : meeting.Date >= today;
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static bool SignedOff(string status) => status is "Approved" or "Published";

    /// <summary>The change a pillar reports when figures an approved paper shows were revised (it goes back to Submitted).</summary>
    public const string FiguresRevised = "FiguresRevised";

    /// <summary>The meeting whose minutes the pack confirms: the one its agenda names, else the meeting before it.</summary>
    private async Task<string?> PreviousMinutesAsync(Meeting meeting, DateOnly date, CancellationToken ct) =>
        meeting.Agenda.FirstOrDefault(a => a.MinutesOf.Length > 0)?.MinutesOf
        ?? await db.Meetings.AsNoTracking().Where(m => m.Date < date).OrderByDescending(m => m.Date).Select(m => m.Id).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Records a version of a pack as published, with its files, in one transaction. Version 1 needs a ready pack;
    /// a later version is a correction of the latest and needs a note. The pillars then lock the period's papers.
    /// </summary>
    public async Task<PackState> PublishAsync(string meetingId, int version, string note, IReadOnlyList<PackFile> files, string by, CancellationToken ct,
        IReadOnlyList<SearchEntry>? search = null)
    {
        var state = await GetAsync(meetingId, ct);
        var rules = new Rules(shape);
        note = rules.Text(note, "note", Rules.MaxLongText, required: version > 1);
        foreach (var format in Formats.Where(f => !files.Any(x => x.Format == f && x.Content.Length > 0)))
            rules.Add(new("files", $"the {format} file is missing; a pack is published in every format ({string.Join(", ", Formats)})"));
        foreach (var extra in files.Where(f => !Formats.Contains(f.Format)).Select(f => f.Format).Distinct())
            rules.Add(new("files", $"'{extra}' is not a pack format ({string.Join(", ", Formats)})"));
        search ??= [];
        for (var i = 0; i < search.Count; i++)
        {
            rules.Text(search[i].Anchor, $"search[{i}].anchor", 100);
            rules.Text(search[i].Kind, $"search[{i}].kind", 20);
            rules.Text(search[i].Heading, $"search[{i}].heading");
            rules.Text(search[i].Text, $"search[{i}].text", Rules.MaxLongText * 5);
        }
        rules.ThrowIfAny();
        if (version != state.PublishedVersion + 1)
            throw new AccountabilityException(Refusal.WrongState, "version", state.PublishedVersion == 0
                ? $"the pack of {meetingId} is not published yet; its first version is 1"
                : $"version {state.PublishedVersion} of the pack of {meetingId} is the latest; a correction is version {state.PublishedVersion + 1}");
        if (version == 1 && !state.Ready)
            throw new AccountabilityException(Refusal.WrongState, [.. state.Problems.Select(p => new Violation("", p))]);

        var now = clock.GetUtcNow();
        db.PublishedPacks.Add(new PublishedPackRow { MeetingId = meetingId, Version = version, PublishedAt = now, PublishedBy = by, Note = note });
        audit.Add(now, by, version == 1 ? "published" : "corrected", $"the pack of {meetingId} (version {version})", note);
        db.PublishedPackFiles.AddRange(files.Select(f => new PublishedPackFileRow
        {
            MeetingId = meetingId, Version = version, Format = f.Format, ContentType = f.ContentType, Content = f.Content,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(f.Content)),
        }));
        db.PublishedTexts.AddRange(search.Select(e => new PublishedTextRow
        {
            MeetingId = meetingId, Version = version, Anchor = e.Anchor.Trim(), Kind = e.Kind.Trim(), Heading = e.Heading.Trim(), Text = e.Text.Trim(),
        }));
        var meeting = await db.Meetings.SingleAsync(m => m.Id == meetingId, ct);
        meeting.PackPublishedAt ??= now;
        db.Publish(Topics.PackPublished, new PackPublished(meetingId, Documents.Read<Meeting>(meeting.Document).PeriodEnd));
        await notifier.PackPublishedAsync(meetingId, version, note, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(meetingId, ct);
    }

    /// <summary>A published version (0: the latest) with the content of <paramref name="format"/>.</summary>
    public async Task<PublishedPack> GetPublishedAsync(string meetingId, int version, string format, CancellationToken ct)
    {
        var versions = await db.PublishedPacks.AsNoTracking().Where(p => p.MeetingId == meetingId).OrderBy(p => p.Version).ToListAsync(ct);
        var row = (version == 0 ? versions.LastOrDefault() : versions.SingleOrDefault(v => v.Version == version))
            ?? throw new AccountabilityException(Refusal.NotFound, version == 0
                ? $"meeting_id: the pack of '{meetingId}' is not published"
                : $"version: the pack of '{meetingId}' has no published version {version}");
        var files = await db.PublishedPackFiles.AsNoTracking().Where(f => f.MeetingId == meetingId && f.Version == row.Version)
            .Select(f => new PackFile(f.Format, f.ContentType, f.Format == format ? f.Content : Array.Empty<byte>(), f.Sha256)).ToListAsync(ct);
        return new PublishedPack(meetingId, row.Version, row.PublishedAt, row.PublishedBy, row.Note, files, versions[^1].Version);
    }

    /// <summary>Every published version of every pack, newest meeting first, without file contents.</summary>
    public async Task<IReadOnlyList<PublishedPack>> ListPublishedAsync(CancellationToken ct)
    {
        var rows = await db.PublishedPacks.AsNoTracking().ToListAsync(ct);
        var dates = await db.Meetings.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.Date, ct);
        var files = await db.PublishedPackFiles.AsNoTracking().Select(f => new { f.MeetingId, f.Version, f.Format, f.ContentType, f.Sha256 }).ToListAsync(ct);
        return rows.OrderByDescending(r => dates[r.MeetingId]).ThenBy(r => r.Version)
            .Select(r => new PublishedPack(r.MeetingId, r.Version, r.PublishedAt, r.PublishedBy, r.Note,
                files.Where(f => f.MeetingId == r.MeetingId && f.Version == r.Version).Select(f => new PackFile(f.Format, f.ContentType, [], f.Sha256)).ToList(),
                rows.Where(x => x.MeetingId == r.MeetingId).Max(x => x.Version))).ToList();
    }
}
