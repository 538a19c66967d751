using Grpc.Core;
using Plan.Pillar.V1;

namespace PlanServices.Testing;

/// <summary>Client streaming with the generated client, as an integrator writes it.</summary>
public static class Streams
{
    public static async Task<RecordObservationsResponse> RecordAsync(PillarService.PillarServiceClient client, IEnumerable<Observation> observations,
        CallOptions options = default)
    {
        using var call = client.StreamObservations(options);
        try
        {
            foreach (var observation in observations) await call.RequestStream.WriteAsync(observation);
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException)
        {
            // The server ended the call before reading it all (a refusal): its status is the call's answer.
        }
        return await call;
    }
}
