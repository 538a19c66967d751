using Plan.Pillar.V1;
using PlanServices.Grpc.Client;

namespace PlanServices.Contracts;

/// <summary>Typed client of a pillar service's gRPC API (protos/pillar/v1/pillar.proto).</summary>
public sealed class PillarClient(GrpcClient grpc)
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = PillarReflection.Descriptor.Services[0];
    private static readonly Method<GetCatalogueRequest, Catalogue> GetCatalogue = Method<GetCatalogueRequest, Catalogue>.Of(Service, nameof(GetCatalogue));
    private static readonly Method<RecordObservationsRequest, RecordObservationsResponse> RecordObservations = Method<RecordObservationsRequest, RecordObservationsResponse>.Of(Service, nameof(RecordObservations));
    private static readonly Method<Observation, RecordObservationsResponse> StreamObservations = Method<Observation, RecordObservationsResponse>.Of(Service, nameof(StreamObservations));
    private static readonly Method<ListObservationsRequest, Observation> ListObservations = Method<ListObservationsRequest, Observation>.Of(Service, nameof(ListObservations));
    private static readonly Method<GetTablesRequest, GetTablesResponse> GetTables = Method<GetTablesRequest, GetTablesResponse>.Of(Service, nameof(GetTables));
    private static readonly Method<OpenPaperRequest, Paper> OpenPaper = Method<OpenPaperRequest, Paper>.Of(Service, nameof(OpenPaper));
    private static readonly Method<GetPaperRequest, Paper> GetPaper = Method<GetPaperRequest, Paper>.Of(Service, nameof(GetPaper));
    private static readonly Method<ListPaperVersionsRequest, PaperHistory> ListPaperVersions = Method<ListPaperVersionsRequest, PaperHistory>.Of(Service, nameof(ListPaperVersions));
    private static readonly Method<EditPaperRequest, Paper> EditPaper = Method<EditPaperRequest, Paper>.Of(Service, nameof(EditPaper));
    private static readonly Method<ChangePaperStatusRequest, Paper> ChangePaperStatus = Method<ChangePaperStatusRequest, Paper>.Of(Service, nameof(ChangePaperStatus));
    private static readonly Method<CorrectPaperRequest, Paper> CorrectPaper = Method<CorrectPaperRequest, Paper>.Of(Service, nameof(CorrectPaper));
    private static readonly Method<ListOpenActionsRequest, OpenActionList> ListOpenActions = Method<ListOpenActionsRequest, OpenActionList>.Of(Service, nameof(ListOpenActions));
    private static readonly Method<SubmitActionUpdateRequest, SubmitActionUpdateResponse> SubmitActionUpdate = Method<SubmitActionUpdateRequest, SubmitActionUpdateResponse>.Of(Service, nameof(SubmitActionUpdate));

    public Task<Catalogue> GetCatalogueAsync(CallOptions options = default) =>
        grpc.UnaryAsync(GetCatalogue, new GetCatalogueRequest(), options);

    public Task<RecordObservationsResponse> RecordObservationsAsync(RecordObservationsRequest request, CallOptions options = default) =>
        grpc.UnaryAsync(RecordObservations, request, options);

    public Task<RecordObservationsResponse> StreamObservationsAsync(IAsyncEnumerable<Observation> observations, CallOptions options = default) =>
        grpc.ClientStreamingAsync(StreamObservations, observations, options);

    public IAsyncEnumerable<Observation> ListObservationsAsync(ListObservationsRequest request, CallOptions options = default) =>
        grpc.ServerStreamingAsync(ListObservations, request, options);

    public Task<GetTablesResponse> GetTablesAsync(string periodEnd, CallOptions options = default) =>
        grpc.UnaryAsync(GetTables, new GetTablesRequest { PeriodEnd = periodEnd }, options);

    public Task<Paper> OpenPaperAsync(OpenPaperRequest request, CallOptions options = default) => grpc.UnaryAsync(OpenPaper, request, options);

    public Task<Paper> GetPaperAsync(string periodEnd, int version = 0, CallOptions options = default) =>
        grpc.UnaryAsync(GetPaper, new GetPaperRequest { PeriodEnd = periodEnd, Version = version }, options);

    public Task<PaperHistory> ListPaperVersionsAsync(string periodEnd, CallOptions options = default) =>
        grpc.UnaryAsync(ListPaperVersions, new ListPaperVersionsRequest { PeriodEnd = periodEnd }, options);

    public Task<Paper> EditPaperAsync(EditPaperRequest request, CallOptions options = default) => grpc.UnaryAsync(EditPaper, request, options);

    public Task<Paper> ChangePaperStatusAsync(ChangePaperStatusRequest request, CallOptions options = default) => grpc.UnaryAsync(ChangePaperStatus, request, options);

    public Task<Paper> CorrectPaperAsync(CorrectPaperRequest request, CallOptions options = default) => grpc.UnaryAsync(CorrectPaper, request, options);

    public Task<OpenActionList> ListOpenActionsAsync(CallOptions options = default) => grpc.UnaryAsync(ListOpenActions, new ListOpenActionsRequest(), options);

    public Task<SubmitActionUpdateResponse> SubmitActionUpdateAsync(SubmitActionUpdateRequest request, CallOptions options = default) => grpc.UnaryAsync(SubmitActionUpdate, request, options);
}
