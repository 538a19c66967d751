using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PlanServices.Eventing;

/// <summary>
/// Publishes the outbox in order through the sidecar (<c>POST /v1.0/publish/{pubsub}/{topic}</c>, a
/// CloudEvent whose id is the event's id). An event is marked sent only when the sidecar accepted it;
/// otherwise it is tried again with exponential backoff, for as long as it takes. A crash between the
/// commit and the publish loses nothing: the event is in the database and goes out on the next start.
/// </summary>
public sealed class OutboxSender<TDb>(IServiceProvider services, IHttpClientFactory clients, IOptions<EventingOptions> options,
    TimeProvider clock, ILogger<OutboxSender<TDb>> logger) : BackgroundService where TDb : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        do
        {
            try
            {
                while (await SendDueAsync(stoppingToken) > 0) { }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Outbox pass failed; trying again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Publishes the events that are due, oldest first, stopping at the first that fails or waits; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var now = clock.GetUtcNow();
        var unsent = await db.Set<OutboxRow>().Where(o => o.SentAt == null).OrderBy(o => o.Sequence).Take(50).ToListAsync(ct);
        var sent = 0;
        var http = clients.CreateClient(EventingOptions.SidecarClient);
        foreach (var row in unsent)
        {
            if (row.NextAttemptAt > now) break;
            var settings = options.Value;
            var cloudEvent = new CloudEvent
            {
                Id = row.EventId.ToString(), Source = settings.AppId, Type = $"plan.{row.Topic}.v1", Time = row.OccurredAt,
                Data = JsonDocument.Parse(row.Payload).RootElement, Topic = row.Topic, PubSubName = settings.PubSub,
                TraceParent = row.TraceParent,
            };
            using var activity = Tracing.Source.StartActivity($"publish {row.Topic}", ActivityKind.Producer, row.TraceParent);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"{settings.DaprHttpEndpoint.TrimEnd('/')}/v1.0/publish/{settings.PubSub}/{row.Topic}")
                {
                    Content = JsonContent.Create(cloudEvent, new System.Net.Http.Headers.MediaTypeHeaderValue(CloudEvent.ContentType), CloudEvent.Json),
                };
                if (!string.IsNullOrEmpty(settings.DaprApiToken)) request.Headers.Add(Subscriptions.TokenHeader, settings.DaprApiToken);
                using var response = await http.SendAsync(request, ct);
                if (!response.IsSuccessStatusCode) throw new HttpRequestException($"sidecar answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                row.SentAt = clock.GetUtcNow();
                sent++;
            }
            catch (HttpRequestException e)
            {
                row.Attempts++;
                row.LastError = e.Message.Length > 500 ? e.Message[..500] : e.Message;
                var backoff = TimeSpan.FromMilliseconds(Math.Min(settings.MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(row.Attempts, 16))));
                row.NextAttemptAt = clock.GetUtcNow() + backoff;
                logger.LogWarning("Publishing {Topic} {EventId} failed (attempt {Attempts}): {Error}", row.Topic, row.EventId, row.Attempts, e.Message);
                await db.SaveChangesAsync(ct);
                break;
            }
            await db.SaveChangesAsync(ct);
        }
        return sent;
    }
}
