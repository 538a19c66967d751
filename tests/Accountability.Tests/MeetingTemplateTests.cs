using PlanServices.Testing;
using PlanServices.Accountability.Domain;

namespace PlanServices.Accountability.Tests;

/// <summary>A new meeting starts from the last one: the rule on agendas of several shapes.</summary>
public sealed class MeetingTemplateTests
{
    private static readonly DateOnly October = new(2026, 10, 14);

    private static Meeting Previous(params AgendaItem[] agenda) => new("pam-2026-07-01", "PCC Accountability Meeting", "2026-07-01", "2026-03",
        "To hold the Chief Constable to account", "14:00", "Jubilee House")
    {
        Agenda = agenda,
        NextMeetings = [new("Police and Crime Panel", "2026-07-29", "10:00"), new("PCC Accountability Meeting", "2026-10-14", "14:00"), new("Panel", "2026-11-04", "10:00")],
        PapersOriginator = "Deputy Chief Constable",
    };

    private static readonly AgendaItem[] Usual =
    [
        new(1, "14:00", "Attendance and apologies", AgendaKind.Procedural),
        new(2, "14:05", "To confirm the minutes of the meeting held on Tuesday 21 April 2026", AgendaKind.Paper, MinutesOf: "pam-2026-04-21"),
        new(3, "14:30", "Priority 1 – Preventing Crime", AgendaKind.Paper, "preventing-crime"),
        new(4, "14:45", "Priority 2 – Cohesive Communities", AgendaKind.Paper, "cohesive-communities"),
        new(0, "15:00", "Break", AgendaKind.Break),
        new(5, "15:15", "Priority 3 – Reducing Harm", AgendaKind.Paper, "reducing-harm"),
        new(6, "", "A.O.B.", AgendaKind.VerbalUpdate),
    ];

    private static DateOnly? DateOf(string id) => id switch { "pam-2026-04-21" => new DateOnly(2026, 4, 21), "pam-2026-07-01" => new DateOnly(2026, 7, 1), _ => null };

    private static Meeting Start(Meeting meeting, Meeting? template, bool hasPrevious = true) =>
        MeetingTemplate.Start(Repo.Shape, meeting, October, template, hasPrevious ? ("pam-2026-07-01", new DateOnly(2026, 7, 1)) : null, DateOf);

    private static Meeting New(string startTime = "") => new("pam-2026-10-14", "PCC Accountability Meeting", "2026-10-14", "2026-06", StartTime: startTime);

    [Fact]
    public void The_items_times_and_details_come_from_the_previous_meeting_and_the_minutes_item_moves_on()
    {
        var october = Start(New(), Previous(Usual));
        Assert.Equal(Usual.Select(a => (a.Number, a.Time, a.Kind, a.Pillar)), october.Agenda.Select(a => (a.Number, a.Time, a.Kind, a.Pillar)));
        Assert.Equal(("To confirm the minutes of the meeting held on Wednesday 1 July 2026", "pam-2026-07-01"),
            (october.Agenda[1].Title, october.Agenda[1].MinutesOf));
        Assert.Equal(("To hold the Chief Constable to account", "14:00", "Jubilee House", "Deputy Chief Constable"),
            (october.Purpose, october.StartTime, october.Venue, october.PapersOriginator));
        Assert.Equal(["2026-11-04"], october.NextMeetings.Select(n => n.Date));
    }

    [Fact]
    public void A_later_start_moves_every_time_by_the_same_amount()
    {
        var october = Start(New("10:00"), Previous(Usual));
        Assert.Equal(["10:00", "10:05", "10:30", "10:45", "11:00", "11:15", ""], october.Agenda.Select(a => a.Time));
        Assert.Equal("10:00", october.StartTime);
    }

    [Fact]
    public void A_priority_missing_from_the_previous_agenda_gets_its_paper_item_and_the_items_are_renumbered()
    {
        var october = Start(New(), Previous(Usual.Where(a => a.Pillar != "cohesive-communities").ToArray()));
        Assert.Equal(["preventing-crime", "reducing-harm", "cohesive-communities"], october.Agenda.Where(a => a.Pillar != "").Select(a => a.Pillar));
        Assert.Equal("Priority 2 – Cohesive Communities", october.Agenda.Single(a => a.Pillar == "cohesive-communities").Title);
        Assert.Equal([1, 2, 3, 0, 4, 5, 6], october.Agenda.Select(a => a.Number));
    }

    [Theory]
    [InlineData("Minutes of 21 April 2026", "Minutes of 1 July 2026")]
    [InlineData("Minutes (21/04/2026)", "Minutes (01/07/2026)")]
    [InlineData("Minutes of the last meeting", "To confirm the minutes and actions of the previous meeting held on Wednesday 1 July 2026")]
    public void The_minutes_item_names_the_meeting_just_before_however_its_date_was_written(string before, string after)
    {
        var agenda = Usual.Select(a => a.MinutesOf.Length > 0 ? a with { Title = before } : a).ToArray();
        Assert.Equal(after, Start(New(), Previous(agenda)).Agenda.Single(a => a.MinutesOf.Length > 0).Title);
    }

    [Fact]
    public void A_first_meeting_gets_the_standard_agenda_without_a_minutes_item()
    {
        var first = Start(New("10:00"), template: null, hasPrevious: false);
        Assert.Equal(["Attendance and Apologies for Absence", "Declarations of Personal and/or Prejudicial Interests", "Public Questions",
            "Priority 1 – Preventing Crime", "Priority 2 – Cohesive Communities", "Priority 3 – Reducing Harm",
            "Emerging Operational/Organisational Risks", "A.O.B."], first.Agenda.Select(a => a.Title));
        Assert.Empty(MeetingTemplate.Gaps(Repo.Shape, first, previousMeetingId: null));
    }

    [Fact]
    public void A_meeting_after_one_without_an_agenda_still_confirms_that_meetings_minutes()
    {
        var second = Start(New(), template: null);
        Assert.Equal(("pam-2026-07-01", 3), (second.Agenda[2].MinutesOf, second.Agenda[2].Number));
        Assert.Empty(MeetingTemplate.Gaps(Repo.Shape, second, "pam-2026-07-01"));
    }

    [Fact]
    public void An_agenda_given_is_kept_as_it_is()
    {
        var given = New() with { Agenda = [new(1, "09:00", "Only item", AgendaKind.VerbalUpdate)] };
        Assert.Same(given, Start(given, Previous(Usual)));
        Assert.Equal(["The agenda has no item for the Preventing Crime paper.", "The agenda has no item for the Cohesive Communities paper.",
            "The agenda has no item for the Reducing Harm paper.", "The agenda has no item confirming the minutes of the previous meeting (pam-2026-07-01)."],
            MeetingTemplate.Gaps(Repo.Shape, given, "pam-2026-07-01"));
    }
}
