namespace PlanServices.Eventing;

/// <summary>How a service reaches its Dapr sidecar and what it calls itself there; the "Eventing" section.</summary>
public sealed class EventingOptions
{
    public const string Section = "Eventing";

    /// <summary>The sidecar's gRPC API, where events are published; Dapr sets DAPR_GRPC_PORT (default 50001).</summary>
    public string DaprGrpcEndpoint { get; set; } = $"http://localhost:{Environment.GetEnvironmentVariable("DAPR_GRPC_PORT") ?? "50001"}";

    /// <summary>The sidecar's HTTP API (health); Dapr sets DAPR_HTTP_PORT (default 3500).</summary>
    public string DaprHttpEndpoint { get; set; } = $"http://localhost:{Environment.GetEnvironmentVariable("DAPR_HTTP_PORT") ?? "3500"}";

    /// <summary>The pub/sub component's name.</summary>
    public string PubSub { get; set; } = Contracts.Events.Topics.PubSub;

    /// <summary>This service's name: the CloudEvents source and the subscriber named in dead letters.</summary>
    public string AppId { get; set; } = "";

    /// <summary>Sent as <c>dapr-api-token</c> on calls to the sidecar (Dapr's DAPR_API_TOKEN), when set.</summary>
    public string? DaprApiToken { get; set; } = Environment.GetEnvironmentVariable("DAPR_API_TOKEN");

    /// <summary>Deliveries and subscription discovery must carry this <c>dapr-api-token</c> (Dapr's APP_API_TOKEN), when set.</summary>
    public string? AppApiToken { get; set; } = Environment.GetEnvironmentVariable("APP_API_TOKEN");

    /// <summary>How often the outbox is read when idle.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest wait between two attempts to publish an event.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
}
