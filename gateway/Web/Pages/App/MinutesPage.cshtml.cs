using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plan.Accountability.V1;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>
/// A meeting's minutes as plain text fields: lists one item per line, people as "Name; Role; Organisation", questions
/// as "Q:" and "A:" blocks. Saved until confirmed at a later meeting; confirmed minutes are shown, never changed.
/// </summary>
[Authorize(Roles = Roles.Opccn)]
public sealed class MinutesPageModel(AppData data) : PageModel
{
    public sealed class Fields
    {
        public string? Venue { get; set; }
        public string? Attendance { get; set; }
        public string? Apologies { get; set; }
        public string? Declarations { get; set; }
        public string? PublicQuestions { get; set; }
        public Dictionary<string, string> Themes { get; set; } = [];
        public Dictionary<string, string> Discussions { get; set; } = [];
        public string? EmergingRisks { get; set; }
        public string? AnyOtherBusiness { get; set; }
        public string? PreviousMeetingId { get; set; }
        public string? PreviousMinutes { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";
    [BindProperty] public Fields Form { get; set; } = new();

    public Meeting Meeting { get; private set; } = null!;
    public IReadOnlyList<Meeting> Meetings { get; private set; } = [];
    public Minutes? Saved { get; private set; }
    public IReadOnlyList<string> Pillars => data.Pillars;
    public IReadOnlyList<string> Refusals { get; private set; } = [];
    public string Done { get; private set; } = "";
    public bool Confirmed => Saved?.Status == MinutesStatus.Confirmed;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (Saved is { } minutes) Form = ToFields(minutes);
        else (Form.Venue, Form.PublicQuestions) = (Meeting.Venue, await AcceptedQuestionsAsync(ct));
        return Page();
    }

    /// <summary>The public questions accepted for the meeting, each to be answered: how new minutes' public questions start.</summary>
    private async Task<string> AcceptedQuestionsAsync(CancellationToken ct)
    {
        var all = await data.Accountability.ListQuestionsAsync(new ListQuestionsRequest { MeetingId = Id }, await data.AsUserAsync(), cancellationToken: ct);
        return Questions(all.Questions.Where(q => q.Status == QuestionStatus.Accepted).Select(q => new QuestionAndAnswer { Question = $"{q.Name} asked: {q.Text}" }));
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var minutes = ToMinutes(Id, Form);
        try
        {
            Saved = await data.Accountability.SaveMinutesAsync(minutes, await data.AsUserAsync(), cancellationToken: ct);
            Done = "The minutes are saved.";
        }
        catch (RpcException e) when (AppData.Refused(e))
        {
            Refusals = AppData.Sentences(e, v => Describe(v, Form, minutes));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(string? at, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        try
        {
            Saved = await data.Accountability.ConfirmMinutesAsync(new ConfirmMinutesRequest { MeetingId = Id, AtMeetingId = at ?? "" }, await data.AsUserAsync(), cancellationToken: ct);
            Done = "The minutes are confirmed as a true record and no longer change.";
        }
        catch (RpcException e) when (AppData.Refused(e))
        {
            Refusals = AppData.Sentences(e);
        }
        if (Saved is { } minutes) Form = ToFields(minutes);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Meetings = await data.MeetingsAsync(ct);
        if (Meetings.FirstOrDefault(m => m.Id == Id) is not { } meeting) return false;
        Meeting = meeting;
        try
        {
            Saved = await data.Accountability.GetMinutesAsync(new GetMinutesRequest { MeetingId = Id }, await data.AsUserAsync(), cancellationToken: ct);
        }
        catch (RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.NotFound)
        {
            Saved = null;
        }
        return true;
    }

    public static Minutes ToMinutes(string meetingId, Fields form)
    {
        var minutes = new Minutes { MeetingId = meetingId, Venue = form.Venue?.Trim() ?? "", PreviousMeetingId = form.PreviousMeetingId ?? "" };
        minutes.Attendance.AddRange(People(form.Attendance));
        minutes.Apologies.AddRange(People(form.Apologies));
        minutes.Declarations.AddRange(Lines(form.Declarations));
        minutes.PublicQuestions.AddRange(Questions(form.PublicQuestions));
        foreach (var (pillar, theme) in form.Themes)
        {
            var questions = Questions(form.Discussions.GetValueOrDefault(pillar));
            if (string.IsNullOrWhiteSpace(theme) && questions.Count == 0) continue;
            var discussion = new PriorityDiscussion { Pillar = pillar, Title = theme?.Trim() ?? "" };
            discussion.Questions.AddRange(questions);
            minutes.Priorities.Add(discussion);
        }
        minutes.EmergingRisks.AddRange(Lines(form.EmergingRisks));
        minutes.AnyOtherBusiness.AddRange(Lines(form.AnyOtherBusiness));
        minutes.PreviousMinutes.AddRange(Lines(form.PreviousMinutes));
        return minutes;
    }

    public static Fields ToFields(Minutes minutes) => new()
    {
        Venue = minutes.Venue,
        Attendance = string.Join('\n', minutes.Attendance.Select(Person)),
        Apologies = string.Join('\n', minutes.Apologies.Select(Person)),
        Declarations = string.Join('\n', minutes.Declarations),
        PublicQuestions = Questions(minutes.PublicQuestions),
        Themes = minutes.Priorities.ToDictionary(p => p.Pillar, p => p.Title),
        Discussions = minutes.Priorities.ToDictionary(p => p.Pillar, p => Questions(p.Questions)),
        EmergingRisks = string.Join('\n', minutes.EmergingRisks),
        AnyOtherBusiness = string.Join('\n', minutes.AnyOtherBusiness),
        PreviousMeetingId = minutes.PreviousMeetingId,
        PreviousMinutes = string.Join('\n', minutes.PreviousMinutes),
    };

    /// <summary>
    /// A refusal of the minutes named as the person sees the form: the service's field path (<c>attendance[2].role</c>,
    /// <c>priorities[0].questions[1].answer</c>) becomes the field's label and the line they typed it on ("Attendance,
    /// line 3: role required"). The one place the minutes' field paths are mapped; a path it does not know is shown as sent.
    /// </summary>
    public string Describe(Google.Rpc.BadRequest.Types.FieldViolation violation, Fields form, Minutes sent)
    {
        var path = System.Text.RegularExpressions.Regex.Match(violation.Field, @"^(?<field>[a-z_]+)(\[(?<i>\d+)\])?(\.(?<part>[a-z_]+)(\[(?<j>\d+)\])?(\.(?<sub>[a-z_]+))?)?$");
        int? Index(string group) => path.Groups[group].Success ? int.Parse(path.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        var (field, i, part, j, sub) = (path.Groups["field"].Value, Index("i"), path.Groups["part"].Value.Replace('_', ' '), Index("j"), path.Groups["sub"].Value);
        string Line(string label, string? text, int index, Func<string, bool> counts, string what = "") =>
            $"{label}, line {LineOf(text, index, counts)}: {(what.Length > 0 ? $"{what} " : "")}{violation.Description}";
        static bool Any(string line) => line.Trim().Length > 0;
        static bool Question(string line) => line.TrimStart().StartsWith("Q:", StringComparison.OrdinalIgnoreCase);
        return (path.Success ? field : "", i) switch
        {
            ("venue", null) => $"Venue: {violation.Description}",
            ("attendance", { } n) => Line("Attendance", form.Attendance, n, Any, part),
            ("apologies", { } n) => Line("Apologies", form.Apologies, n, Any, part),
            ("declarations", { } n) => Line("Declarations of interest", form.Declarations, n, Any),
            ("previous_minutes", { } n) => Line("What was recorded on the previous minutes", form.PreviousMinutes, n, Any),
            ("emerging_risks", { } n) => Line("Emerging risks", form.EmergingRisks, n, Any),
            ("any_other_business", { } n) => Line("Any other business", form.AnyOtherBusiness, n, Any),
            ("public_questions", { } n) => Line("Public questions", form.PublicQuestions, n, Question, part),
            ("previous_meeting_id", null) => $"The previous meeting: {violation.Description}",
            ("priorities", { } n) when n < sent.Priorities.Count && sent.Priorities[n].Pillar is var pillar => part switch
            {
                "title" => $"Priority: {data.Title(pillar)}, the paper's theme: {violation.Description}",
                "questions" when j is { } q => Line($"Priority: {data.Title(pillar)}, questions and answers", form.Discussions.GetValueOrDefault(pillar), q, Question, sub),
                _ => $"Priority: {data.Title(pillar)}: {violation.Description}",
            },
            _ => violation.Field.Length > 0 ? $"{violation.Field}: {violation.Description}" : violation.Description,
        };
    }

    /// <summary>The line number (from 1) of the <paramref name="index"/>th line of <paramref name="text"/> that <paramref name="counts"/>.</summary>
    private static int LineOf(string? text, int index, Func<string, bool> counts) =>
        (text ?? "").Replace("\r", "").Split('\n').Select((line, n) => (line, n)).Where(x => counts(x.line)).Skip(index).Select(x => x.n + 1).FirstOrDefault(index + 1);

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static IEnumerable<Person> People(string? text) => Lines(text).Select(line =>
    {
        var parts = line.Split(';', 3, StringSplitOptions.TrimEntries);
        return new Person { Name = parts[0], Role = parts.ElementAtOrDefault(1) ?? "", Organisation = parts.ElementAtOrDefault(2) ?? "" };
    });

    private static string Person(Person p) => string.Join("; ", new[] { p.Name, p.Role, p.Organisation }.Where(s => s.Length > 0));

    /// <summary>"Q: …" starts a question, "A: …" its answer; other lines continue the one before, a blank line a new paragraph.</summary>
    private static List<QuestionAndAnswer> Questions(string? text)
    {
        var pairs = new List<(StringBuilder Q, StringBuilder A)>();
        StringBuilder? current = null;
        foreach (var raw in (text ?? "").Replace("\r", "").Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("Q:", StringComparison.OrdinalIgnoreCase)) { pairs.Add((new StringBuilder(), new StringBuilder())); current = pairs[^1].Q; line = line[2..].Trim(); }
            else if (line.StartsWith("A:", StringComparison.OrdinalIgnoreCase) && pairs.Count > 0) { current = pairs[^1].A; line = line[2..].Trim(); }
            if (current is null) continue;
            if (current.Length > 0) current.Append(line.Length == 0 ? "\n\n" : current[^1] == '\n' ? "" : " ");
            current.Append(line);
        }
        return pairs.Select(p => new QuestionAndAnswer { Question = Clean(p.Q), Answer = Clean(p.A) }).ToList();
    }

    private static string Clean(StringBuilder text) => System.Text.RegularExpressions.Regex.Replace(text.ToString().Trim(), @"\n{3,}", "\n\n");

    private static string Questions(IEnumerable<QuestionAndAnswer> questions) =>
        string.Join("\n\n", questions.Select(q => $"Q: {q.Question}\nA: {q.Answer}"));
}
