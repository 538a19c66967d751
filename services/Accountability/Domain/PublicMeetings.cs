using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PlanServices.Accountability.Data;
using PlanServices.Accountability.Notifications;
using PlanServices.ServiceDefaults;

namespace PlanServices.Accountability.Domain;

/// <summary>A public question waits for the OPCCN, then is accepted (put to the meeting) or rejected with a reason.</summary>
public enum QuestionStatus { Pending, Accepted, Rejected }

public sealed record PublicQuestion(long Id, string MeetingId, string Name, string Email, string Text, DateTimeOffset AskedAt,
    QuestionStatus Status, string Reason, string ModeratedBy);

/// <summary>A meeting as the public may see it: its details and agenda, when questions close, the questions accepted.</summary>
public sealed record PublicMeeting(Meeting Meeting, DateOnly QuestionsClose, bool PackPublished, IReadOnlyList<PublicQuestion> Accepted);

/// <summary>
/// The public side of a meeting (docs/public-side.md). Once the OPCCN publishes its agenda a meeting is public: its date,
/// time, venue, how to attend or watch, its agenda, and the questions accepted for it. Until the day questions close,
/// anyone may put a question; the OPCCN accepts or rejects each, and the asker is told by mail (with the reason, when
/// rejected). Nothing of a meeting whose agenda is not published is shown or takes questions.
/// </summary>
public sealed partial class PublicMeetings(AccountabilityDb db, SuiteShape shape, TimeProvider clock, Notifier notifier, AuditLog audit)
{
    public const int QuestionDays = 7;
    public const int MaxQuestion = 2_000;
    public const int MinQuestion = 10;
    public const int MaxLinks = 2;
    public const int MaxQuestionsPerAsker = 3;

    /// <summary>Today in Norfolk: questions close at the end of their last day there.</summary>
    private DateOnly Today => Norfolk.Today(clock);

    /// <summary>
    /// Publishes a meeting's agenda with what the public needs to come or watch, or changes those details of a published one.
    /// The first publication alerts the confirmed subscribers, in its transaction; later changes alert no one.
    /// </summary>
    public async Task<Meeting> PublishAgendaAsync(string meetingId, string howToAttend, string watchAt, string questionsClose, string by, CancellationToken ct)
    {
        var row = await db.Meetings.SingleOrDefaultAsync(m => m.Id == meetingId, ct)
            ?? throw new AccountabilityException(Refusal.NotFound, "meeting_id", $"no meeting '{meetingId}'");
        var meeting = MeetingBook.Read(row) with { HowToAttend = howToAttend.Trim(), WatchAt = watchAt.Trim(), QuestionsClose = questionsClose.Trim() };
        var date = DateOnly.ParseExact(meeting.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rules = new Rules(shape);
        MeetingBook.CheckPublicDetails(meeting, rules, howToAttendRequired: true);
        if (meeting.StartTime.Length == 0) rules.Add(new("start_time", "the public needs the meeting's start time: schedule it with one"));
        if (meeting.Venue.Length == 0) rules.Add(new("venue", "the public needs the meeting's venue: schedule it with one"));
        if (meeting.Agenda.Count == 0) rules.Add(new("agenda", "the agenda has no items yet"));
        if (meeting.QuestionsClose.Length > 0 && DateOnly.TryParseExact(meeting.QuestionsClose, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var close))
        {
            if (close >= date) rules.Add(new("questions_close", $"questions must close before the meeting's day ({meeting.Date})"));
            else if (close < Today) rules.Add(new("questions_close", $"{meeting.QuestionsClose} is past: questions would be closed as the agenda is published"));
        }
        rules.ThrowIfAny();
        if (row.AgendaPublishedAt is null && date < Today)
            throw new AccountabilityException(Refusal.WrongState, $"the meeting was held on {meeting.Date}: an agenda is published before its meeting");

        row.Document = Documents.Write(meeting);
        if (row.AgendaPublishedAt is null)
        {
            (row.AgendaPublishedAt, row.AgendaPublishedBy) = (clock.GetUtcNow(), by);
            audit.Add(row.AgendaPublishedAt.Value, by, "published", $"the agenda of {meetingId}");
            await notifier.AgendaPublishedAsync(row, ct);
        }
        await db.SaveChangesAsync(ct);
        return MeetingBook.Read(row);
    }

    /// <summary>The meetings whose agenda or pack is published, by date, each with the questions accepted for it.</summary>
    public async Task<IReadOnlyList<PublicMeeting>> ListAsync(CancellationToken ct)
    {
        var rows = await db.Meetings.AsNoTracking().Where(m => m.AgendaPublishedAt != null || m.PackPublishedAt != null).OrderBy(m => m.Date).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var accepted = (await db.PublicQuestions.AsNoTracking().Where(q => ids.Contains(q.MeetingId) && q.Status == QuestionStatus.Accepted).ToListAsync(ct))
            .OrderBy(q => q.AskedAt).ThenBy(q => q.Id).Select(q => ToRecord(q) with { Email = "", ModeratedBy = "" }).ToLookup(q => q.MeetingId);
        return [.. rows.Select(r => new PublicMeeting(MeetingBook.Read(r), CloseOf(r), r.PackPublishedAt is not null, [.. accepted[r.Id]]))];
    }

    /// <summary>The last day a meeting takes questions: as the OPCCN set it, else <see cref="QuestionDays"/> before it.</summary>
    private static DateOnly CloseOf(MeetingRow row)
    {
        var meeting = Documents.Read<Meeting>(row.Document);
        return DateOnly.TryParseExact(meeting.QuestionsClose, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var close)
            ? close : row.Date.AddDays(-QuestionDays);
    }

    /// <summary>
    /// A question from a member of the public. The same question from the same address again changes nothing; each address
    /// may put <see cref="MaxQuestionsPerAsker"/> to a meeting. The asker is mailed that it was received.
    /// </summary>
    public async Task<PublicQuestion> AskAsync(string meetingId, string name, string email, string text, CancellationToken ct)
    {
        var row = await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == meetingId && m.AgendaPublishedAt != null, ct)
            ?? throw new AccountabilityException(Refusal.NotFound, "meeting_id", $"no meeting '{meetingId}' takes public questions");
        var rules = new Rules(shape);
        name = rules.Text(name, "name", 200);
        email = rules.Email(email, "email");
        text = rules.Text(text, "question", MaxQuestion);
        if (text.Length is > 0 and < MinQuestion) rules.Add(new("question", $"shorter than {MinQuestion} characters: please say what you would like to ask"));
        if (Links().Count(text) > MaxLinks) rules.Add(new("question", $"has more than {MaxLinks} web addresses"));
        rules.ThrowIfAny();
        var close = CloseOf(row);
        if (Today > close)
            throw new AccountabilityException(Refusal.WrongState, $"questions for this meeting closed on {MailText.Day(close)}");

        var key = email.ToLowerInvariant();
        var earlier = await db.PublicQuestions.AsNoTracking().Where(q => q.MeetingId == meetingId && q.Email == key).ToListAsync(ct);
        if (earlier.FirstOrDefault(q => q.Text == text) is { } same) return ToRecord(same);
        if (earlier.Count >= MaxQuestionsPerAsker)
            throw new AccountabilityException(Refusal.WrongState, $"each address may put {MaxQuestionsPerAsker} questions to a meeting, and this one has");

        var question = new PublicQuestionRow { MeetingId = meetingId, Name = name, Email = key, Text = text, AskedAt = clock.GetUtcNow(), Status = QuestionStatus.Pending };
        db.PublicQuestions.Add(question);
        await notifier.QuestionAsync(question, row, ct);
        await db.SaveChangesAsync(ct);
        return ToRecord(question);
    }

    /// <summary>Every question put to a meeting, the oldest first, for the OPCCN.</summary>
    public async Task<IReadOnlyList<PublicQuestion>> QuestionsAsync(string meetingId, CancellationToken ct)
    {
        if (!await db.Meetings.AnyAsync(m => m.Id == meetingId, ct)) throw new AccountabilityException(Refusal.NotFound, "meeting_id", $"no meeting '{meetingId}'");
        return [.. (await db.PublicQuestions.AsNoTracking().Where(q => q.MeetingId == meetingId).ToListAsync(ct)).OrderBy(q => q.AskedAt).ThenBy(q => q.Id).Select(ToRecord)];
    }

    /// <summary>The OPCCN accepts a waiting question, or rejects it with the reason the asker is sent. A decision is final.</summary>
    public async Task<PublicQuestion> ModerateAsync(long id, bool accept, string reason, string by, CancellationToken ct)
    {
        var question = await db.PublicQuestions.SingleOrDefaultAsync(q => q.Id == id, ct)
            ?? throw new AccountabilityException(Refusal.NotFound, "id", $"no public question {id}");
        var rules = new Rules(shape);
        reason = rules.Text(reason, "reason", Rules.MaxShortText * 10, required: !accept);
        rules.ThrowIfAny();
        var decision = accept ? QuestionStatus.Accepted : QuestionStatus.Rejected;
        if (question.Status == decision && question.Reason == (accept ? null : reason)) return ToRecord(question);
        if (question.Status != QuestionStatus.Pending)
            throw new AccountabilityException(Refusal.WrongState, $"question {id} was already {question.Status.ToString().ToLowerInvariant()} by {question.ModeratedBy}");
        (question.Status, question.Reason, question.ModeratedBy, question.ModeratedAt) = (decision, accept ? null : reason, by, clock.GetUtcNow());
        await notifier.QuestionAsync(question, await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == question.MeetingId, ct), ct);
        await db.SaveChangesAsync(ct);
        return ToRecord(question);
    }

    private static PublicQuestion ToRecord(PublicQuestionRow q) =>
        new(q.Id, q.MeetingId, q.Name, q.Email, q.Text, q.AskedAt, q.Status, q.Reason ?? "", q.ModeratedBy ?? "");

    [GeneratedRegex(@"https?://|www\.", RegexOptions.IgnoreCase)]
    private static partial Regex Links();
}
