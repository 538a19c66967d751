using System.Diagnostics;
using System.Text.Json;
using Dapr;
using Dapr.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PlanServices.Eventing;

/// <summary>
/// Publishes the outbox in order with <see cref="DaprClient.PublishEventAsync{TData}(string, string, TData, Dictionary{string, string}, CancellationToken)"/>,
/// the event's id, source, type and trace context given as Dapr's CloudEvent overrides. An event is marked sent
/// only when the sidecar accepted it; otherwise it is tried again with exponential backoff, for as long as it
/// takes. A crash between the commit and the publish loses nothing: the event is in the database and goes out on
/// the next start.
/// </summary>
public sealed class OutboxSender<TDb>(IServiceProvider services, DaprClient dapr, IOptions<EventingOptions> options,
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
        var settings = options.Value;
        foreach (var row in unsent)
        {
            if (row.NextAttemptAt > now) break;
            using var activity = Tracing.Source.StartActivity($"publish {row.Topic}", ActivityKind.Producer, row.TraceParent);
            var overrides = new Dictionary<string, string>
            {
                ["cloudevent.id"] = row.EventId.ToString(),
                ["cloudevent.source"] = settings.AppId,
                ["cloudevent.type"] = $"plan.{row.Topic}.v1",
            };
            if (row.TraceParent is { } traceParent) overrides["cloudevent.traceparent"] = traceParent;
            try
            {
                await dapr.PublishEventAsync(settings.PubSub, row.Topic, JsonDocument.Parse(row.Payload).RootElement, overrides, ct);
                row.SentAt = clock.GetUtcNow();
                sent++;
            }
            catch (DaprException e) when (!ct.IsCancellationRequested)
            {
                var reason = e.InnerException?.Message ?? e.Message;
                row.Attempts++;
                row.LastError = reason.Length > 500 ? reason[..500] : reason;
                var backoff = TimeSpan.FromMilliseconds(Math.Min(settings.MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(row.Attempts, 16))));
                row.NextAttemptAt = clock.GetUtcNow() + backoff;
                logger.LogWarning("Publishing {Topic} {EventId} failed (attempt {Attempts}): {Error}", row.Topic, row.EventId, row.Attempts, reason);
                await db.SaveChangesAsync(ct);
                break;
            }
            await db.SaveChangesAsync(ct);
        }
        return sent;
    }
}
