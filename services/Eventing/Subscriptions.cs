using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlanServices.Contracts.Events;

namespace PlanServices.Eventing;

/// <summary>A handler's verdict that a message can never be handled: it goes to the dead-letter topic.</summary>
public sealed class PoisonMessageException(string reason) : Exception(reason);

/// <summary>The topics a service subscribes to, served on <c>GET /dapr/subscribe</c>.</summary>
public sealed class SubscriptionList
{
    public List<Subscription> Items { get; } = [];
}

/// <summary>
/// Subscribing to events the Dapr way: <c>GET /dapr/subscribe</c> lists the topics; each delivery is a
/// CloudEvent POSTed to <c>/events/{topic}</c> and answered SUCCESS, RETRY or DROP on purpose. With a
/// database, handling is idempotent: the event id is stored in the inbox in the same transaction as the
/// effect, so a redelivery has no second effect. A message that can never be handled is published to the
/// dead-letter topic (through the outbox) and dropped; a failure that may pass is answered RETRY.
/// </summary>
public static class Subscriptions
{
    /// <summary>Dapr's header for the app and sidecar API tokens.</summary>
    public const string TokenHeader = "dapr-api-token";

    /// <summary>With an app token configured, deliveries and discovery without it are refused (401): only the sidecar calls them.</summary>
    private static bool FromSidecar(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<EventingOptions>>().Value.AppApiToken is not { Length: > 0 } token
        || System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(http.Request.Headers[TokenHeader].ToString()), System.Text.Encoding.UTF8.GetBytes(token));

    public static IServiceCollection AddEventing<TDb>(this IServiceCollection services, string appId) where TDb : DbContext
    {
        services.AddEventingCore(appId);
        services.AddSingleton<OutboxSender<TDb>>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxSender<TDb>>());
        return services;
    }

    /// <summary>Subscriptions without a database of their own (the gateway's cache invalidation).</summary>
    public static IServiceCollection AddEventingCore(this IServiceCollection services, string appId)
    {
        services.AddOptions<EventingOptions>().BindConfiguration(EventingOptions.Section).PostConfigure(o => o.AppId = o.AppId.Length > 0 ? o.AppId : appId);
#pragma warning disable EXTEXP0001 // the outbox retries with its own backoff
        services.AddHttpClient(EventingOptions.SidecarClient).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.AddSingleton<SubscriptionList>();
        return services;
    }

    /// <summary>Handles <typeparamref name="TEvent"/> deliveries of <paramref name="topic"/> in a transaction with the inbox.</summary>
    public static IEndpointRouteBuilder MapEvent<TEvent, TDb>(this IEndpointRouteBuilder app, string topic,
        Func<TEvent, IServiceProvider, CancellationToken, Task> handle) where TEvent : IntegrationEvent where TDb : DbContext =>
        app.MapSubscription<TEvent>(topic, async (integrationEvent, services, ct) =>
        {
            var db = services.GetRequiredService<TDb>();
            if (await db.Set<InboxRow>().AnyAsync(i => i.EventId == integrationEvent.Id, ct)) return;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await handle(integrationEvent, services, ct);
            db.Set<InboxRow>().Add(new InboxRow { EventId = integrationEvent.Id, Topic = topic, ProcessedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }, async (reason, raw, services, ct) =>
        {
            var db = services.GetRequiredService<TDb>();
            db.ChangeTracker.Clear();
            var appId = services.GetRequiredService<IOptions<EventingOptions>>().Value.AppId;
            db.Publish(Topics.DeadLetter, new DeadLettered(topic, appId, reason, raw));
            await db.SaveChangesAsync(ct);
        });

    /// <summary>Handles deliveries with no store of their own: the handler must be idempotent by nature.</summary>
    public static IEndpointRouteBuilder MapSubscription<TEvent>(this IEndpointRouteBuilder app, string topic,
        Func<TEvent, IServiceProvider, CancellationToken, Task> handle,
        Func<string, string, IServiceProvider, CancellationToken, Task>? deadLetter = null) where TEvent : IntegrationEvent
    {
        var list = app.ServiceProvider.GetRequiredService<SubscriptionList>();
        var pubsub = app.ServiceProvider.GetRequiredService<IOptions<EventingOptions>>().Value.PubSub;
        if (list.Items.Count == 0)
            app.MapGet("/dapr/subscribe", (HttpContext http, SubscriptionList subscriptions) =>
                FromSidecar(http) ? Results.Ok(subscriptions.Items) : Results.Unauthorized());
        var route = $"/events/{topic}";
        list.Items.Add(new Subscription(pubsub, topic, route, Topics.DeadLetter));

        app.MapPost(route, async (HttpContext http, ILoggerFactory loggers, CancellationToken ct) =>
        {
            if (!FromSidecar(http)) return Results.Unauthorized();
            var logger = loggers.CreateLogger("PlanServices.Eventing");
            using var reader = new StreamReader(http.Request.Body);
            var raw = await reader.ReadToEndAsync(ct);
            TEvent? integrationEvent;
            CloudEvent? cloudEvent = null;
            try
            {
                cloudEvent = JsonSerializer.Deserialize<CloudEvent>(raw, CloudEvent.Json) ?? throw new JsonException("empty delivery");
                integrationEvent = cloudEvent.Data.Deserialize<TEvent>(CloudEvent.Json);
                if (integrationEvent is null || integrationEvent.Id == Guid.Empty) throw new JsonException("the data is not a " + topic + " event");
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
            {
                return await Poison(e.Message);
            }
            using var activity = Tracing.Source.StartActivity($"handle {topic}", System.Diagnostics.ActivityKind.Consumer, cloudEvent.TraceParent);
            activity?.SetTag("messaging.message.id", integrationEvent.Id.ToString());
            try
            {
                await handle(integrationEvent, http.RequestServices, ct);
                return Results.Ok(DeliveryAnswer.Success);
            }
            catch (PoisonMessageException e)
            {
                return await Poison(e.Message);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "{Topic} {EventId} failed; asking for a retry", topic, integrationEvent.Id);
                return Results.Ok(DeliveryAnswer.Retry);
            }

            async Task<IResult> Poison(string reason)
            {
                logger.LogError("{Topic}: poison message ({Reason}); dead-lettered", topic, reason);
                if (deadLetter is null) return Results.Ok(DeliveryAnswer.Drop);
                try
                {
                    await deadLetter(reason, raw, http.RequestServices, ct);
                    return Results.Ok(DeliveryAnswer.Drop);
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "{Topic}: dead-lettering failed; asking for a retry", topic);
                    return Results.Ok(DeliveryAnswer.Retry);
                }
            }
        });
        return app;
    }
}
