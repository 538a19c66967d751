using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PlanServices.DevSidecar.DaprApi;

namespace PlanServices.DevSidecar;

/// <summary><c>dapr.proto.runtime.v1.Dapr/PublishEvent</c>, where Dapr's SDK publishes (DaprClient.PublishEventAsync).</summary>
public sealed class DaprGrpcService(Publisher publisher) : DaprApi.Dapr.DaprBase
{
    public override async Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
    {
        if (!publisher.Accepts(context.RequestHeaders.GetValue(Publisher.TokenHeader)))
            throw new RpcException(new Status(StatusCode.Unauthenticated, "authentication error: api token mismatch"));
        try
        {
            await publisher.PublishAsync(request.PubsubName, request.Topic, request.Data.ToByteArray(), request.DataContentType, request.Metadata,
                context.RequestHeaders.GetValue("traceparent"));
        }
        catch (PublishRefusedException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{e.ErrorCode}: {e.Message}"));
        }
        return new Empty();
    }
}
