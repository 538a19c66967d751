using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace PlanServices.DevSidecar;

/// <summary>Settings of the dev sidecar; the "Sidecar" section.</summary>
public sealed class SidecarOptions
{
    public const string Section = "Sidecar";

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

    /// <summary>The apps, by app id, and their HTTP addresses (where /dapr/subscribe and deliveries go).</summary>
    public Dictionary<string, string> Apps { get; set; } = [];
}

/// <summary>
/// A small stand-in for the Dapr sidecar's pub/sub HTTP API, for the one-command run and the tests:
/// <c>POST /v1.0/publish/{pubsub}/{topic}</c>, subscription discovery from each app's <c>/dapr/subscribe</c>,
/// CloudEvent deliveries answered SUCCESS / RETRY / DROP, retries with exponential backoff, dead-letter
/// topics, and a durable SQLite queue so nothing is lost when it restarts. Production runs real Dapr.
/// </summary>
public static class DevSidecarExtensions
{
    public static IHostApplicationBuilder AddDevSidecar(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SidecarOptions>().BindConfiguration(SidecarOptions.Section);
        builder.Services.AddSingleton(provider => new SidecarStore(Path.Combine(builder.Environment.ContentRootPath,
            provider.GetRequiredService<IOptions<SidecarOptions>>().Value.DataFile)));
        // Deliveries have their own retries, backoff and dead-lettering, as daprd's do: no HTTP resilience handler on top.
#pragma warning disable EXTEXP0001 // marked experimental; the documented way to take one client out of ConfigureHttpClientDefaults
        builder.Services.AddHttpClient("apps", (provider, client) =>
        {
            client.Timeout = TimeSpan.FromSeconds(30);
            if (provider.GetRequiredService<IOptions<SidecarOptions>>().Value.AppApiToken is { Length: > 0 } token)
                client.DefaultRequestHeaders.Add("dapr-api-token", token);
        }).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddHostedService<Discovery>();
        builder.Services.AddHostedService<Deliverer>();
        return builder;
    }

    public static WebApplication MapDevSidecar(this WebApplication app)
    {
        app.MapGet("/v1.0/healthz", () => Results.NoContent());
        app.MapPost("/v1.0/publish/{pubsub}/{topic}", async (string pubsub, string topic, HttpRequest request, SidecarStore store, IOptions<SidecarOptions> options) =>
        {
            if (options.Value.ApiToken is { Length: > 0 } token && request.Headers["dapr-api-token"] != token)
                return Results.Json(new { errorCode = "ERR_UNAUTHORIZED", message = "invalid api token" }, statusCode: 401);
            if (pubsub != options.Value.PubSub)
                return Results.Json(new { errorCode = "ERR_PUBSUB_NOT_FOUND", message = $"pubsub {pubsub} not found" }, statusCode: 404);
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            JsonNode? payload;
            try { payload = JsonNode.Parse(body); }
            catch (JsonException e) { return Results.Json(new { errorCode = "ERR_PUBSUB_CLOUD_EVENTS_SER", message = e.Message }, statusCode: 400); }
            var cloudEvent = request.ContentType?.StartsWith("application/cloudevents+json", StringComparison.OrdinalIgnoreCase) == true && payload is JsonObject given
                ? given
                : new JsonObject { ["specversion"] = "1.0", ["id"] = Guid.NewGuid().ToString(), ["source"] = "dev-sidecar", ["type"] = "com.dapr.event.sent", ["datacontenttype"] = "application/json", ["data"] = payload };
            cloudEvent["id"] ??= Guid.NewGuid().ToString();
            cloudEvent["topic"] = topic;
            cloudEvent["pubsubname"] = pubsub;
            await store.PublishAsync(cloudEvent["id"]!.ToString(), topic, cloudEvent.ToJsonString());
            return Results.NoContent();
        });
        app.MapGet("/dev/messages", (string? topic, SidecarStore store) => store.MessagesAsync(topic));
        return app;
    }

    /// <summary>Reads each app's subscriptions; the last ones read are kept, so an app that is down still gets its messages later.</summary>
    private sealed class Discovery(IOptions<SidecarOptions> options, IHttpClientFactory clients, SidecarStore store, ILogger<Discovery> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(options.Value.DiscoveryInterval);
            do
            {
                foreach (var (app, address) in options.Value.Apps)
                {
                    try
                    {
                        var list = await clients.CreateClient("apps").GetFromJsonAsync<JsonArray>($"{address.TrimEnd('/')}/dapr/subscribe", stoppingToken) ?? [];
                        await store.ReplaceSubscriptionsAsync(app, list.OfType<JsonObject>()
                            .Where(s => (string?)s["pubsubname"] == options.Value.PubSub)
                            .Select(s => new StoredSubscription(app, (string)s["topic"]!, (string)s["route"]!, (string?)s["deadLetterTopic"])).ToList());
                    }
                    catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
                    {
                        logger.LogDebug("{App} not reachable for discovery: {Error}", app, e.Message);
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
    }

    /// <summary>
    /// Delivers pending messages, oldest first, one app at a time: an app that fails is left alone until its
    /// next attempt. Only answers count as attempts (RETRY, an HTTP error); an app that cannot be reached
    /// keeps its messages until it is back.
    /// </summary>
    private sealed class Deliverer(IOptions<SidecarOptions> options, IHttpClientFactory clients, SidecarStore store, ILogger<Deliverer> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var failing = new HashSet<string>();
                foreach (var delivery in await store.DueAsync(200))
                {
                    if (failing.Contains(delivery.App)) continue;
                    if (!await DeliverAsync(delivery, stoppingToken)) failing.Add(delivery.App);
                }
            }
        }

        private async Task<bool> DeliverAsync(Delivery delivery, CancellationToken ct)
        {
            var settings = options.Value;
            string answer;
            var reached = false;
            try
            {
                if (!settings.Apps.TryGetValue(delivery.App, out var address)) throw new HttpRequestException($"app {delivery.App} is not configured");
                using var content = new StringContent(delivery.Body, Encoding.UTF8);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json");
                using var response = await clients.CreateClient("apps").PostAsync($"{address.TrimEnd('/')}{delivery.Route}", content, ct);
                reached = true;
                var text = await response.Content.ReadAsStringAsync(ct);
                answer = !response.IsSuccessStatusCode ? $"HTTP {(int)response.StatusCode}"
                    : string.IsNullOrWhiteSpace(text) ? "SUCCESS"
                    : (string?)JsonNode.Parse(text)?["status"] ?? "SUCCESS";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException && !ct.IsCancellationRequested)
            {
                answer = e.Message;
            }

            switch (answer)
            {
                case "SUCCESS":
                    await store.FinishAsync(delivery, "delivered");
                    return true;
                case "DROP":
                    logger.LogWarning("{App} dropped {Topic} {Id}", delivery.App, delivery.Topic, delivery.MessageId);
                    await store.FinishAsync(delivery, "dropped");
                    return true;
            }
            if (!reached)
            {
                // The app is down: the message waits for it, as a broker keeps it for a subscriber that is away.
                await store.RetryLaterAsync(delivery, settings.InitialBackoff, answer, countAttempt: false);
                return false;
            }
            if (delivery.Attempts + 1 >= settings.MaxAttempts)
            {
                logger.LogError("{App} failed {Topic} {Id} {Attempts} times ({Answer}); dead-lettered", delivery.App, delivery.Topic, delivery.MessageId, delivery.Attempts + 1, answer);
                await store.FinishAsync(delivery, "dead", answer);
                if (delivery.DeadLetterTopic is { } deadLetter)
                {
                    var original = JsonNode.Parse(delivery.Body)!;
                    var envelope = new JsonObject
                    {
                        ["specversion"] = "1.0", ["id"] = $"{delivery.MessageId}:{delivery.App}", ["source"] = "dev-sidecar", ["type"] = "com.dapr.event.sent",
                        ["datacontenttype"] = "application/json", ["topic"] = deadLetter, ["pubsubname"] = settings.PubSub,
                        ["data"] = new JsonObject { ["topic"] = delivery.Topic, ["subscriber"] = delivery.App, ["reason"] = answer, ["cloudEvent"] = original.ToJsonString() },
                    };
                    await store.PublishAsync(envelope["id"]!.ToString(), deadLetter, envelope.ToJsonString());
                }
                return true;
            }
            var wait = TimeSpan.FromMilliseconds(Math.Min(settings.MaxBackoff.TotalMilliseconds, settings.InitialBackoff.TotalMilliseconds * Math.Pow(2, delivery.Attempts)));
            await store.RetryLaterAsync(delivery, wait, answer);
            return false;
        }
    }
}
