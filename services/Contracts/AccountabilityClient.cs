using Plan.Accountability.V1;
using PlanServices.Grpc.Client;

namespace PlanServices.Contracts;

/// <summary>Typed client of the Accountability service (protos/accountability/v1/accountability.proto).</summary>
public sealed class AccountabilityClient(GrpcClient grpc)
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = AccountabilityReflection.Descriptor.Services[0];
    private static Method<TRequest, TResponse> M<TRequest, TResponse>(string name)
        where TRequest : Google.Protobuf.IMessage<TRequest> where TResponse : class, Google.Protobuf.IMessage<TResponse>, new() =>
        Method<TRequest, TResponse>.Of(Service, name);

    private static readonly Method<Meeting, Meeting> ScheduleMeeting = M<Meeting, Meeting>(nameof(ScheduleMeeting));
    private static readonly Method<GetMeetingRequest, Meeting> GetMeeting = M<GetMeetingRequest, Meeting>(nameof(GetMeeting));
    private static readonly Method<ListMeetingsRequest, MeetingList> ListMeetings = M<ListMeetingsRequest, MeetingList>(nameof(ListMeetings));
    private static readonly Method<SetAgendaRequest, Meeting> SetAgenda = M<SetAgendaRequest, Meeting>(nameof(SetAgenda));
    private static readonly Method<Minutes, Minutes> SaveMinutes = M<Minutes, Minutes>(nameof(SaveMinutes));
    private static readonly Method<GetMinutesRequest, Minutes> GetMinutes = M<GetMinutesRequest, Minutes>(nameof(GetMinutes));
    private static readonly Method<ConfirmMinutesRequest, Minutes> ConfirmMinutes = M<ConfirmMinutesRequest, Minutes>(nameof(ConfirmMinutes));
    private static readonly Method<RaiseActionRequest, Plan.Accountability.V1.Action> RaiseAction = M<RaiseActionRequest, Plan.Accountability.V1.Action>(nameof(RaiseAction));
    private static readonly Method<UpdateActionRequest, Plan.Accountability.V1.Action> UpdateAction = M<UpdateActionRequest, Plan.Accountability.V1.Action>(nameof(UpdateAction));
    private static readonly Method<GetActionRequest, Plan.Accountability.V1.Action> GetAction = M<GetActionRequest, Plan.Accountability.V1.Action>(nameof(GetAction));
    private static readonly Method<ListActionsRequest, ActionList> ListActions = M<ListActionsRequest, ActionList>(nameof(ListActions));
    private static readonly Method<GetPackReadinessRequest, PackReadiness> GetPackReadiness = M<GetPackReadinessRequest, PackReadiness>(nameof(GetPackReadiness));
    private static readonly Method<PublishPackRequest, PackReadiness> PublishPack = M<PublishPackRequest, PackReadiness>(nameof(PublishPack));

    public Task<Meeting> ScheduleMeetingAsync(Meeting meeting, CallOptions options = default) => grpc.UnaryAsync(ScheduleMeeting, meeting, options);
    public Task<Meeting> GetMeetingAsync(string id, CallOptions options = default) => grpc.UnaryAsync(GetMeeting, new GetMeetingRequest { Id = id }, options);
    public Task<MeetingList> ListMeetingsAsync(CallOptions options = default) => grpc.UnaryAsync(ListMeetings, new ListMeetingsRequest(), options);
    public Task<Meeting> SetAgendaAsync(SetAgendaRequest request, CallOptions options = default) => grpc.UnaryAsync(SetAgenda, request, options);
    public Task<Minutes> SaveMinutesAsync(Minutes minutes, CallOptions options = default) => grpc.UnaryAsync(SaveMinutes, minutes, options);
    public Task<Minutes> GetMinutesAsync(string meetingId, CallOptions options = default) => grpc.UnaryAsync(GetMinutes, new GetMinutesRequest { MeetingId = meetingId }, options);
    public Task<Minutes> ConfirmMinutesAsync(string meetingId, string atMeetingId, CallOptions options = default) =>
        grpc.UnaryAsync(ConfirmMinutes, new ConfirmMinutesRequest { MeetingId = meetingId, AtMeetingId = atMeetingId }, options);
    public Task<Plan.Accountability.V1.Action> RaiseActionAsync(RaiseActionRequest request, CallOptions options = default) => grpc.UnaryAsync(RaiseAction, request, options);
    public Task<Plan.Accountability.V1.Action> UpdateActionAsync(UpdateActionRequest request, CallOptions options = default) => grpc.UnaryAsync(UpdateAction, request, options);
    public Task<Plan.Accountability.V1.Action> GetActionAsync(int number, CallOptions options = default) => grpc.UnaryAsync(GetAction, new GetActionRequest { Number = number }, options);
    public Task<ActionList> ListActionsAsync(ListActionsRequest request, CallOptions options = default) => grpc.UnaryAsync(ListActions, request, options);
    public Task<PackReadiness> GetPackReadinessAsync(string meetingId, CallOptions options = default) => grpc.UnaryAsync(GetPackReadiness, new GetPackReadinessRequest { MeetingId = meetingId }, options);
    public Task<PackReadiness> PublishPackAsync(PublishPackRequest request, CallOptions options = default) => grpc.UnaryAsync(PublishPack, request, options);
}
