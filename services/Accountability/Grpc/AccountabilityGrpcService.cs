using Plan.Accountability.V1;
using Microsoft.AspNetCore.Authorization;
using PlanServices.Accountability.Domain;
using PlanServices.Accountability.Notifications;
using Meeting = Plan.Accountability.V1.Meeting;
using Minutes = Plan.Accountability.V1.Minutes;
using PublishedPack = Plan.Accountability.V1.PublishedPack;
using Grpc.Core;
using PlanServices.ServiceDefaults;

namespace PlanServices.Accountability.Grpc;

/// <summary>
/// The Accountability API (protos/accountability/v1/accountability.proto). Domain refusals become statuses in
/// <see cref="RefusalInterceptor"/>; who may call each method is in its attribute.
/// </summary>
[Authorize(Policy = Policies.Reader)]
public sealed class AccountabilityGrpcService(MeetingBook meetings, ActionLog actions, PackReadinessBook readiness, Recipients recipients,
    PublicMeetings publicMeetings, Subscribers subscriptions, PublishedSearch search, Domain.AuditLog audit)
    : AccountabilityService.AccountabilityServiceBase
{
    [Authorize(Policy = Policies.Opccn)]
    public override async Task<Plan.Accountability.V1.AuditLog> ListAudit(ListAuditRequest request, ServerCallContext context)
    {
        var log = new Plan.Accountability.V1.AuditLog();
        log.Entries.AddRange((await audit.ListAsync(request.Limit == 0 ? 200 : request.Limit, request.BeforeId, context.CancellationToken)).Select(e => new Plan.Accountability.V1.AuditEntry
        {
            Id = e.Id, At = e.At.UtcDateTime.ToString("O"), Who = e.Who, Action = e.Action, Subject = e.Subject, Detail = e.Detail,
        }));
        return log;
    }

    [Authorize(Policy = Policies.Service)]
    public override async Task<SearchPublishedReply> SearchPublished(SearchPublishedRequest request, ServerCallContext context)
    {
        var reply = new SearchPublishedReply();
        reply.Hits.AddRange((await search.SearchAsync(request.Query, request.Limit, context.CancellationToken)).Select(h => new Plan.Accountability.V1.SearchHit
        {
            MeetingId = h.MeetingId, Version = h.Version, Anchor = h.Anchor, Kind = h.Kind, Heading = h.Heading, Snippet = h.Snippet,
        }));
        return reply;
    }

    [Authorize(Policy = Policies.Opccn)]
    public override async Task<Meeting> PublishAgenda(PublishAgendaRequest request, ServerCallContext context) =>
        Mapping.ToProto(await publicMeetings.PublishAgendaAsync(request.MeetingId, request.HowToAttend, request.WatchAt, request.QuestionsClose,
            context.GetHttpContext().User.Who(), context.CancellationToken));

    [AllowAnonymous]
    public override async Task<PublicMeetingList> ListPublicMeetings(ListPublicMeetingsRequest request, ServerCallContext context)
    {
        var list = new PublicMeetingList();
        foreach (var meeting in await publicMeetings.ListAsync(context.CancellationToken))
        {
            var message = new Plan.Accountability.V1.PublicMeeting
            {
                Meeting = Mapping.ToProto(meeting.Meeting), QuestionsClose = meeting.QuestionsClose.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                PackPublished = meeting.PackPublished,
            };
            message.Questions.AddRange(meeting.Accepted.Select(ToProto));
            list.Meetings.Add(message);
        }
        return list;
    }

    [Authorize(Policy = Policies.Service)]
    public override async Task<Plan.Accountability.V1.PublicQuestion> AskQuestion(AskQuestionRequest request, ServerCallContext context) =>
        ToProto(await publicMeetings.AskAsync(request.MeetingId, request.Name, request.Email, request.Question, context.CancellationToken));

    [Authorize(Policy = Policies.Opccn)]
    public override async Task<PublicQuestionList> ListQuestions(ListQuestionsRequest request, ServerCallContext context)
    {
        var list = new PublicQuestionList();
        list.Questions.AddRange((await publicMeetings.QuestionsAsync(request.MeetingId, context.CancellationToken)).Select(ToProto));
        return list;
    }

    [Authorize(Policy = Policies.Opccn)]
    public override async Task<Plan.Accountability.V1.PublicQuestion> ModerateQuestion(ModerateQuestionRequest request, ServerCallContext context) =>
        ToProto(await publicMeetings.ModerateAsync(request.Id, request.Accept, request.Reason, context.GetHttpContext().User.Who(), context.CancellationToken));

    [Authorize(Policy = Policies.Service)]
    public override async Task<SubscriptionReply> Subscribe(SubscribeRequest request, ServerCallContext context)
    {
        await subscriptions.SubscribeAsync(request.Email, context.CancellationToken);
        return new SubscriptionReply { Outcome = SubscriptionReply.Types.Outcome.ConfirmationSent };
    }

    [Authorize(Policy = Policies.Service)]
    public override async Task<SubscriptionReply> ConfirmSubscription(SubscriptionTokenRequest request, ServerCallContext context) =>
        ToProto(await subscriptions.ConfirmAsync(request.Token, context.CancellationToken));

    [Authorize(Policy = Policies.Service)]
    public override async Task<SubscriptionReply> Unsubscribe(SubscriptionTokenRequest request, ServerCallContext context) =>
        ToProto(await subscriptions.UnsubscribeAsync(request.Token, context.CancellationToken));

    private static SubscriptionReply ToProto(SubscriptionOutcome outcome) => new()
    {
        Outcome = outcome switch
        {
            SubscriptionOutcome.Confirmed => SubscriptionReply.Types.Outcome.Confirmed,
            SubscriptionOutcome.Unsubscribed => SubscriptionReply.Types.Outcome.Unsubscribed,
            SubscriptionOutcome.Unknown => SubscriptionReply.Types.Outcome.UnknownToken,
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
        },
    };

    private static Plan.Accountability.V1.PublicQuestion ToProto(Domain.PublicQuestion q) => new()
    {
        Id = q.Id, MeetingId = q.MeetingId, Name = q.Name, Email = q.Email, Text = q.Text, AskedAt = q.AskedAt.UtcDateTime.ToString("O"),
        Reason = q.Reason, ModeratedBy = q.ModeratedBy,
        Status = q.Status switch
        {
            Domain.QuestionStatus.Pending => Plan.Accountability.V1.QuestionStatus.Pending,
            Domain.QuestionStatus.Accepted => Plan.Accountability.V1.QuestionStatus.Accepted,
            Domain.QuestionStatus.Rejected => Plan.Accountability.V1.QuestionStatus.Rejected,
            _ => throw new ArgumentOutOfRangeException(nameof(q), q.Status, null),
        },
    };

    [Authorize(Policy = Policies.Reader)]
    public override async Task<NotificationChoices> GetNotificationChoices(GetNotificationChoicesRequest request, ServerCallContext context)
    {
        var person = Caller(context);
        return ToProto(person, await recipients.ChoicesAsync(person, context.CancellationToken));
    }

    [Authorize(Policy = Policies.Reader)]
    public override async Task<NotificationChoices> SetNotificationChoices(SetNotificationChoicesRequest request, ServerCallContext context)
    {
        var person = Caller(context);
        return ToProto(person, await recipients.ChooseAsync(person, request.Choices.Select(c => (c.Kind, c.On)).ToList(), context.CancellationToken));
    }

    /// <summary>The person the caller is, by the token's email claim or else its name.</summary>
    private NotificationPerson Caller(ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        return recipients.Find(user.FindFirst("email")?.Value, user.FindFirst("name")?.Value);
    }

    private static NotificationChoices ToProto(NotificationPerson person, IReadOnlyList<Notifications.NotificationChoice> choices)
    {
        var message = new NotificationChoices { Name = person.Name, Email = person.Email };
        message.Choices.AddRange(choices.Select(c => new Plan.Accountability.V1.NotificationChoice { Kind = c.Kind.Id, Description = c.Kind.Description, On = c.On }));
        return message;
    }

    [Authorize(Policy = Policies.Reader)]
    public override async Task<PackReadiness> GetPackReadiness(GetPackReadinessRequest request, ServerCallContext context) =>
        ToProto(await readiness.GetAsync(request.MeetingId, context.CancellationToken));

    /// <summary>The gateway renders the files and calls this with the signed-in OPCCN user's token.</summary>
    [Authorize(Policy = Policies.Opccn)]
    public override async Task<PackReadiness> PublishPack(PublishPackRequest request, ServerCallContext context) =>
        ToProto(await readiness.PublishAsync(request.MeetingId, request.Version, request.Note,
            request.Files.Select(f => new Domain.PackFile(f.Format, f.ContentType, f.Content.ToByteArray())).ToList(),
            context.GetHttpContext().User.Who(), context.CancellationToken,
            request.Search.Select(e => new Domain.SearchEntry(e.Anchor, e.Kind, e.Heading, e.Text)).ToList()));

    [AllowAnonymous]
    public override async Task<PublishedPack> GetPublishedPack(GetPublishedPackRequest request, ServerCallContext context) =>
        ToProto(await readiness.GetPublishedAsync(request.MeetingId, request.Version, request.Format, context.CancellationToken));

    [AllowAnonymous]
    public override async Task<PublishedPackList> ListPublishedPacks(ListPublishedPacksRequest request, ServerCallContext context)
    {
        var list = new PublishedPackList();
        list.Packs.AddRange((await readiness.ListPublishedAsync(context.CancellationToken)).Select(ToProto));
        return list;
    }

    private static PublishedPack ToProto(Domain.PublishedPack pack)
    {
        var message = new PublishedPack
        {
            MeetingId = pack.MeetingId, Version = pack.Version, PublishedAt = pack.PublishedAt.UtcDateTime.ToString("O"), PublishedBy = pack.PublishedBy,
            Note = pack.Note, LatestVersion = pack.LatestVersion,
        };
        message.Files.AddRange(pack.Files.Select(f => new Plan.Accountability.V1.PackFile
        {
            Format = f.Format, ContentType = f.ContentType, Content = Google.Protobuf.ByteString.CopyFrom(f.Content), Sha256 = f.Sha256,
        }));
        return message;
    }

    private static PackReadiness ToProto(PackState state)
    {
        var message = new PackReadiness
        {
            MeetingId = state.MeetingId, Ready = state.Ready, PublishedAt = state.PublishedAt?.UtcDateTime.ToString("O") ?? "",
            PublishedVersion = state.PublishedVersion, PaperDeadline = state.PaperDeadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            InPreparation = state.InPreparation,
        };
        message.Problems.AddRange(state.Problems);
        message.Papers.AddRange(state.Papers.Select(p => new PaperReadiness
        {
            Pillar = p.Pillar, Status = p.Status, Version = p.Version, UpdatedAt = p.UpdatedAt?.UtcDateTime.ToString("O") ?? "", Late = p.Late,
        }));
        return message;
    }

    [Authorize(Policy = Policies.Opccn)]
    public override async Task<Meeting> ScheduleMeeting(Meeting request, ServerCallContext context) =>
        Mapping.ToProto(await meetings.ScheduleAsync(Mapping.ToDomain(request), context.CancellationToken));

    [Authorize(Policy = Policies.Reader)]
    public override async Task<Meeting> GetMeeting(GetMeetingRequest request, ServerCallContext context) =>
        Mapping.ToProto(await meetings.GetAsync(request.Id, context.CancellationToken));

    [Authorize(Policy = Policies.Reader)]
    public override async Task<MeetingList> ListMeetings(ListMeetingsRequest request, ServerCallContext context)
    {
        var list = new MeetingList();
        list.Meetings.AddRange((await meetings.ListAsync(context.CancellationToken)).Select(Mapping.ToProto));
        return list;
    }

    [Authorize(Policy = Policies.Opccn)]
    public override async Task<Meeting> SetAgenda(SetAgendaRequest request, ServerCallContext context) =>
        Mapping.ToProto(await meetings.SetAgendaAsync(request.MeetingId, request.Agenda.Select(Mapping.ToDomain).ToList(),
            request.NextMeetings.Select(Mapping.ToDomain).ToList(), context.CancellationToken));

    [Authorize(Policy = Policies.Opccn)]
    public override async Task<Minutes> SaveMinutes(Minutes request, ServerCallContext context) =>
        Mapping.ToProto(await meetings.SaveMinutesAsync(Mapping.ToDomain(request), context.CancellationToken));

    [Authorize(Policy = Policies.Reader)]
    public override async Task<Minutes> GetMinutes(GetMinutesRequest request, ServerCallContext context) =>
        Mapping.ToProto(await meetings.GetMinutesAsync(request.MeetingId, context.CancellationToken));

    [Authorize(Policy = Policies.Opccn)]
    public override async Task<Minutes> ConfirmMinutes(ConfirmMinutesRequest request, ServerCallContext context) =>
        Mapping.ToProto(await meetings.ConfirmMinutesAsync(request.MeetingId, request.AtMeetingId, context.CancellationToken));

    [Authorize(Policy = Policies.Opccn)]
    public override async Task<Plan.Accountability.V1.Action> RaiseAction(RaiseActionRequest request, ServerCallContext context) =>
        ToProto(await actions.RaiseAsync(request.Number, request.MeetingId, request.Description, request.Owner, context.GetHttpContext().User.Who(), context.CancellationToken, request.DueDate));

    [Authorize(Policy = Policies.Opccn)]
    public override async Task<Plan.Accountability.V1.Action> UpdateAction(UpdateActionRequest request, ServerCallContext context) =>
        ToProto(await actions.UpdateAsync(request.Number, request.Text, State(request.Status, "status"),
            string.IsNullOrEmpty(request.MeetingId) ? null : request.MeetingId, context.GetHttpContext().User.Who(), context.CancellationToken, request.DueDate));

    [Authorize(Policy = Policies.Reader)]
    public override async Task<Plan.Accountability.V1.Action> GetAction(GetActionRequest request, ServerCallContext context) =>
        ToProto(await actions.GetAsync(request.Number, context.CancellationToken));

    [Authorize(Policy = Policies.Reader)]
    public override async Task<ActionList> ListActions(ListActionsRequest request, ServerCallContext context)
    {
        var statuses = request.Statuses.Select((s, i) => State(s, $"statuses[{i}]") ?? throw Invalid($"statuses[{i}]: unspecified")).ToList();
        var list = new ActionList();
        list.Actions.AddRange((await actions.ListAsync(request.Owner, statuses, context.CancellationToken)).Select(ToProto));
        return list;
    }

    public static Plan.Accountability.V1.Action ToProto(ActionRecord action)
    {
        var message = new Plan.Accountability.V1.Action
        {
            Number = action.Number, RaisedAtMeetingId = action.RaisedAtMeetingId, DateRaised = action.DateRaised.ToString("yyyy-MM-dd"),
            Description = action.Description, Owner = action.Owner, Status = ToProto(action.Status),
            DueDate = action.DueDate?.ToString("yyyy-MM-dd") ?? "",
        };
        message.History.AddRange(action.History.Select(h => new ActionUpdate
        {
            At = h.At.UtcDateTime.ToString("O"), MeetingId = h.MeetingId ?? "", Text = h.Text, Status = ToProto(h.Status), Author = h.Author,
        }));
        return message;
    }

    private static ActionState? State(ActionStatus status, string field) => status switch
    {
        ActionStatus.Unspecified => null,
        ActionStatus.New => ActionState.New,
        ActionStatus.Live => ActionState.Live,
        ActionStatus.Closed => ActionState.Closed,
        _ => throw Invalid($"{field}: {(int)status} is not an action status"),
    };

    private static ActionStatus ToProto(ActionState state) => state switch
    {
        ActionState.New => ActionStatus.New,
        ActionState.Live => ActionStatus.Live,
        ActionState.Closed => ActionStatus.Closed,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    private static RefusedException Invalid(string message) => new(Refusal.Invalid, message);
}
