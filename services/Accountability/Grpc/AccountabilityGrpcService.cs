using Plan.Accountability.V1;
using Microsoft.AspNetCore.Authorization;
using PlanServices.Accountability.Domain;
using PlanServices.ServiceDefaults;
using PlanServices.Grpc;
using PlanServices.Grpc.Server;

namespace PlanServices.Accountability.Grpc;

/// <summary>The Accountability API (protos/accountability/v1/accountability.proto).</summary>
public sealed class AccountabilityGrpcService(MeetingBook meetings, ActionLog actions, PackReadinessBook readiness)
{
    [Authorize(Policy = Policies.Reader)]
    public async Task<PackReadiness> GetPackReadiness(GetPackReadinessRequest request, ServerCallContext context) =>
        ToProto(await Guard(() => readiness.GetAsync(request.MeetingId, context.CancellationToken)));

    [Authorize(Policy = Policies.Opccn)]
    public async Task<PackReadiness> PublishPack(PublishPackRequest request, ServerCallContext context) =>
        ToProto(await Guard(() => readiness.PublishAsync(request.MeetingId, context.CancellationToken)));

    private static PackReadiness ToProto(PackState state)
    {
        var message = new PackReadiness { MeetingId = state.MeetingId, Ready = state.Ready, PublishedAt = state.PublishedAt?.UtcDateTime.ToString("O") ?? "" };
        message.Papers.AddRange(state.Papers.Select(p => new PaperReadiness
        {
            Pillar = p.Pillar, Status = p.Status, Version = p.Version, UpdatedAt = p.UpdatedAt?.UtcDateTime.ToString("O") ?? "", Late = p.Late,
        }));
        return message;
    }

    [Authorize(Policy = Policies.Opccn)]
    public Task<Meeting> ScheduleMeeting(Meeting request, ServerCallContext context) =>
        Guard(() => meetings.ScheduleAsync(request, context.CancellationToken));

    [Authorize(Policy = Policies.Reader)]
    public Task<Meeting> GetMeeting(GetMeetingRequest request, ServerCallContext context) =>
        Guard(() => meetings.GetAsync(request.Id, context.CancellationToken));

    [Authorize(Policy = Policies.Reader)]
    public async Task<MeetingList> ListMeetings(ListMeetingsRequest request, ServerCallContext context)
    {
        var list = new MeetingList();
        list.Meetings.AddRange(await meetings.ListAsync(context.CancellationToken));
        return list;
    }

    [Authorize(Policy = Policies.Opccn)]
    public Task<Meeting> SetAgenda(SetAgendaRequest request, ServerCallContext context) =>
        Guard(() => meetings.SetAgendaAsync(request.MeetingId, request.Agenda, request.NextMeetings, context.CancellationToken));

    [Authorize(Policy = Policies.Opccn)]
    public Task<Minutes> SaveMinutes(Minutes request, ServerCallContext context) =>
        Guard(() => meetings.SaveMinutesAsync(request, context.CancellationToken));

    [Authorize(Policy = Policies.Reader)]
    public Task<Minutes> GetMinutes(GetMinutesRequest request, ServerCallContext context) =>
        Guard(() => meetings.GetMinutesAsync(request.MeetingId, context.CancellationToken));

    [Authorize(Policy = Policies.Opccn)]
    public Task<Minutes> ConfirmMinutes(ConfirmMinutesRequest request, ServerCallContext context) =>
        Guard(() => meetings.ConfirmMinutesAsync(request.MeetingId, request.AtMeetingId, context.CancellationToken));

    [Authorize(Policy = Policies.Opccn)]
    public async Task<Plan.Accountability.V1.Action> RaiseAction(RaiseActionRequest request, ServerCallContext context) =>
        ToProto(await Guard(() => actions.RaiseAsync(request.Number, request.MeetingId, request.Description, request.Owner, context.User.Who(), context.CancellationToken)));

    [Authorize(Policy = Policies.Opccn)]
    public async Task<Plan.Accountability.V1.Action> UpdateAction(UpdateActionRequest request, ServerCallContext context) =>
        ToProto(await Guard(() => actions.UpdateAsync(request.Number, request.Text, State(request.Status, "status"),
            string.IsNullOrEmpty(request.MeetingId) ? null : request.MeetingId, context.User.Who(), context.CancellationToken)));

    [Authorize(Policy = Policies.Reader)]
    public async Task<Plan.Accountability.V1.Action> GetAction(GetActionRequest request, ServerCallContext context) =>
        ToProto(await Guard(() => actions.GetAsync(request.Number, context.CancellationToken)));

    [Authorize(Policy = Policies.Reader)]
    public async Task<ActionList> ListActions(ListActionsRequest request, ServerCallContext context)
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
            Description = action.Description, Owner = action.Owner, Status = (ActionStatus)((int)action.Status + 1),
        };
        message.History.AddRange(action.History.Select(h => new ActionUpdate
        {
            At = h.At.UtcDateTime.ToString("O"), MeetingId = h.MeetingId ?? "", Text = h.Text, Status = (ActionStatus)((int)h.Status + 1), Author = h.Author,
        }));
        return message;
    }

    private static ActionState? State(ActionStatus status, string field) => status switch
    {
        ActionStatus.Unspecified => null,
        ActionStatus.New or ActionStatus.Live or ActionStatus.Closed => (ActionState)((int)status - 1),
        _ => throw Invalid($"{field}: {(int)status} is not an action status"),
    };

    private static RpcException Invalid(string message) => new(StatusCode.InvalidArgument, message);

    private static async Task<T> Guard<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (AccountabilityException e)
        {
            throw new RpcException(e.Failure switch
            {
                Failure.NotFound => StatusCode.NotFound,
                Failure.AlreadyExists => StatusCode.AlreadyExists,
                Failure.InvalidState => StatusCode.FailedPrecondition,
                _ => StatusCode.InvalidArgument,
            }, e.Message);
        }
    }
}
