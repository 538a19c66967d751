using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace PlanServices.DevSidecar;

/// <summary>Publishing, as both of daprd's APIs offer it: the API token, the component name, the CloudEvent, the durable queue.</summary>
public sealed class Publisher(SidecarStore store, IOptions<SidecarOptions> options)
{
    public const string TokenHeader = "dapr-api-token";

    /// <summary>Whether <paramref name="token"/> is the API token publishers must send (any, when none is set).</summary>
    public bool Accepts(string? token) =>
        options.Value.ApiToken is not { Length: > 0 } expected
        || CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token ?? ""), Encoding.UTF8.GetBytes(expected));

    /// <summary>Queues the CloudEvent for every current subscriber of <paramref name="topic"/>; the same id again changes nothing.</summary>
    public async Task PublishAsync(string pubsub, string topic, byte[] data, string? contentType, IReadOnlyDictionary<string, string> metadata, string? traceParent)
    {
        if (pubsub != options.Value.PubSub) throw new PublishRefusedException("ERR_PUBSUB_NOT_FOUND", $"pubsub {pubsub} not found");
        if (string.IsNullOrWhiteSpace(topic)) throw new PublishRefusedException("ERR_TOPIC_NAME_EMPTY", $"topic is empty in pubsub {pubsub}");
        var cloudEvent = CloudEvents.Make(pubsub, topic, data, contentType, metadata, traceParent);
        await store.PublishAsync(cloudEvent["id"]!.ToString(), topic, cloudEvent.ToJsonString());
    }
}
