using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PlanServices.DevSidecar;

/// <summary>A publish the sidecar refused, with Dapr's error code.</summary>
public sealed class PublishRefusedException(string errorCode, string message) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;
}

/// <summary>
/// The CloudEvent daprd makes of a publish: the data given as a whole CloudEvent (content type
/// <c>application/cloudevents+json</c>) is kept, anything else is wrapped; then the <c>cloudevent.*</c> metadata
/// override the attributes, and <c>topic</c> and <c>pubsubname</c> are set.
/// </summary>
public static class CloudEvents
{
    public const string ContentType = "application/cloudevents+json";
    private static readonly string[] Overridable = ["id", "source", "type", "subject", "traceparent", "tracestate", "traceid"];

    public static JsonObject Make(string pubsub, string topic, ReadOnlySpan<byte> data, string? contentType,
        IReadOnlyDictionary<string, string> metadata, string? traceParent)
    {
        contentType = string.IsNullOrWhiteSpace(contentType) ? "application/json" : contentType;
        JsonObject cloudEvent;
        if (contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
            cloudEvent = Parse(data) as JsonObject ?? throw new PublishRefusedException("ERR_PUBSUB_CLOUD_EVENTS_SER", "the data is not a CloudEvent object");
        else
            cloudEvent = new JsonObject
            {
                ["specversion"] = "1.0",
                ["id"] = Guid.NewGuid().ToString(),
                ["source"] = "dev-sidecar",
                ["type"] = "com.dapr.event.sent",
                ["datacontenttype"] = contentType,
                ["data"] = contentType.Contains("json", StringComparison.OrdinalIgnoreCase) ? Parse(data) : Encoding.UTF8.GetString(data),
            };
        cloudEvent["id"] ??= Guid.NewGuid().ToString();
        cloudEvent["time"] ??= DateTimeOffset.UtcNow.ToString("O");
        if (traceParent is { Length: > 0 }) cloudEvent["traceparent"] ??= traceParent;
        foreach (var attribute in Overridable)
            if (metadata.TryGetValue($"cloudevent.{attribute}", out var value) && value.Length > 0) cloudEvent[attribute] = value;
        cloudEvent["topic"] = topic;
        cloudEvent["pubsubname"] = pubsub;
        return cloudEvent;
    }

    private static JsonNode? Parse(ReadOnlySpan<byte> data)
    {
        try
        {
            return JsonNode.Parse(data);
        }
        catch (JsonException e)
        {
            throw new PublishRefusedException("ERR_PUBSUB_CLOUD_EVENTS_SER", $"the data is not JSON: {e.Message}");
        }
    }
}
