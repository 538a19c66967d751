using PlanServices.ServiceDefaults;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlanServices.Accountability.Data;
using PlanServices.Accountability.Domain;
using PlanServices.Accountability.Extensions;
using PlanServices.Contracts.Events;

namespace PlanServices.Accountability.Notifications;

/// <summary>The mails to the public, outside the kinds people of the suite choose from.</summary>
public static class PublicKinds
{
    public const string Subscription = "subscription-confirm";
    public const string Alert = "public-alert";
    public const string Question = "public-question";
}

/// <summary>
/// Turns what happened into mails to the people concerned, one per person, added to the caller's unit of work: they
/// are written by its next SaveChanges, in the same transaction as the event's inbox record or the change itself, and
/// the mail sender delivers them. Each mail's Message-Id is derived from what happened and the recipient, and a mail
/// whose Message-Id is already recorded is not recorded again, so a redelivered event or a repeated scan sends nothing twice.
/// </summary>
public sealed class Notifier(AccountabilityDb db, Recipients recipients, SuiteShape shape, IOptions<NotificationOptions> options,
    IOptions<AccountabilityOptions> accountability, TimeProvider clock)
{
    private MailText Text => new(options.Value.PublicBaseUrl, shape);

    /// <summary>
    /// A paper was submitted (to the originator), returned (to its command area, with the reason) or approved (to its
    /// command area and the OPCCN), or its figures were revised after approval (to the originator and the command area). Other
    /// changes tell no one, and neither does a change to a paper whose meeting is no longer being prepared.
    /// </summary>
    public async Task PaperChangedAsync(PaperStatusChanged change, CancellationToken ct)
    {
        var kind = change.Change switch
        {
            "Submitted" => NotificationKinds.PaperSubmitted,
            "Returned" => NotificationKinds.PaperReturned,
            "Approved" => NotificationKinds.PaperApproved,
            "FiguresRevised" => NotificationKinds.FiguresRevised,
            _ => null,
        };
        if (kind is null) return;
        var meeting = await MeetingAsync(change.MeetingId, change.PeriodEnd, ct);
        if (meeting is not null && !await PackReadinessBook.InPreparationAsync(db, await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == meeting.Id, ct),
                DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct)) return;
        var paper = new PaperFacts(change.Pillar, change.PeriodEnd, change.Version, change.Status, change.Author, change.Reason, meeting);
        await QueueAsync(kind, change.Pillar, $"{change.Pillar}.{change.PeriodEnd}.v{change.Version}", person => kind switch
        {
            NotificationKinds.PaperSubmitted => Text.PaperSubmitted(person, paper),
            NotificationKinds.PaperReturned => Text.PaperReturned(person, paper),
            NotificationKinds.FiguresRevised => Text.FiguresRevised(person, paper),
            _ => Text.PaperApproved(person, paper),
        }, ct);
    }

    /// <summary>A version of a meeting's pack was published: version 1 to everyone who wants it, a correction with its note.</summary>
    public async Task PackPublishedAsync(string meetingId, int version, string note, CancellationToken ct)
    {
        var meeting = (await MeetingAsync(meetingId, "", ct))!;
        var kind = version == 1 ? NotificationKinds.PackPublished : NotificationKinds.PackCorrected;
        await QueueAsync(kind, "", $"{meetingId}.v{version}", person => Text.PackPublished(person, meeting, version, note), ct);
        await AlertSubscribersAsync($"{meetingId}.v{version}", Text.PackAlert(meeting, version, note), ct);
    }

    /// <summary>A meeting's agenda was published: the public's alert, to every confirmed subscriber.</summary>
    public async Task AgendaPublishedAsync(MeetingRow row, CancellationToken ct) =>
        await AlertSubscribersAsync($"{row.Id}.agenda", Text.AgendaAlert(MeetingBook.Read(row)), ct);

    /// <summary>The mail an address gets to confirm it wants the alerts; a new request is a new mail.</summary>
    public void ConfirmSubscription(SubscriberRow subscriber)
    {
        var mail = Text.ConfirmSubscription(subscriber.Token);
        Add(PublicKinds.Subscription, MessageId(PublicKinds.Subscription, subscriber.AskedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), subscriber.Email),
            "", subscriber.Email, mail, null);
    }

    /// <summary>A public question was received, accepted or rejected (with the reason): the asker is told.</summary>
    public async Task QuestionAsync(PublicQuestionRow question, MeetingRow meeting, CancellationToken ct)
    {
        var what = $"{meeting.Id}.{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(question.Text)))[..16]}.{question.Status}";
        var messageId = MessageId(PublicKinds.Question, what, question.Email);
        if (!await RecordedAsync(messageId, ct)) Add(PublicKinds.Question, messageId, question.Name, question.Email, Text.Question(question, MeetingBook.Read(meeting)), null);
    }

    /// <summary>One alert to each confirmed subscriber, with the address that unsubscribes them in one click.</summary>
    private async Task AlertSubscribersAsync(string what, Mail alert, CancellationToken ct)
    {
        foreach (var subscriber in await db.Subscribers.AsNoTracking().Where(s => s.ConfirmedAt != null && s.UnsubscribedAt == null).ToListAsync(ct))
        {
            var messageId = MessageId(PublicKinds.Alert, what, subscriber.Email);
            if (await RecordedAsync(messageId, ct)) continue;
            var unsubscribe = Text.Unsubscribe(subscriber.Token);
            Add(PublicKinds.Alert, messageId, "", subscriber.Email, alert with { Body = alert.Body + MailText.UnsubscribeFooter(unsubscribe) }, unsubscribe);
        }
    }

    /// <summary>A paper is past its meeting's deadline and not approved: once per paper and meeting, to its command area and the OPCCN.</summary>
    public async Task PaperLateAsync(string meetingId, PaperState paper, CancellationToken ct)
    {
        var meeting = (await MeetingAsync(meetingId, "", ct))!;
        var facts = new PaperFacts(paper.Pillar, meeting.PeriodEnd, paper.Version, paper.Status, "", "", meeting);
        await QueueAsync(NotificationKinds.PaperLate, paper.Pillar, $"{meetingId}.{paper.Pillar}", person => Text.PaperLate(person, facts), ct);
    }

    /// <summary>An open action falls due, or is overdue: once per action, due date and state, to its owner.</summary>
    public async Task ActionFallingDueAsync(ActionRow action, bool overdue, CancellationToken ct) =>
        await QueueAsync(overdue ? NotificationKinds.ActionOverdue : NotificationKinds.ActionDue, action.Owner,
            $"{action.Number}.{action.DueDate:yyyy-MM-dd}", person => Text.ActionFallingDue(person, action, overdue), ct);

    private async Task QueueAsync(string kind, string about, string what, Func<NotificationPerson, Mail> write, CancellationToken ct)
    {
        foreach (var person in await recipients.ForAsync(NotificationKinds.Get(kind), about, ct))
        {
            var messageId = MessageId(kind, what, person.Key);
            if (await RecordedAsync(messageId, ct)) continue;
            Add(kind, messageId, person.Name.Trim(), person.Email.Trim(), write(person), null);
        }
    }

    private async Task<bool> RecordedAsync(string messageId, CancellationToken ct) =>
        db.Notifications.Local.Any(n => n.MessageId == messageId) || await db.Notifications.AnyAsync(n => n.MessageId == messageId, ct);

    private void Add(string kind, string messageId, string toName, string toEmail, Mail mail, string? unsubscribe)
    {
        var now = clock.GetUtcNow();
        db.Notifications.Add(new NotificationRow
        {
            MessageId = messageId, Kind = kind, ToName = toName, ToEmail = toEmail, Subject = mail.Subject, Body = mail.Body,
            CreatedAt = now, NextAttemptAt = now, Unsubscribe = unsubscribe,
        });
    }

    /// <summary>
    /// "paper-returned.reducing-harm.2026-12.v5.harm.analyst=example.org@planservices": the kind, what happened and the
    /// recipient, as an RFC 5322 msg-id (without its angle brackets).
    /// </summary>
    public static string MessageId(string kind, string what, string email)
    {
        var left = new StringBuilder();
        foreach (var c in $"{kind}.{what}.{email.Replace('@', '=')}".ToLowerInvariant())
        {
            var keep = char.IsAsciiLetterOrDigit(c) || "!#$%&'*+/=?^_`{|}~-".Contains(c) ? c : c == '.' ? '.' : '-';
            if (keep != '.' || left.Length > 0 && left[^1] != '.') left.Append(keep);
        }
        return $"{left.ToString().TrimEnd('.')}@planservices";
    }

    /// <summary>The meeting a paper is for: the one named, else the first for its reporting period; null when there is none.</summary>
    private async Task<MeetingFacts?> MeetingAsync(string? meetingId, string periodEnd, CancellationToken ct)
    {
        var rows = string.IsNullOrEmpty(meetingId) ? db.Meetings.AsNoTracking() : db.Meetings.AsNoTracking().Where(m => m.Id == meetingId);
        foreach (var row in await rows.OrderBy(m => m.Date).ToListAsync(ct))
        {
            var meeting = Documents.Read<Meeting>(row.Document);
            if (!string.IsNullOrEmpty(meetingId) || meeting.PeriodEnd == periodEnd)
                return new MeetingFacts(row.Id, meeting.Title, row.Date, meeting.PeriodEnd, accountability.Value.PaperDeadline(row.Date));
        }
        return null;
    }
}
