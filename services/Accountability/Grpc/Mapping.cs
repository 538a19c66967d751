using Domain = PlanServices.Accountability.Domain;
using Proto = Plan.Accountability.V1;

namespace PlanServices.Accountability.Grpc;

/// <summary>The Accountability API's messages to the service's own records and back.</summary>
public static class Mapping
{
    public static Domain.Meeting ToDomain(Proto.Meeting m) => new(m.Id, m.Title, m.Date, m.PeriodEnd, m.Purpose, m.StartTime, m.Venue)
    {
        Agenda = m.Agenda.Select(ToDomain).ToList(),
        NextMeetings = m.NextMeetings.Select(ToDomain).ToList(),
        PapersSubmittedTo = m.PapersSubmittedTo,
        PapersOriginator = m.PapersOriginator,
        HowToAttend = m.HowToAttend,
        WatchAt = m.WatchAt,
        QuestionsClose = m.QuestionsClose,
    };

    public static Domain.AgendaItem ToDomain(Proto.AgendaItem a) => new(a.Number, a.Time, a.Title, a.Kind switch
    {
        Proto.AgendaItemKind.Paper => Domain.AgendaKind.Paper,
        Proto.AgendaItemKind.VerbalUpdate => Domain.AgendaKind.VerbalUpdate,
        Proto.AgendaItemKind.Procedural => Domain.AgendaKind.Procedural,
        Proto.AgendaItemKind.Break => Domain.AgendaKind.Break,
        _ => null,
    }, a.Pillar, a.MinutesOf);

    public static Domain.ScrutinyDate ToDomain(Proto.ScrutinyDate d) => new(d.Title, d.Date, d.StartTime, d.EndTime);

    public static Domain.Minutes ToDomain(Proto.Minutes m) => new(m.MeetingId, m.Venue)
    {
        Attendance = m.Attendance.Select(ToDomain).ToList(),
        Apologies = m.Apologies.Select(ToDomain).ToList(),
        Declarations = m.Declarations.ToList(),
        PublicQuestions = m.PublicQuestions.Select(ToDomain).ToList(),
        Priorities = m.Priorities.Select(p => new Domain.PriorityDiscussion(p.Pillar, p.Title) { Questions = p.Questions.Select(ToDomain).ToList() }).ToList(),
        EmergingRisks = m.EmergingRisks.ToList(),
        AnyOtherBusiness = m.AnyOtherBusiness.ToList(),
        PreviousMeetingId = m.PreviousMeetingId,
        PreviousMinutes = m.PreviousMinutes.ToList(),
    };

    private static Domain.Person ToDomain(Proto.Person p) => new(p.Name, p.Role, p.Organisation);

    private static Domain.QuestionAndAnswer ToDomain(Proto.QuestionAndAnswer q) => new(q.Question, q.Answer);

    public static Proto.Meeting ToProto(Domain.Meeting m)
    {
        var message = new Proto.Meeting
        {
            Id = m.Id, Title = m.Title, Purpose = m.Purpose, Date = m.Date, StartTime = m.StartTime, Venue = m.Venue, PeriodEnd = m.PeriodEnd,
            PapersSubmittedTo = m.PapersSubmittedTo, PapersOriginator = m.PapersOriginator,
            HowToAttend = m.HowToAttend, WatchAt = m.WatchAt, QuestionsClose = m.QuestionsClose,
            AgendaPublishedAt = m.AgendaPublishedAt?.UtcDateTime.ToString("O") ?? "",
        };
        message.Agenda.AddRange(m.Agenda.Select(a => new Proto.AgendaItem
        {
            Number = a.Number, Time = a.Time, Title = a.Title, Pillar = a.Pillar, MinutesOf = a.MinutesOf,
            Kind = a.Kind switch
            {
                Domain.AgendaKind.Paper => Proto.AgendaItemKind.Paper,
                Domain.AgendaKind.VerbalUpdate => Proto.AgendaItemKind.VerbalUpdate,
                Domain.AgendaKind.Procedural => Proto.AgendaItemKind.Procedural,
                Domain.AgendaKind.Break => Proto.AgendaItemKind.Break,
                _ => Proto.AgendaItemKind.Unspecified,
            },
        }));
        message.NextMeetings.AddRange(m.NextMeetings.Select(d => new Proto.ScrutinyDate { Title = d.Title, Date = d.Date, StartTime = d.StartTime, EndTime = d.EndTime }));
        return message;
    }

    public static Proto.Minutes ToProto(Domain.Minutes m)
    {
        var message = new Proto.Minutes
        {
            MeetingId = m.MeetingId, Venue = m.Venue, ConfirmedAtMeetingId = m.ConfirmedAtMeetingId ?? "", PreviousMeetingId = m.PreviousMeetingId,
            Status = m.ConfirmedAtMeetingId is null ? Proto.MinutesStatus.Draft : Proto.MinutesStatus.Confirmed,
        };
        message.Attendance.AddRange(m.Attendance.Select(ToProto));
        message.Apologies.AddRange(m.Apologies.Select(ToProto));
        message.Declarations.AddRange(m.Declarations);
        message.PublicQuestions.AddRange(m.PublicQuestions.Select(ToProto));
        message.Priorities.AddRange(m.Priorities.Select(p =>
        {
            var priority = new Proto.PriorityDiscussion { Pillar = p.Pillar, Title = p.Title };
            priority.Questions.AddRange(p.Questions.Select(ToProto));
            return priority;
        }));
        message.EmergingRisks.AddRange(m.EmergingRisks);
        message.AnyOtherBusiness.AddRange(m.AnyOtherBusiness);
        message.PreviousMinutes.AddRange(m.PreviousMinutes);
        return message;
    }

    private static Proto.Person ToProto(Domain.Person p) => new() { Name = p.Name, Role = p.Role, Organisation = p.Organisation };

    private static Proto.QuestionAndAnswer ToProto(Domain.QuestionAndAnswer q) => new() { Question = q.Question, Answer = q.Answer };
}
