using PlanServices.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using PlanServices.Accountability.Data;
using PlanServices.Contracts.Events;
using PlanServices.Eventing;

namespace PlanServices.Accountability.Domain;

/// <summary>Where an action stands: New (raised at the last meeting), Live, or Closed.</summary>
public enum ActionState { New, Live, Closed }

public sealed record ActionHistoryEntry(DateTimeOffset At, string? MeetingId, string Text, ActionState Status, string Author);

public sealed record ActionRecord(int Number, string RaisedAtMeetingId, DateOnly DateRaised, string Description, string Owner,
    ActionState Status, IReadOnlyList<ActionHistoryEntry> History, DateOnly? DueDate);

/// <summary>
/// The action log: numbered actions raised at meetings, each owned by a pillar or the OPCCN, with every
/// update kept. A number is never reused; a closed action takes no more updates.
/// </summary>
public sealed class ActionLog(AccountabilityDb db, SuiteShape shape, TimeProvider clock)
{
    public async Task<ActionRecord> RaiseAsync(int number, string meetingId, string description, string owner, string author, CancellationToken ct = default,
        string? dueDate = null)
    {
        var rules = new Rules(shape);
        var due = string.IsNullOrEmpty(dueDate) ? (DateOnly?)null : rules.Date(dueDate, "due_date");
        if (number <= 0) rules.Add(new("number", $"{number} is not a positive action number"));
        description = rules.Text(description, "description", Rules.MaxLongText);
        rules.Owner(owner, "owner");
        author = rules.Text(author, "author", 200);
        rules.ThrowIfAny();
        var meeting = await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == meetingId, ct)
            ?? throw new AccountabilityException(Refusal.NotFound, "meeting_id", $"no meeting '{meetingId}'");
        if (due < meeting.Date)
            throw new AccountabilityException(Refusal.Invalid, "due_date", $"{due:yyyy-MM-dd} is before the meeting that raises the action ({meeting.Date:yyyy-MM-dd})");

        if (await db.Actions.AsNoTracking().SingleOrDefaultAsync(a => a.Number == number, ct) is { } existing)
            return existing.Description == description && existing.Owner == owner && existing.RaisedAtMeetingId == meetingId
                ? await GetAsync(number, ct)
                : throw new AccountabilityException(Refusal.AlreadyExists, "number", $"action {number} already exists (raised at {existing.RaisedAtMeetingId}); numbers are never reused");

        db.Actions.Add(new ActionRow { Number = number, RaisedAtMeetingId = meetingId, DateRaised = meeting.Date, Description = description, Owner = owner, Status = ActionState.New, DueDate = due });
        db.ActionUpdates.Add(new ActionUpdateRow { ActionNumber = number, At = clock.GetUtcNow(), MeetingId = meetingId, Text = "New Action.", Status = ActionState.New, Author = author });
        db.Publish(Topics.ActionRaised, new ActionRaised(number, meetingId, meeting.Date, description, owner));
        await db.SaveChangesAsync(ct);
        return await GetAsync(number, ct);
    }

    /// <summary>
    /// Adds an update; <paramref name="status"/> null keeps the status, except that a New action becomes Live; a
    /// <paramref name="dueDate"/> moves the date it is due, which the update's text then says.
    /// </summary>
    public async Task<ActionRecord> UpdateAsync(int number, string text, ActionState? status, string? meetingId, string author, CancellationToken ct = default,
        string? dueDate = null)
    {
        var rules = new Rules(shape);
        var due = string.IsNullOrEmpty(dueDate) ? (DateOnly?)null : rules.Date(dueDate, "due_date");
        text = rules.Text(text, "text", Rules.MaxLongText);
        author = rules.Text(author, "author", 200);
        if (status == ActionState.New) rules.Add(new("status", "an update cannot make an action New"));
        rules.ThrowIfAny();
        if (meetingId is not null && !await db.Meetings.AnyAsync(m => m.Id == meetingId, ct))
            throw new AccountabilityException(Refusal.NotFound, "meeting_id", $"no meeting '{meetingId}'");
        var action = await db.Actions.SingleOrDefaultAsync(a => a.Number == number, ct)
            ?? throw new AccountabilityException(Refusal.NotFound, "number", $"no action {number}");
        if (action.Status == ActionState.Closed)
            throw new AccountabilityException(Refusal.WrongState, $"action {number} is Closed and takes no more updates; raise a new action");

        if (due < action.DateRaised)
            throw new AccountabilityException(Refusal.Invalid, "due_date", $"{due:yyyy-MM-dd} is before the action was raised ({action.DateRaised:yyyy-MM-dd})");
        if (due is not null && due != action.DueDate)
        {
            text = $"{text} (Due date {(action.DueDate is { } was ? $"moved from {was:d MMMM yyyy} " : "")}to {due:d MMMM yyyy}.)";
            action.DueDate = due;
        }
        action.Status = status ?? ActionState.Live;
        db.ActionUpdates.Add(new ActionUpdateRow { ActionNumber = number, At = clock.GetUtcNow(), MeetingId = meetingId, Text = text, Status = action.Status, Author = author });
        var historyLength = await db.ActionUpdates.CountAsync(u => u.ActionNumber == number, ct) + 1;
        db.Publish(Topics.ActionUpdated, new ActionUpdated(number, action.Owner, action.Status.ToString(), text, historyLength));
        await db.SaveChangesAsync(ct);
        return await GetAsync(number, ct);
    }

    public async Task<ActionRecord> GetAsync(int number, CancellationToken ct = default)
    {
        var action = await db.Actions.AsNoTracking().SingleOrDefaultAsync(a => a.Number == number, ct)
            ?? throw new AccountabilityException(Refusal.NotFound, "number", $"no action {number}");
        var history = await db.ActionUpdates.AsNoTracking().Where(u => u.ActionNumber == number).OrderBy(u => u.Id).ToListAsync(ct);
        return ToRecord(action, history);
    }

    public async Task<IReadOnlyList<ActionRecord>> ListAsync(string? owner, IReadOnlyCollection<ActionState> statuses, CancellationToken ct = default)
    {
        var query = db.Actions.AsNoTracking();
        if (!string.IsNullOrEmpty(owner)) query = query.Where(a => a.Owner == owner);
        if (statuses.Count > 0) query = query.Where(a => statuses.Contains(a.Status));
        var actions = await query.OrderBy(a => a.Number).ToListAsync(ct);
        var numbers = actions.Select(a => a.Number).ToList();
        var updates = (await db.ActionUpdates.AsNoTracking().Where(u => numbers.Contains(u.ActionNumber)).OrderBy(u => u.Id).ToListAsync(ct))
            .ToLookup(u => u.ActionNumber);
        return actions.Select(a => ToRecord(a, updates[a.Number])).ToList();
    }

    private static ActionRecord ToRecord(ActionRow action, IEnumerable<ActionUpdateRow> history) => new(
        action.Number, action.RaisedAtMeetingId, action.DateRaised, action.Description, action.Owner, action.Status,
        history.Select(u => new ActionHistoryEntry(u.At, u.MeetingId, u.Text, u.Status, u.Author)).ToList(), action.DueDate);
}
