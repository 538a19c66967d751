using System.Globalization;
using PlanServices.ServiceDefaults;

namespace PlanServices.Accountability.Domain;

/// <summary>
/// A new meeting starts from the last one (docs/accountability.md): a meeting scheduled without an agenda takes the
/// agenda of the latest earlier meeting that has one (items, titles, times moved with the start time), its minutes item
/// now confirming the meeting just before, a paper item for every priority, and the next scrutiny dates still to come;
/// purpose, venue, start time, how to attend or watch and what the papers' covers say are taken from it where the new meeting leaves them empty.
/// With no earlier agenda, the standard one. Everything stays editable.
/// </summary>
public static class MeetingTemplate
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>
    /// The agenda the meeting starts with. <paramref name="template"/> is the latest earlier meeting with an agenda (if any);
    /// <paramref name="previous"/> the meeting just before (whose minutes this one confirms), with its date;
    /// <paramref name="dateOf"/> gives a meeting's date by id.
    /// </summary>
    public static Meeting Start(SuiteShape shape, Meeting meeting, DateOnly date, Meeting? template, (string Id, DateOnly Date)? previous, Func<string, DateOnly?> dateOf)
    {
        if (meeting.Agenda.Count > 0) return meeting;
        var basis = template ?? Standard(shape, meeting);
        var shift = Shift(basis.StartTime, meeting.StartTime);
        var agenda = basis.Agenda.Select(item => item with { Time = Moved(item.Time, shift) }).ToList();
        var minutesItem = agenda.FindIndex(a => a.MinutesOf.Length > 0);
        if (previous is { } before)
        {
            if (minutesItem < 0)
                agenda.Insert(Math.Min(2, agenda.Count), new AgendaItem(Title: MinutesTitle(before.Date), Kind: AgendaKind.Paper, MinutesOf: before.Id));
            else
            {
                var item = agenda[minutesItem];
                var title = dateOf(item.MinutesOf) is { } old ? Redated(item.Title, old, before.Date) : MinutesTitle(before.Date);
                agenda[minutesItem] = item with { Title = title, MinutesOf = before.Id };
            }
        }
        else if (minutesItem >= 0) agenda.RemoveAt(minutesItem);
        foreach (var pillar in shape.PillarIds.Where(p => !agenda.Any(a => a.Pillar == p)))
        {
            var last = agenda.FindLastIndex(a => a.Pillar.Length > 0);
            agenda.Insert(last < 0 ? agenda.Count : last + 1, PaperItem(shape, pillar));
        }
        var number = 0;
        agenda = agenda.Select(a => a.Kind == AgendaKind.Break ? a with { Number = 0 } : a with { Number = ++number }).ToList();

        return meeting with
        {
            Purpose = Or(meeting.Purpose, basis.Purpose),
            Venue = Or(meeting.Venue, basis.Venue),
            StartTime = Or(meeting.StartTime, basis.StartTime),
            PapersSubmittedTo = Or(meeting.PapersSubmittedTo, basis.PapersSubmittedTo),
            PapersOriginator = Or(meeting.PapersOriginator, basis.PapersOriginator),
            HowToAttend = Or(meeting.HowToAttend, basis.HowToAttend),
            WatchAt = Or(meeting.WatchAt, basis.WatchAt),
            Agenda = agenda,
            NextMeetings = meeting.NextMeetings.Count > 0 ? meeting.NextMeetings
                : basis.NextMeetings.Where(n => DateOnly.TryParse(n.Date, CultureInfo.InvariantCulture, out var d) && d > date).ToList(),
        };
    }

    /// <summary>What an agenda lacks, in plain words: no items, a priority without its paper, no item confirming the previous minutes.</summary>
    public static IReadOnlyList<string> Gaps(SuiteShape shape, Meeting meeting, string? previousMeetingId)
    {
        if (meeting.Agenda.Count == 0) return ["The agenda has no items yet: add them on the meeting's agenda page."];
        var gaps = shape.PillarIds.Where(p => !meeting.Agenda.Any(a => a.Pillar == p && a.Kind == AgendaKind.Paper))
            .Select(p => $"The agenda has no item for the {shape.Title(p)} paper.").ToList();
        if (previousMeetingId is not null && !meeting.Agenda.Any(a => a.MinutesOf.Length > 0))
            gaps.Add($"The agenda has no item confirming the minutes of the previous meeting ({previousMeetingId}).");
        return gaps;
    }

    /// <summary>The agenda of a first meeting: procedure, public questions, a paper per priority, risks, any other business (the previous minutes go third).</summary>
    private static Meeting Standard(SuiteShape shape, Meeting meeting) => new()
    {
        Agenda =
        [
            new(Title: "Attendance and Apologies for Absence", Kind: AgendaKind.Procedural),
            new(Title: "Declarations of Personal and/or Prejudicial Interests", Kind: AgendaKind.Procedural),
            new(Title: "Public Questions", Kind: AgendaKind.VerbalUpdate),
            .. shape.PillarIds.Select(p => PaperItem(shape, p)),
            new(Title: "Emerging Operational/Organisational Risks", Kind: AgendaKind.VerbalUpdate),
            new(Title: "A.O.B.", Kind: AgendaKind.VerbalUpdate),
        ],
        StartTime = meeting.StartTime,
    };

    /// <summary>"Priority 3 – Reducing Harm": the priority's number in the Plan and its title.</summary>
    private static AgendaItem PaperItem(SuiteShape shape, string pillar) =>
        new(Title: $"Priority {shape.Priority(pillar)} – {shape.Title(pillar)}", Kind: AgendaKind.Paper, Pillar: pillar);

    private static string MinutesTitle(DateOnly date) =>
        $"To confirm the minutes and actions of the previous meeting held on {date.ToString("dddd d MMMM yyyy", English)}";

    /// <summary>The title with the old meeting's date, as written, replaced by the new one's.</summary>
    private static string Redated(string title, DateOnly old, DateOnly now)
    {
        foreach (var format in new[] { "dddd d MMMM yyyy", "d MMMM yyyy", "dd/MM/yyyy", "yyyy-MM-dd" })
            if (title.Contains(old.ToString(format, English), StringComparison.Ordinal))
                return title.Replace(old.ToString(format, English), now.ToString(format, English), StringComparison.Ordinal);
        return MinutesTitle(now);
    }

    private static TimeSpan Shift(string from, string to) =>
        TimeOnly.TryParse(from, CultureInfo.InvariantCulture, out var a) && TimeOnly.TryParse(to, CultureInfo.InvariantCulture, out var b) ? b - a : TimeSpan.Zero;

    private static string Moved(string time, TimeSpan shift) =>
        shift == TimeSpan.Zero || !TimeOnly.TryParse(time, CultureInfo.InvariantCulture, out var t) ? time : t.Add(shift).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Or(string value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;
}
