using System.Globalization;
using Plan.Accountability.V1;
using Plan.Pillar.V1;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web;

/// <summary>How pressing a to-do is: late first, then what waits for the person, then what falls due, then news.</summary>
public enum Urgency { Late, Waiting, Due, Done }

/// <summary>One thing a person is told on their home page, with the page where they act on it.</summary>
public sealed record ToDo(Urgency Urgency, string Text, string Link, string LinkText);

/// <summary>
/// Each role's to-do list (docs/web-app.md): for the meetings being prepared, a command area's own paper (due, late,
/// returned with the reason, waiting, approved, figures revised after approval) and its actions falling due; the Deputy
/// Chief Constable's papers waiting for approval; the OPCCN's reasons a pack cannot be published yet, the public questions waiting for its decision, and its own actions.
/// </summary>
public sealed class ToDoList(AppData data, UserCalls calls)
{
    /// <summary>Actions due within this many days are listed as falling due.</summary>
    public const int ActionsDueWithinDays = 14;

    public async Task<IReadOnlyList<ToDo>> ForAsync(IReadOnlyList<WorkingMeeting> meetings, CancellationToken ct)
    {
        var user = calls.User;
        var todo = new List<ToDo>();
        foreach (var meeting in meetings)
        {
            var named = $"the {meeting.Meeting.Title} of {meeting.Day}";
            var deadline = AppData.Day(meeting.Readiness.PaperDeadline);
            var period = meeting.Meeting.PeriodEnd;
            foreach (var state in meeting.Readiness.Papers)
            {
                var title = data.Title(state.Pillar);
                if (user.IsInRole(Roles.CommandArea) && calls.Pillars.Contains(state.Pillar))
                    todo.Add(await OwnPaperAsync(state, named, deadline, period, ct));
                if (user.IsInRole(Roles.Originator) && state.Status == "Submitted")
                {
                    var revised = (await data.PaperAsync(state.Pillar, period, ct))?.Change == PaperChange.FiguresRevised;
                    todo.Add(new(Urgency.Waiting, revised
                            ? $"The {title} paper for {named} waits for your approval again: figures it shows were revised after you approved it."
                            : $"The {title} paper for {named} waits for your approval.",
                        $"/app/approvals/{state.Pillar}/{period}", $"Read the {title} paper"));
                }
            }
            if (user.IsInRole(Roles.Opccn) && meeting.Readiness.PublishedVersion == 0)
                todo.AddRange(meeting.Readiness.Problems.Select(problem => new ToDo(
                    meeting.Readiness.Papers.Any(p => p.Late) || meeting.Date < data.Today ? Urgency.Late : Urgency.Waiting,
                    $"For {named}: {problem}", $"/app/meetings/{meeting.Meeting.Id}", "Open the meeting")));
        }
        if (user.IsInRole(Roles.Opccn)) todo.AddRange(await QuestionsAsync(ct));
        todo.AddRange(await ActionsAsync(ct));
        return todo.OrderBy(t => t.Urgency).ToList();
    }

    /// <summary>Public questions waiting for the OPCCN, for every coming meeting whose agenda is published (its pack may be too).</summary>
    private async Task<IEnumerable<ToDo>> QuestionsAsync(CancellationToken ct)
    {
        var todo = new List<ToDo>();
        foreach (var meeting in (await data.MeetingsAsync(ct)).Where(m => m.AgendaPublishedAt.Length > 0 && AppData.Date(m) >= data.Today))
        {
            var questions = await data.Accountability.ListQuestionsAsync(new ListQuestionsRequest { MeetingId = meeting.Id }, await data.AsUserAsync(), cancellationToken: ct);
            var waiting = questions.Questions.Count(q => q.Status == QuestionStatus.Pending);
            if (waiting > 0)
                todo.Add(new(Urgency.Waiting, $"For the {meeting.Title} of {AppData.Day(meeting.Date)}: {waiting} public question{(waiting == 1 ? " waits" : "s wait")} for your decision.",
                    $"/app/meetings/{meeting.Id}/questions", "Decide on the questions"));
        }
        return todo;
    }

    private async Task<ToDo> OwnPaperAsync(PaperReadiness state, string named, string deadline, string period, CancellationToken ct)
    {
        var link = $"/app/papers/{period}";
        switch (state.Status)
        {
            case "Submitted":
                var paper = await data.PaperAsync(state.Pillar, period, ct);
                return paper?.Change == PaperChange.FiguresRevised
                    ? new(Urgency.Waiting, $"Figures your approved paper for {named} shows were revised ({paper.FigureRevisions.Count} changed): it waits for the Deputy Chief Constable to approve it again.", link, "See what changed")
                    : new(Urgency.Done, $"Your paper for {named} waits for the Deputy Chief Constable's approval.", link, "See your paper");
            case "Approved" or "Published":
                return new(Urgency.Done, $"Your paper for {named} is approved.", link, "See your paper");
        }
        if (await ReturnedAsync(state.Pillar, period, ct) is { } returned)
            return new(Urgency.Late, $"Your paper for {named} was returned by {returned.Author} on {AppData.When(returned.ChangedAt)}, with the reason: “{returned.Reason}”. " +
                                     $"Change it and submit it again (due on {deadline}).", link, "Work on your paper");
        return state.Late
            ? new(Urgency.Late, $"Your paper for {named} is late: it was due on {deadline}.", link, "Work on your paper")
            : new(Urgency.Due, $"Your paper for {named} is due on {deadline}.", link, "Work on your paper");
    }

    /// <summary>The return the paper stands under: the latest version returning it, unless it was submitted again since.</summary>
    private async Task<Paper?> ReturnedAsync(string pillar, string period, CancellationToken ct)
    {
        var history = await data.Pillar(pillar).ListPaperVersionsAsync(new ListPaperVersionsRequest { PeriodEnd = period }, await data.AsUserAsync(), cancellationToken: ct);
        var last = history.Versions.LastOrDefault(v => v.Change is PaperChange.Returned or PaperChange.Submitted);
        return last?.Change == PaperChange.Returned ? last : null;
    }

    /// <summary>Open actions with a due date the person owns: their priority's for a command area, the OPCCN's own for the OPCCN.</summary>
    private async Task<IEnumerable<ToDo>> ActionsAsync(CancellationToken ct)
    {
        var owners = calls.User.IsInRole(Roles.Opccn) ? ["opccn"] : calls.Pillars;
        var todo = new List<ToDo>();
        foreach (var owner in owners)
        {
            var actions = await data.Accountability.ListActionsAsync(new ListActionsRequest { Owner = owner }, await data.AsUserAsync(), cancellationToken: ct);
            foreach (var action in actions.Actions.Where(a => a.Status != ActionStatus.Closed && a.DueDate.Length > 0))
            {
                var due = DateOnly.Parse(action.DueDate, CultureInfo.InvariantCulture);
                var link = owner == "opccn" ? $"/app/actions/{action.Number}" : "/app/your-actions";
                if (due < data.Today) todo.Add(new(Urgency.Late, $"Action {action.Number} was due on {AppData.Day(action.DueDate)}: {action.Description}", link, $"Answer action {action.Number}"));
                else if (due.DayNumber - data.Today.DayNumber <= ActionsDueWithinDays)
                    todo.Add(new(Urgency.Due, $"Action {action.Number} is due on {AppData.Day(action.DueDate)}: {action.Description}", link, $"Answer action {action.Number}"));
            }
        }
        return todo;
    }
}
