using PlanServices.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using PlanServices.Accountability.Data;
using PlanServices.Contracts.Events;
using PlanServices.Eventing;

namespace PlanServices.Accountability.Domain;

/// <summary>
/// Meetings, their agendas and their minutes, checked here and stored whole as the service's own records
/// (<see cref="Documents"/>). Minutes change until they are confirmed at a later meeting; then never.
/// </summary>
public sealed class MeetingBook(AccountabilityDb db, SuiteShape shape)
{
    public async Task<Meeting> ScheduleAsync(Meeting meeting, CancellationToken ct = default)
    {
        var rules = new Rules(shape);
        var date = CheckMeeting(meeting, rules);
        CheckAgenda(meeting, rules);
        rules.ThrowIfAny();
        meeting = await StartFromPreviousAsync(meeting, date, ct);
        var document = Documents.Write(meeting);
        if (await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == meeting.Id, ct) is { } existing)
            return existing.Document == document ? meeting
                : throw new AccountabilityException(Refusal.AlreadyExists, "id", $"meeting '{meeting.Id}' already exists with other details");
        db.Meetings.Add(new MeetingRow { Id = meeting.Id, Date = date, Document = document });
        db.Publish(Topics.MeetingScheduled, new MeetingScheduled(meeting.Id, meeting.Title, date, meeting.PeriodEnd)
        {
            PapersSubmittedTo = meeting.PapersSubmittedTo, PapersOriginator = meeting.PapersOriginator,
        });
        await db.SaveChangesAsync(ct);
        return meeting;
    }

    /// <summary>A meeting without an agenda starts from the latest earlier one that has one (<see cref="MeetingTemplate"/>).</summary>
    private async Task<Meeting> StartFromPreviousAsync(Meeting meeting, DateOnly date, CancellationToken ct)
    {
        if (meeting.Agenda.Count > 0) return meeting;
        var earlier = await db.Meetings.AsNoTracking().Where(m => m.Date < date && m.Id != meeting.Id).OrderByDescending(m => m.Date).ToListAsync(ct);
        var template = earlier.Select(m => Documents.Read<Meeting>(m.Document)).FirstOrDefault(m => m.Agenda.Count > 0);
        var dates = earlier.ToDictionary(m => m.Id, m => m.Date);
        return MeetingTemplate.Start(shape, meeting, date, template, earlier.Count > 0 ? (earlier[0].Id, earlier[0].Date) : null,
            id => dates.TryGetValue(id, out var d) ? d : null);
    }

    public async Task<Meeting> GetAsync(string id, CancellationToken ct = default) => Read(await RequireAsync(id, ct));

    public async Task<IReadOnlyList<Meeting>> ListAsync(CancellationToken ct = default) =>
        (await db.Meetings.AsNoTracking().OrderBy(m => m.Date).ToListAsync(ct)).Select(Read).ToList();

    /// <summary>A meeting as stored: its document, and from its row when its agenda was published.</summary>
    public static Meeting Read(MeetingRow row) => Documents.Read<Meeting>(row.Document) with { AgendaPublishedAt = row.AgendaPublishedAt };

    public async Task<Meeting> SetAgendaAsync(string meetingId, IReadOnlyList<AgendaItem> agenda, IReadOnlyList<ScrutinyDate> next, CancellationToken ct = default)
    {
        var row = await RequireAsync(meetingId, ct);
        var meeting = Documents.Read<Meeting>(row.Document) with { Agenda = agenda, NextMeetings = next };
        var rules = new Rules(shape);
        CheckAgenda(meeting, rules);
        rules.ThrowIfAny();
        row.Document = Documents.Write(meeting);
        await db.SaveChangesAsync(ct);
        return Read(row);
    }

    public async Task<Minutes> SaveMinutesAsync(Minutes minutes, CancellationToken ct = default)
    {
        await RequireAsync(minutes.MeetingId, ct);
        var rules = new Rules(shape);
        CheckMinutes(minutes, rules);
        rules.ThrowIfAny();
        var document = Documents.Write(minutes with { ConfirmedAtMeetingId = null });

        var row = await db.Minutes.SingleOrDefaultAsync(m => m.MeetingId == minutes.MeetingId, ct);
        if (row?.ConfirmedAtMeetingId is { } at)
        {
            if (row.Document == document) return Read(row);
            throw new AccountabilityException(Refusal.WrongState, $"the minutes of {minutes.MeetingId} were confirmed at {at} and no longer change");
        }
        if (row is null) db.Minutes.Add(row = new MinutesRow { MeetingId = minutes.MeetingId, Document = document });
        else if (row.Document != document) { row.Document = document; row.Revision++; }
        await db.SaveChangesAsync(ct);
        return Read(row);
    }

    public async Task<Minutes> GetMinutesAsync(string meetingId, CancellationToken ct = default) =>
        Read(await db.Minutes.AsNoTracking().SingleOrDefaultAsync(m => m.MeetingId == meetingId, ct)
            ?? throw new AccountabilityException(Refusal.NotFound, "meeting_id", $"no minutes for meeting '{meetingId}'"));

    /// <summary>Confirms the minutes of <paramref name="meetingId"/> at the later meeting <paramref name="atMeetingId"/>.</summary>
    public async Task<Minutes> ConfirmMinutesAsync(string meetingId, string atMeetingId, CancellationToken ct = default)
    {
        var minuted = await RequireAsync(meetingId, ct);
        var at = await RequireAsync(atMeetingId, ct, "at_meeting_id");
        var row = await db.Minutes.SingleOrDefaultAsync(m => m.MeetingId == meetingId, ct)
            ?? throw new AccountabilityException(Refusal.NotFound, "meeting_id", $"no minutes for meeting '{meetingId}'");
        if (at.Date <= minuted.Date)
            throw new AccountabilityException(Refusal.WrongState,
                "at_meeting_id", $"minutes are confirmed at a later meeting; {atMeetingId} ({at.Date:yyyy-MM-dd}) is not after {meetingId} ({minuted.Date:yyyy-MM-dd})");
        if (row.ConfirmedAtMeetingId is { } already && already != atMeetingId)
            throw new AccountabilityException(Refusal.WrongState, $"the minutes of {meetingId} were already confirmed at {already}");
        row.ConfirmedAtMeetingId = atMeetingId;
        await db.SaveChangesAsync(ct);
        return Read(row);
    }

    private static Minutes Read(MinutesRow row) => Documents.Read<Minutes>(row.Document) with { ConfirmedAtMeetingId = row.ConfirmedAtMeetingId };

    private async Task<MeetingRow> RequireAsync(string id, CancellationToken ct, string field = "meeting_id") =>
        await db.Meetings.SingleOrDefaultAsync(m => m.Id == id, ct)
        ?? throw new AccountabilityException(Refusal.NotFound, field, $"no meeting '{id}'");

    private static DateOnly CheckMeeting(Meeting meeting, Rules rules)
    {
        rules.MeetingId(meeting.Id, "id");
        rules.Text(meeting.Title, "title");
        rules.Text(meeting.Purpose, "purpose", required: false);
        rules.Text(meeting.Venue, "venue", required: false);
        rules.Time(meeting.StartTime, "start_time", required: false);
        rules.Month(meeting.PeriodEnd, "period_end");
        rules.Text(meeting.PapersSubmittedTo, "papers_submitted_to", required: false);
        rules.Text(meeting.PapersOriginator, "papers_originator", required: false);
        CheckPublicDetails(meeting, rules);
        return rules.Date(meeting.Date, "date");
    }

    /// <summary>What the public side shows of a meeting besides its agenda.</summary>
    public static void CheckPublicDetails(Meeting meeting, Rules rules, bool howToAttendRequired = false)
    {
        rules.Text(meeting.HowToAttend, "how_to_attend", Rules.MaxLongText, required: howToAttendRequired);
        rules.Https(meeting.WatchAt, "watch_at");
        if (meeting.QuestionsClose.Length > 0) rules.Date(meeting.QuestionsClose, "questions_close");
    }

    private static void CheckAgenda(Meeting meeting, Rules rules)
    {
        for (var i = 0; i < meeting.Agenda.Count; i++)
        {
            var item = meeting.Agenda[i];
            var at = $"agenda[{i}]";
            rules.Text(item.Title, $"{at}.title");
            rules.Time(item.Time, $"{at}.time", required: false);
            if (item.Kind is null) rules.Add(new($"{at}.kind", "required (paper, verbalUpdate, procedural or break)"));
            if (item.Kind != AgendaKind.Break && item.Number <= 0) rules.Add(new($"{at}.number", "an item other than a break needs a number above 0"));
            rules.Pillar(item.Pillar, $"{at}.pillar", required: false);
            if (item.MinutesOf.Length > 0) rules.MeetingId(item.MinutesOf, $"{at}.minutes_of");
        }
        foreach (var duplicate in meeting.Agenda.Where(a => a.Number > 0).GroupBy(a => a.Number).Where(g => g.Count() > 1))
            rules.Add(new("agenda", $"item number {duplicate.Key} is used {duplicate.Count()} times"));
        for (var i = 0; i < meeting.NextMeetings.Count; i++)
        {
            var next = meeting.NextMeetings[i];
            rules.Text(next.Title, $"next_meetings[{i}].title");
            rules.Date(next.Date, $"next_meetings[{i}].date");
            rules.Time(next.StartTime, $"next_meetings[{i}].start_time");
            rules.Time(next.EndTime, $"next_meetings[{i}].end_time", required: false);
        }
    }

    private static void CheckMinutes(Minutes minutes, Rules rules)
    {
        rules.Text(minutes.Venue, "venue");
        void People(IReadOnlyList<Person> people, string field)
        {
            for (var i = 0; i < people.Count; i++)
            {
                rules.Text(people[i].Name, $"{field}[{i}].name");
                rules.Text(people[i].Role, $"{field}[{i}].role");
                rules.Text(people[i].Organisation, $"{field}[{i}].organisation");
            }
        }
        void Texts(IReadOnlyList<string> texts, string field)
        {
            for (var i = 0; i < texts.Count; i++) rules.Text(texts[i], $"{field}[{i}]", Rules.MaxLongText);
        }
        void Questions(IReadOnlyList<QuestionAndAnswer> questions, string field)
        {
            for (var i = 0; i < questions.Count; i++)
            {
                rules.Text(questions[i].Question, $"{field}[{i}].question", Rules.MaxLongText);
                rules.Text(questions[i].Answer, $"{field}[{i}].answer", Rules.MaxLongText);
            }
        }
        People(minutes.Attendance, "attendance");
        People(minutes.Apologies, "apologies");
        Texts(minutes.Declarations, "declarations");
        Questions(minutes.PublicQuestions, "public_questions");
        for (var i = 0; i < minutes.Priorities.Count; i++)
        {
            rules.Pillar(minutes.Priorities[i].Pillar, $"priorities[{i}].pillar", required: true);
            rules.Text(minutes.Priorities[i].Title, $"priorities[{i}].title");
            Questions(minutes.Priorities[i].Questions, $"priorities[{i}].questions");
        }
        if (minutes.PreviousMeetingId.Length > 0) rules.MeetingId(minutes.PreviousMeetingId, "previous_meeting_id");
        Texts(minutes.PreviousMinutes, "previous_minutes");
        Texts(minutes.EmergingRisks, "emerging_risks");
        Texts(minutes.AnyOtherBusiness, "any_other_business");
    }
}
