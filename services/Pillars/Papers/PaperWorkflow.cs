using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;
using PlanServices.Contracts.Events;
using PlanServices.Eventing;
using PlanServices.Pillars.Extensions;

namespace PlanServices.Pillars.Papers;

/// <summary>New cover, narratives and table notes for a paper; null keeps what the paper has.</summary>
public sealed record PaperContent(CoverBlock? Cover, IReadOnlyDictionary<string, string>? Narratives, IReadOnlyDictionary<string, string>? TableNotes = null);

/// <summary>
/// A pillar's papers, one per reporting period, and their sign-off: Draft → Submitted → Approved →
/// Published. Content changes only in Draft; a submitted or approved paper can be returned to Draft with a
/// reason; a published paper changes only by a correction, a new version with a visible note. Every change
/// is a new, immutable version with its author, time and reason, and names the version it was based on:
/// a change based on an older version is refused (someone else changed the paper meanwhile). A paper is submitted
/// and approved only when it is complete: every objective has its narrative, every table without data for the period
/// says why, and the cover block is filled in.
/// </summary>
public sealed class PaperWorkflow(PillarDb db, Catalogue catalogue, IOptions<PillarOptions> options, TimeProvider clock)
{
    public const int MaxFieldLength = 4_000;
    public const int MaxAuthorLength = 200;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The paper of a reporting period, opened as a Draft if it does not exist, its cover taking "submitted to" and the
    /// originator from the meeting when it gives them (else the meeting's title, and Pillar:Originator).
    /// </summary>
    public async Task<PaperVersion> OpenAsync(ReportingPeriod period, string? meetingId, string? meetingTitle, string author, CancellationToken ct = default,
        string? submittedTo = null, string? originator = null)
    {
        RequireAuthor(author);
        if (await FindAsync(period, ct) is { } existing) return await ReadAsync(existing, null, ct);
        var paper = new PaperRow { PeriodEnd = period.End.FirstDay, PeriodMonths = period.Months.Months, MeetingId = meetingId, Status = PaperStatus.Draft };
        db.Papers.Add(paper);
        return await SaveVersionAsync(paper, PaperChange.Opened, author, null, DefaultCover(period, meetingTitle, submittedTo, originator), new Dictionary<string, string>(),
            new Dictionary<string, string>(), null, ct);
    }

    public async Task<PaperVersion> GetAsync(ReportingPeriod period, int? version = null, CancellationToken ct = default) =>
        await ReadAsync(await RequireAsync(period, ct), version, ct);

    public async Task<IReadOnlyList<PaperVersion>> HistoryAsync(ReportingPeriod period, CancellationToken ct = default)
    {
        var paper = await RequireAsync(period, ct);
        var rows = await db.PaperVersions.AsNoTracking().Where(v => v.PaperId == paper.Id).OrderBy(v => v.Version).ToListAsync(ct);
        return rows.Select(r => ToVersion(paper, r, Notes(rows, r.Version))).ToList();
    }

    /// <summary>Changes the content of a Draft.</summary>
    public Task<PaperVersion> EditAsync(ReportingPeriod period, int basedOn, PaperContent content, string author, string reason, CancellationToken ct = default) =>
        ChangeAsync(period, basedOn, PaperChange.Edited, author, Require(reason, "reason"), content, null, ct);

    public Task<PaperVersion> SubmitAsync(ReportingPeriod period, int basedOn, string author, string? reason = null, CancellationToken ct = default) =>
        ChangeAsync(period, basedOn, PaperChange.Submitted, author, reason, null, null, ct);

    public Task<PaperVersion> ApproveAsync(ReportingPeriod period, int basedOn, string author, string? reason = null, CancellationToken ct = default) =>
        ChangeAsync(period, basedOn, PaperChange.Approved, author, reason, null, null, ct);

    public Task<PaperVersion> ReturnAsync(ReportingPeriod period, int basedOn, string author, string reason, CancellationToken ct = default) =>
        ChangeAsync(period, basedOn, PaperChange.Returned, author, Require(reason, "reason"), null, null, ct);

    public Task<PaperVersion> PublishAsync(ReportingPeriod period, int basedOn, string author, string? reason = null, CancellationToken ct = default) =>
        ChangeAsync(period, basedOn, PaperChange.Published, author, reason, null, null, ct);

    /// <summary>Corrects a published paper: a new published version whose note every reader sees.</summary>
    public Task<PaperVersion> CorrectAsync(ReportingPeriod period, int basedOn, PaperContent content, string author, string note, CancellationToken ct = default) =>
        ChangeAsync(period, basedOn, PaperChange.Corrected, author, null, content, Require(note, "note"), ct);

    /// <summary>
    /// The meeting's pack was published: an approved paper becomes published with it, and the paper is locked (only a
    /// correction changes it from now on). Repeating this changes nothing.
    /// </summary>
    public async Task PublishWithPackAsync(ReportingPeriod period, string meetingId, CancellationToken ct = default)
    {
        if (await FindAsync(period, ct) is not { } paper) return;
        if (paper.Status == PaperStatus.Approved && !paper.Locked)
            await ChangeAsync(period, paper.Version, PaperChange.Published, PackAuthor, $"published with the pack of {meetingId}", null, null, ct);
        await db.Papers.Where(p => p.Id == paper.Id).ExecuteUpdateAsync(p => p.SetProperty(x => x.Locked, true), ct);
    }

    /// <summary>The reason the originator gave on approving the paper as it stands at <paramref name="version"/>; null when it is not approved or none was given.</summary>
    public async Task<string?> ApprovalReasonAsync(ReportingPeriod period, int version, CancellationToken ct = default)
    {
        var paper = await RequireAsync(period, ct);
        var rows = await db.PaperVersions.AsNoTracking().Where(v => v.PaperId == paper.Id && v.Version <= version).OrderByDescending(v => v.Version).ToListAsync(ct);
        return rows.FirstOrDefault() is { Status: PaperStatus.Approved or PaperStatus.Published } ? rows.FirstOrDefault(r => r.Change == PaperChange.Approved)?.Reason : null;
    }

    /// <summary>Who the pack's publication is recorded as, in the paper's history.</summary>
    public const string PackAuthor = "event: pack-published";

    /// <summary>The status each change needs, and the status it leaves.</summary>
    private static (PaperStatus[] From, PaperStatus To) Transition(PaperChange change) => change switch
    {
        PaperChange.Edited => ([PaperStatus.Draft], PaperStatus.Draft),
        PaperChange.Submitted => ([PaperStatus.Draft], PaperStatus.Submitted),
        PaperChange.Approved => ([PaperStatus.Submitted], PaperStatus.Approved),
        PaperChange.Returned => ([PaperStatus.Submitted, PaperStatus.Approved], PaperStatus.Draft),
        PaperChange.Published => ([PaperStatus.Approved], PaperStatus.Published),
        PaperChange.Corrected => ([PaperStatus.Published], PaperStatus.Published),
        PaperChange.FiguresRevised => ([PaperStatus.Approved], PaperStatus.Submitted),
        _ => throw new ArgumentOutOfRangeException(nameof(change)),
    };

    private async Task<PaperVersion> ChangeAsync(ReportingPeriod period, int basedOn, PaperChange change, string author,
        string? reason, PaperContent? content, string? note, CancellationToken ct, IReadOnlyList<FigureRevision>? revised = null)
    {
        RequireAuthor(author);
        if (reason?.Length > MaxFieldLength) throw Invalid($"reason: longer than {MaxFieldLength:N0} characters");
        var paper = await RequireAsync(period, ct);
        var (from, to) = Transition(change);
        if (paper.Locked && change != PaperChange.Corrected)
            throw new PaperException(Refusal.WrongState,
                $"the {period.End} paper is locked: the meeting's pack was published; only a correction can change it now");
        if (!from.Contains(paper.Status))
            throw new PaperException(Refusal.WrongState,
                $"the {period.End} paper is {paper.Status}; it can be {Verb(change)} only when {string.Join(" or ", from)}");
        if (basedOn != paper.Version)
            throw new PaperException(Refusal.Stale,
                $"the {period.End} paper is at version {paper.Version}, not {basedOn}: reload it and apply the change again");

        var current = await db.PaperVersions.AsNoTracking().SingleAsync(v => v.PaperId == paper.Id && v.Version == paper.Version, ct);
        var cover = content?.Cover ?? JsonSerializer.Deserialize<CoverBlock>(current.Cover, Json)!;
        var narratives = content?.Narratives ?? JsonSerializer.Deserialize<Dictionary<string, string>>(current.Narratives, Json)!;
        var tableNotes = content?.TableNotes ?? JsonSerializer.Deserialize<Dictionary<string, string>>(current.TableNotes, Json)!;
        if (content is not null) Validate(cover, narratives, tableNotes);
        var figures = new VersionFigures(null, revised);
        if (change is PaperChange.Submitted or PaperChange.Approved)
        {
            var tables = await TablesAsync(period, ct);
            if (Incomplete(tables, cover, narratives, tableNotes) is { Count: > 0 } missing) throw new PaperException(Refusal.WrongState, missing);
            if (change == PaperChange.Approved) figures = figures with { Approved = ApprovedFigures.Of(tables) };
        }

        paper.Status = to;
        return await SaveVersionAsync(paper, change, author, reason, cover, narratives, tableNotes, note, ct, figures);
    }

    /// <summary>What a version records of the figures: all of them on an approval, the changed ones on a revision after approval.</summary>
    private sealed record VersionFigures(IReadOnlyList<FigureCell>? Approved, IReadOnlyList<FigureRevision>? Revised);

    private async Task<IReadOnlyList<Tables.Table>> TablesAsync(ReportingPeriod period, CancellationToken ct) =>
        new Tables.PaperTables(await new ObservationStore(db).CalculatorAsync(catalogue, period, ct: ct)).Build(period);

    /// <summary>Who a revision of figures after approval is recorded as, in the paper's history.</summary>
    public const string FiguresAuthor = "event: figures-changed";

    /// <summary>
    /// Figures changed for the months <paramref name="changed"/>: every approved paper (not yet published) whose tables
    /// those months reach is compared with the figures it was approved on. One that shows a revised figure goes back to
    /// Submitted, the revisions listed old → new, and waits for the Deputy Chief Constable to approve it again on the new
    /// figures or to return it to its command area. Repeating this changes nothing.
    /// </summary>
    public async Task<IReadOnlyList<PaperVersion>> ReviseApprovedAsync(Period changed, CancellationToken ct = default)
    {
        var revised = new List<PaperVersion>();
        foreach (var paper in await db.Papers.AsNoTracking().Where(p => p.Status == PaperStatus.Approved && !p.Locked).ToListAsync(ct))
        {
            var period = PeriodOf(paper);
            if (!new Period(period.Earliest, period.End).Overlaps(changed)) continue;
            var approval = await db.PaperVersions.AsNoTracking().Where(v => v.PaperId == paper.Id && v.Change == PaperChange.Approved)
                .OrderByDescending(v => v.Version).Select(v => v.ApprovedFigures).FirstOrDefaultAsync(ct);
            if (approval is null) continue;
            var revisions = ApprovedFigures.Compare(JsonSerializer.Deserialize<List<FigureCell>>(approval, Json)!, ApprovedFigures.Of(await TablesAsync(period, ct)));
            if (revisions.Count == 0) continue;
            var reason = $"{revisions.Count} figure{(revisions.Count == 1 ? "" : "s")} of the paper's tables changed after approval: " +
                string.Join("; ", revisions.Take(3)) + (revisions.Count > 3 ? $"; and {revisions.Count - 3} more" : "") +
                ". The paper waits to be approved again on the new figures.";
            revised.Add(await ChangeAsync(period, paper.Version, PaperChange.FiguresRevised, FiguresAuthor, reason, null, null, ct, revisions));
        }
        return revised;
    }

    private async Task<PaperVersion> SaveVersionAsync(PaperRow paper, PaperChange change, string author, string? reason,
        CoverBlock cover, IReadOnlyDictionary<string, string> narratives, IReadOnlyDictionary<string, string> tableNotes, string? note, CancellationToken ct,
        VersionFigures? figures = null)
    {
        paper.Version++;
        var row = new PaperVersionRow
        {
            Version = paper.Version, Status = paper.Status, Change = change, Author = author.Trim(), At = clock.GetUtcNow(),
            Reason = reason?.Trim(), CorrectionNote = note?.Trim(),
            Cover = JsonSerializer.Serialize(cover, Json), Narratives = JsonSerializer.Serialize(narratives, Json),
            TableNotes = JsonSerializer.Serialize(tableNotes, Json),
            ApprovedFigures = figures?.Approved is { } approved ? JsonSerializer.Serialize(approved, Json) : null,
            RevisedFigures = figures?.Revised is { } revisions ? JsonSerializer.Serialize(revisions, Json) : null,
        };
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await db.SaveChangesAsync(ct);
            row.PaperId = paper.Id;
            db.PaperVersions.Add(row);
            db.Publish(Topics.PaperStatusChanged, new PaperStatusChanged(catalogue.Pillar, PeriodOf(paper).ToString(), paper.MeetingId,
                paper.Status.ToString(), paper.Version, row.Author) { Change = change.ToString(), Reason = row.Reason ?? "" });
            await db.SaveChangesAsync(ct);
            if (own is not null) await own.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            throw new PaperException(Refusal.Stale, "the paper was changed by someone else meanwhile: reload it and apply the change again");
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
        db.ChangeTracker.Clear();
        return await ReadAsync(paper, paper.Version, ct);
    }

    /// <summary>What stands in the way of signing the paper off, in plain words; empty when it is complete.</summary>
    private IReadOnlyList<Violation> Incomplete(IReadOnlyList<Tables.Table> tables, CoverBlock cover, IReadOnlyDictionary<string, string> narratives,
        IReadOnlyDictionary<string, string> tableNotes)
    {
        var problems = new List<Violation>();
        foreach (var (field, value) in CoverFields(cover).Where(f => string.IsNullOrWhiteSpace(f.Value)))
            problems.Add(new("", $"The cover block has no {field.Replace("cover.", "").Replace('_', ' ')}."));
        foreach (var objective in catalogue.Objectives.Where(o => !narratives.TryGetValue(o.Id, out var text) || string.IsNullOrWhiteSpace(text)))
            problems.Add(new("", $"The objective “{objective.Title}” has no narrative."));
        foreach (var table in tables.Where(t => t.Rows.All(r => r.Cells.All(c => c.Value is null)) && !tableNotes.ContainsKey(t.Id)))
            problems.Add(new("", $"{table.Caption} has no data for the period: say why in its table note."));
        return problems;
    }

    private static (string Field, string Value)[] CoverFields(CoverBlock cover) =>
    [
        ("cover.originator", cover.Originator), ("cover.reason_for_submission", cover.ReasonForSubmission),
        ("cover.submitted_to", cover.SubmittedTo), ("cover.subject", cover.Subject),
        ("cover.summary", cover.Summary), ("cover.recommendation", cover.Recommendation),
    ];

    private void Validate(CoverBlock cover, IReadOnlyDictionary<string, string> narratives, IReadOnlyDictionary<string, string> tableNotes)
    {
        var errors = new List<Violation>();
        foreach (var (field, value) in CoverFields(cover))
        {
            if (string.IsNullOrWhiteSpace(value)) errors.Add(new(field, "required"));
            else if (value.Length > MaxFieldLength) errors.Add(new(field, $"longer than {MaxFieldLength:N0} characters"));
        }
        foreach (var (objective, markdown) in narratives)
        {
            if (!catalogue.Objectives.Any(o => o.Id == objective))
                errors.Add(new($"narratives['{objective}']", $"objective '{objective}' is not in the {catalogue.Pillar} catalogue"));
            else
                errors.AddRange(Narrative.Check(markdown).Select(v => v.ToString()).Concat(new Claims.NarrativeReview(catalogue).Validate(markdown))
                    .Select(rule => new Violation($"narratives['{objective}']", rule)));
        }
        foreach (var (table, text) in tableNotes)
        {
            if (!catalogue.Tables.Any(t => t.Id == table)) errors.Add(new($"table_notes['{table}']", $"table '{table}' is not in the {catalogue.Pillar} catalogue"));
            else if (string.IsNullOrWhiteSpace(text)) errors.Add(new($"table_notes['{table}']", "empty; remove the note or say why the table has no data"));
            else if (text.Length > MaxFieldLength) errors.Add(new($"table_notes['{table}']", $"longer than {MaxFieldLength:N0} characters"));
        }
        if (errors.Count > 0) throw new PaperException(Refusal.Invalid, errors);
    }

    private CoverBlock DefaultCover(ReportingPeriod period, string? meetingTitle, string? submittedTo, string? originator) => new(
        string.IsNullOrWhiteSpace(originator) ? options.Value.Originator : originator.Trim(),
        "For information",
        !string.IsNullOrWhiteSpace(submittedTo) ? submittedTo.Trim()
            : string.IsNullOrWhiteSpace(meetingTitle) ? "Police and Crime Commissioner's Accountability Meeting" : meetingTitle,
        $"Constabulary update on the {catalogue.Title} objectives of the Police and Crime Plan.",
        $"This report sets out a short summary update of Constabulary activity that has contributed to the {catalogue.Title} " +
        $"objectives of the Police and Crime Plan. The reporting period is {period.Description}.",
        "The Police and Crime Commissioner is asked to note the report.");

    private Task<PaperRow?> FindAsync(ReportingPeriod period, CancellationToken ct) =>
        db.Papers.SingleOrDefaultAsync(p => p.PeriodEnd == period.End.FirstDay && p.PeriodMonths == period.Months.Months, ct);

    private async Task<PaperRow> RequireAsync(ReportingPeriod period, CancellationToken ct) =>
        await FindAsync(period, ct) ?? throw new PaperException(Refusal.NotFound, $"there is no paper for the reporting period {period.Dates}");

    private static ReportingPeriod PeriodOf(PaperRow paper) =>
        new(Month.Of(paper.PeriodEnd).Plus(1 - paper.PeriodMonths), Month.Of(paper.PeriodEnd));

    private async Task<PaperVersion> ReadAsync(PaperRow paper, int? version, CancellationToken ct)
    {
        var wanted = version ?? paper.Version;
        var rows = await db.PaperVersions.AsNoTracking().Where(v => v.PaperId == paper.Id && v.Version <= wanted).OrderBy(v => v.Version).ToListAsync(ct);
        var row = rows.LastOrDefault(r => r.Version == wanted)
            ?? throw new PaperException(Refusal.NotFound, $"the {PeriodOf(paper)} paper has no version {wanted}");
        return ToVersion(paper, row, Notes(rows, wanted)) with { FigureRevisions = RevisionsSinceApproval(rows, wanted) };
    }

    /// <summary>The figures revised after the latest approval up to <paramref name="upTo"/>, combined; none once the paper is approved again.</summary>
    private static IReadOnlyList<FigureRevision> RevisionsSinceApproval(IReadOnlyList<PaperVersionRow> rows, int upTo)
    {
        var since = rows.Where(r => r.Version <= upTo).Reverse().TakeWhile(r => r.Change != PaperChange.Approved)
            .Where(r => r.RevisedFigures is not null).Reverse();
        return ApprovedFigures.Combine(since.SelectMany(r => JsonSerializer.Deserialize<List<FigureRevision>>(r.RevisedFigures!, Json)!));
    }

    private static IReadOnlyList<string> Notes(IEnumerable<PaperVersionRow> rows, int upTo) =>
        rows.Where(r => r.Version <= upTo && r.CorrectionNote is not null).Select(r => r.CorrectionNote!).ToList();

    private static PaperVersion ToVersion(PaperRow paper, PaperVersionRow row, IReadOnlyList<string> notes) => new(
        PeriodOf(paper).ToString(), paper.MeetingId, row.Version, row.Status, row.Change, row.Author, row.At, row.Reason,
        JsonSerializer.Deserialize<CoverBlock>(row.Cover, Json)!,
        JsonSerializer.Deserialize<Dictionary<string, string>>(row.Narratives, Json)!, notes)
    {
        TableNotes = JsonSerializer.Deserialize<Dictionary<string, string>>(row.TableNotes, Json)!,
    };

    private static void RequireAuthor(string author)
    {
        if (string.IsNullOrWhiteSpace(author)) throw Invalid("author: required");
        if (author.Length > MaxAuthorLength) throw Invalid($"author: longer than {MaxAuthorLength} characters");
    }

    private static string Require(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw Invalid($"{field}: required") : value;

    private static PaperException Invalid(string message) => new(Refusal.Invalid, message);

    private static string Verb(PaperChange change) => change switch
    {
        PaperChange.Edited => "edited",
        PaperChange.Submitted => "submitted",
        PaperChange.Approved => "approved",
        PaperChange.Returned => "returned to Draft",
        PaperChange.Published => "published",
        PaperChange.FiguresRevised => "sent back for approval on revised figures",
        _ => "corrected",
    };
}
