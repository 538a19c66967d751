using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlanServices.Eventing;

/// <summary>
/// A CloudEvents 1.0 envelope in JSON (structured mode, <c>application/cloudevents+json</c>), with the
/// extension attributes Dapr adds (<c>topic</c>, <c>pubsubname</c>, <c>traceparent</c>).
/// </summary>
public sealed record CloudEvent
{
    public const string ContentType = "application/cloudevents+json";

    [JsonPropertyName("specversion")] public string SpecVersion { get; init; } = "1.0";
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("source")] public required string Source { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("time")] public DateTimeOffset? Time { get; init; }
    [JsonPropertyName("datacontenttype")] public string DataContentType { get; init; } = "application/json";
    [JsonPropertyName("data")] public JsonElement Data { get; init; }
    [JsonPropertyName("topic")] public string? Topic { get; init; }
    [JsonPropertyName("pubsubname")] public string? PubSubName { get; init; }
    [JsonPropertyName("traceparent")] public string? TraceParent { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

/// <summary>What a subscriber answers a delivery, as Dapr reads it.</summary>
public sealed record DeliveryAnswer([property: JsonPropertyName("status")] string Status)
{
    public static readonly DeliveryAnswer Success = new("SUCCESS");
    public static readonly DeliveryAnswer Retry = new("RETRY");
    public static readonly DeliveryAnswer Drop = new("DROP");
}

/// <summary>One entry of <c>GET /dapr/subscribe</c> (Dapr's programmatic subscription, v1 shape).</summary>
public sealed record Subscription(
    [property: JsonPropertyName("pubsubname")] string PubSubName,
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("route")] string Route,
    [property: JsonPropertyName("deadLetterTopic")] string? DeadLetterTopic);
