namespace PlanServices.DevSidecar;

/// <summary>Settings of the dev sidecar; the "Sidecar" section.</summary>
public sealed class SidecarOptions
{
    public const string Section = "Sidecar";

    /// <summary>The one pub/sub component it offers.</summary>
    public string PubSub { get; set; } = "pubsub";

    /// <summary>The durable queue (SQLite file), relative to the content root.</summary>
    public string DataFile { get; set; } = "../../data/dev-sidecar.db";

    /// <summary>Deliveries answered RETRY or failing this many times go to the subscription's dead-letter topic.</summary>
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each app's /dapr/subscribe is read.</summary>
    public TimeSpan DiscoveryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Publishers must send this <c>dapr-api-token</c>, when set (Dapr's DAPR_API_TOKEN).</summary>
    public string? ApiToken { get; set; }

    /// <summary>Sent as <c>dapr-api-token</c> with discovery and deliveries, when set (Dapr's APP_API_TOKEN).</summary>
    public string? AppApiToken { get; set; }

    /// <summary>The loopback port of the SMTP sink, which keeps the mail it receives and lists it at /dev/mail; 0 for none.</summary>
    public int SmtpPort { get; set; }

    /// <summary>The apps, by app id, and their HTTP addresses (where /dapr/subscribe and deliveries go).</summary>
    public Dictionary<string, string> Apps { get; set; } = [];
}
