using System.Globalization;
using System.Text;
using PlanServices.Accountability.Data;
using PlanServices.Accountability.Domain;
using PlanServices.ServiceDefaults;

namespace PlanServices.Accountability.Notifications;

/// <summary>A meeting as a mail names it, with the reporting period its papers cover and the date they are due.</summary>
public sealed record MeetingFacts(string Id, string Title, DateOnly Date, string PeriodEnd, DateOnly PaperDeadline);

/// <summary>A priority's paper as a mail names it: what was done to it, by whom, and why.</summary>
public sealed record PaperFacts(string Pillar, string PeriodEnd, int Version, string Status, string Author, string Reason, MeetingFacts? Meeting);

public sealed record Mail(string Subject, string Body);

/// <summary>
/// The wording of every mail, in plain English for the person who gets it: what happened, to which priority and meeting,
/// the reason where there is one, the deadline, and the address of the page where they act.
/// </summary>
public sealed class MailText(string baseUrl, SuiteShape shape)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>"Wednesday 3 March 2027".</summary>
    public static string Day(DateOnly date) => date.ToString("dddd d MMMM yyyy", English);

    public Mail PaperSubmitted(NotificationPerson to, PaperFacts paper) => new(
        $"{Title(paper)} paper submitted for your approval",
        Write(to, $"{paper.Author} submitted the {Title(paper)} paper (version {paper.Version}) for your approval.",
            Details(paper), "Approve it, or return it with a reason, here:", $"/app/approvals/{paper.Pillar}/{paper.PeriodEnd}"));

    public Mail PaperReturned(NotificationPerson to, PaperFacts paper) => new(
        $"{Title(paper)} paper returned to draft: please change it",
        Write(to, $"{paper.Author} returned the {Title(paper)} paper to draft. The reason given:\n\n{Quote(paper.Reason)}",
            Details(paper), "Change the paper and submit it again here:", $"/app/papers/{paper.PeriodEnd}"));

    public Mail PaperApproved(NotificationPerson to, PaperFacts paper) => new(
        $"{Title(paper)} paper approved",
        Write(to, $"{paper.Author} approved the {Title(paper)} paper (version {paper.Version})." +
                  (paper.Reason.Length > 0 ? $" The note given:\n\n{Quote(paper.Reason)}" : ""),
            Details(paper), ForArea(to, paper.Pillar) ? "See the paper here:" : "See the meeting's papers here:", PaperOrMeeting(to, paper)));

    public Mail FiguresRevised(NotificationPerson to, PaperFacts paper) => new(
        $"{Title(paper)} paper: figures revised after approval",
        Write(to, $"Figures the approved {Title(paper)} paper shows were revised, so it went back to the Deputy Chief Constable " +
                  $"to be approved again on the new figures. What changed:\n\n{Quote(paper.Reason)}",
            Details(paper), to.Has(Roles.Originator) ? "Approve it again, or return it with a reason, here:" : "See the paper and its revised figures here:",
            to.Has(Roles.Originator) ? $"/app/approvals/{paper.Pillar}/{paper.PeriodEnd}" : $"/app/papers/{paper.PeriodEnd}"));

    public Mail PaperLate(NotificationPerson to, PaperFacts paper) => new(
        $"{Title(paper)} paper is late",
        Write(to, $"The {Title(paper)} paper is late: papers were due by {Day(paper.Meeting!.PaperDeadline)}, and it is {Stage(paper.Status)}.",
            Details(paper), ForArea(to, paper.Pillar) ? "Finish the paper and submit it here:" : "See the meeting's papers here:", PaperOrMeeting(to, paper)));

    public Mail ActionFallingDue(NotificationPerson to, ActionRow action, bool overdue)
    {
        var due = Day(action.DueDate!.Value);
        var what = overdue ? $"Action {action.Number} was due on {due} and is still open ({action.Status})." : $"Action {action.Number} is due on {due}.";
        return new Mail(overdue ? $"Action {action.Number} is overdue (it was due on {due})" : $"Action {action.Number} is due on {due}",
            Write(to, $"{what} It was raised at the meeting of {Day(action.DateRaised)}:\n\n{Quote(action.Description)}", [],
                "Send your update here:", action.Owner == Rules.Opccn ? $"/app/actions/{action.Number}" : "/app/your-actions"));
    }

    public Mail PackPublished(NotificationPerson to, MeetingFacts meeting, int version, string note) => version == 1
        ? new Mail($"The pack of the {Named(meeting)} is published",
            Write(to, $"The OPCCN published the pack of the {Named(meeting)}.", [], "Anyone can read it here:", $"/packs/{meeting.Id}"))
        : new Mail($"The pack of the {Named(meeting)} is corrected (version {version})",
            Write(to, $"The OPCCN corrected the published pack of the {Named(meeting)}: this is version {version}. The correction note:\n\n{Quote(note)}", [],
                "Read it here (earlier versions stay at their own addresses):", $"/packs/{meeting.Id}"));

    public Mail PackAlert(MeetingFacts meeting, int version, string note) => version == 1
        ? new Mail($"Published: the pack of the {Named(meeting)}",
            Public("", $"The Police and Crime Commissioner's office published the pack of the {Named(meeting)}: the agenda, the summary of the " +
                       "previous meeting, the action log and a paper for each priority of the Police and Crime Plan.", "Read it here:", $"/packs/{meeting.Id}"))
        : new Mail($"Corrected: the pack of the {Named(meeting)} (version {version})",
            Public("", $"The published pack of the {Named(meeting)} was corrected; this is version {version}. The correction note:\n\n{Quote(note)}",
                "Read it here (earlier versions stay at their own addresses):", $"/packs/{meeting.Id}"));

    public Mail AgendaAlert(Meeting meeting)
    {
        var date = DateOnly.ParseExact(meeting.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var facts = $"It is on {Day(date)} at {meeting.StartTime}, at {meeting.Venue}.";
        return new Mail($"Agenda published: {meeting.Title} on {Day(date)}",
            Public("", $"The agenda of the {meeting.Title} on {Day(date)} is published. {facts}\n\n{meeting.HowToAttend}".TrimEnd(),
                "The agenda, how to attend or watch, and how to put a question:", $"/meetings/{meeting.Id}"));
    }

    public Mail ConfirmSubscription(string token) => new("Please confirm: alerts of the PCC Accountability Meetings",
        Public("", "Someone, we hope you, asked for email alerts when an agenda or a pack of the PCC Accountability Meeting is " +
                   "published or corrected. Nothing is sent until you confirm. If it was not you, ignore this email.",
            "Confirm here:", $"/subscriptions/confirm?token={Uri.EscapeDataString(token)}"));

    public Mail Question(PublicQuestionRow question, Meeting meeting)
    {
        var date = Day(DateOnly.ParseExact(meeting.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        var asked = $"Your question for the {meeting.Title} on {date}:\n\n{Quote(question.Text)}";
        var page = $"/meetings/{meeting.Id}";
        return question.Status switch
        {
            QuestionStatus.Accepted => new Mail($"Your question is accepted: {meeting.Title} on {date}",
                Public(question.Name, $"{asked}\n\nhas been accepted. It will be put to the meeting, and the answer recorded in its minutes.", "The meeting's page:", page)),
            QuestionStatus.Rejected => new Mail($"Your question was not accepted: {meeting.Title} on {date}",
                Public(question.Name, $"{asked}\n\nwas not accepted. The reason:\n\n{Quote(question.Reason ?? "")}", "The meeting's page:", page)),
            // Sent before anyone has read the question, to an address nobody has confirmed: it repeats nothing the sender wrote.
            _ => new Mail($"We have your question: {meeting.Title} on {date}",
                Public("", $"A question for the {meeting.Title} on {date} was sent from this address. It has reached the Police and Crime " +
                           "Commissioner's office, and we will email you when it is accepted or not. If you did not send it, ignore this email.",
                    "The meeting's page:", page)),
        };
    }

    /// <summary>The address that stops the alerts, in every alert and in its List-Unsubscribe header.</summary>
    public string Unsubscribe(string token) => Link($"/subscriptions/unsubscribe?token={Uri.EscapeDataString(token)}");

    public static string UnsubscribeFooter(string unsubscribe) => $"You get this email because you asked for these alerts. Unsubscribe in one click: {unsubscribe}\n";

    /// <summary>A mail to a member of the public: no role, no application pages.</summary>
    private string Public(string name, string happened, string act, string path) =>
        $"{(name.Trim().Length > 0 ? $"Dear {name.Trim()}" : "Hello")},\n\n{happened}\n\n{act}\n{Link(path)}\n\n" +
        "-- \nThe Office of the Police and Crime Commissioner for Norfolk.\n";

    private string Title(PaperFacts paper) => shape.Title(paper.Pillar);

    private static string Named(MeetingFacts meeting) => $"{meeting.Title} on {Day(meeting.Date)}";

    private static bool ForArea(NotificationPerson to, string pillar) => to.Has(Roles.CommandArea) && to.Pillar == pillar;

    /// <summary>A command area acts on its paper; the OPCCN follows the meeting's readiness.</summary>
    private static string PaperOrMeeting(NotificationPerson to, PaperFacts paper) =>
        ForArea(to, paper.Pillar) ? $"/app/papers/{paper.PeriodEnd}" : paper.Meeting is { } meeting ? $"/app/meetings/{meeting.Id}" : "/app/meetings";

    private static string Stage(string status) => status switch
    {
        "Draft" => "still a draft",
        "Submitted" => "submitted but not yet approved",
        _ => status.ToLowerInvariant(),
    };

    private static IReadOnlyList<string> Details(PaperFacts paper)
    {
        var lines = new List<string>();
        if (paper.Meeting is { } meeting)
        {
            lines.Add($"Meeting: {meeting.Title}, {Day(meeting.Date)}");
            lines.Add($"Papers due by: {Day(meeting.PaperDeadline)}");
        }
        lines.Add($"Reporting period: {(ReportingPeriod.TryParse(paper.PeriodEnd, out var period, out _) ? period.Dates : paper.PeriodEnd)}");
        return lines;
    }

    /// <summary>Text a person wrote, set off by indentation.</summary>
    private static string Quote(string text) => string.Join('\n', text.Trim().ReplaceLineEndings("\n").Split('\n').Select(l => $"    {l}".TrimEnd()));

    private string Write(NotificationPerson to, string happened, IReadOnlyList<string> details, string act, string path)
    {
        var body = new StringBuilder();
        body.Append($"Dear {to.Name},\n\n{happened}\n\n");
        if (details.Count > 0) body.Append(string.Join('\n', details)).Append("\n\n");
        body.Append($"{act}\n{Link(path)}\n\n");
        body.Append("-- \nPlanServices, for the Office of the Police and Crime Commissioner for Norfolk.\n");
        body.Append($"You get this email because of your role in the PCC Accountability Meetings. Choose which emails you get: {Link("/app/notifications")}\n");
        return body.ToString();
    }

    private string Link(string path) => baseUrl.TrimEnd('/') + path;
}
