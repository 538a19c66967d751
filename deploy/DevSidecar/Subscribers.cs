using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace PlanServices.DevSidecar;

/// <summary>One entry of an app's <c>GET /dapr/subscribe</c>, as Dapr's SDKs write it (a route, or routes with a default).</summary>
public sealed record DiscoveredSubscription(string? PubsubName, string? Topic, string? Route, DiscoveredRoutes? Routes, string? DeadLetterTopic)
{
    /// <summary>Where deliveries go: the route, else the default of the routing rules, else the first rule's path; from the root, as daprd reads it.</summary>
    public string? Path => (Route ?? Routes?.Default ?? Routes?.Rules?.FirstOrDefault()?.Path) is { Length: > 0 } path ? "/" + path.TrimStart('/') : null;
}

public sealed record DiscoveredRoutes(string? Default, IReadOnlyList<DiscoveredRule>? Rules);

public sealed record DiscoveredRule(string? Match, string? Path);

/// <summary>Reads each app's subscriptions; the last ones read are kept, so an app that is down still gets its messages later.</summary>
public sealed class Discovery(IOptions<SidecarOptions> options, IHttpClientFactory clients, SidecarStore store, ILogger<Discovery> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DiscoveryInterval);
        do
        {
            foreach (var (app, address) in options.Value.Apps)
            {
                try
                {
                    var list = await clients.CreateClient(Deliverer.AppsClient).GetFromJsonAsync<List<DiscoveredSubscription>>($"{address.TrimEnd('/')}/dapr/subscribe", Json, stoppingToken) ?? [];
                    await store.ReplaceSubscriptionsAsync(app, list
                        .Where(s => s.PubsubName == options.Value.PubSub && s.Topic is { Length: > 0 } && s.Path is { Length: > 0 })
                        .Select(s => new StoredSubscription(app, s.Topic!, s.Path!, s.DeadLetterTopic is { Length: > 0 } d ? d : null)).ToList());
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
/// Delivers pending messages, oldest first, one app at a time, as daprd does over HTTP: the CloudEvent as
/// <c>application/cloudevents+json</c>, its <c>traceparent</c> as the request's, the app API token when set; the
/// app answers SUCCESS, RETRY or DROP (no body or a 2xx without status is SUCCESS; an HTTP error is a retry). An app
/// that fails is left alone until its next attempt; after <see cref="SidecarOptions.MaxAttempts"/> the CloudEvent
/// goes, unchanged, to the subscription's dead-letter topic. An app that cannot be reached keeps its messages
/// until it is back, as a broker keeps them for a subscriber that is away.
/// </summary>
public sealed class Deliverer(IOptions<SidecarOptions> options, IHttpClientFactory clients, SidecarStore store, ILogger<Deliverer> logger) : BackgroundService
{
    public const string AppsClient = "apps";
    private static readonly System.Diagnostics.ActivitySource Tracing = new("PlanServices.DevSidecar");

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
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{address.TrimEnd('/')}{delivery.Route}")
            {
                Content = new StringContent(delivery.Body, Encoding.UTF8),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(CloudEvents.ContentType);
            // The delivery continues the publisher's trace: HttpClient propagates the activity, or the header carries it as is.
            var traceParent = (string?)JsonNode.Parse(delivery.Body)?["traceparent"];
            using var activity = Tracing.StartActivity($"deliver {delivery.Topic}", System.Diagnostics.ActivityKind.Producer, traceParent);
            if (activity is null && traceParent is { Length: > 0 }) request.Headers.TryAddWithoutValidation("traceparent", traceParent);
            using var response = await clients.CreateClient(AppsClient).SendAsync(request, ct);
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
            await store.RetryLaterAsync(delivery, settings.InitialBackoff, answer, countAttempt: false);
            return false;
        }
        if (delivery.Attempts + 1 >= settings.MaxAttempts)
        {
            logger.LogError("{App} failed {Topic} {Id} {Attempts} times ({Answer}); dead-lettered", delivery.App, delivery.Topic, delivery.MessageId, delivery.Attempts + 1, answer);
            await store.FinishAsync(delivery, "dead", answer);
            if (delivery.DeadLetterTopic is { } deadLetter)
            {
                var cloudEvent = JsonNode.Parse(delivery.Body)!.AsObject();
                cloudEvent["topic"] = deadLetter;
                await store.PublishAsync($"{delivery.MessageId}:{delivery.App}:dead-letter", deadLetter, cloudEvent.ToJsonString());
            }
            return true;
        }
        var wait = TimeSpan.FromMilliseconds(Math.Min(settings.MaxBackoff.TotalMilliseconds, settings.InitialBackoff.TotalMilliseconds * Math.Pow(2, delivery.Attempts)));
        await store.RetryLaterAsync(delivery, wait, answer);
        return false;
    }
}
