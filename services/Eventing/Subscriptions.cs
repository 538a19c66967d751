using System.Diagnostics;
using System.Text.Json;
using Dapr;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlanServices.Common;
using PlanServices.Contracts.Events;

namespace PlanServices.Eventing;

/// <summary>A handler's verdict that a message can never be handled: it goes to the dead-letter topic.</summary>
public sealed class PoisonMessageException(string reason) : Exception(reason);

/// <summary>What a subscriber answers a delivery, as Dapr reads it.</summary>
public sealed record DeliveryAnswer(string Status)
{
    public static readonly DeliveryAnswer Success = new("SUCCESS");
    public static readonly DeliveryAnswer Retry = new("RETRY");
    public static readonly DeliveryAnswer Drop = new("DROP");
}

/// <summary>
/// Events the way Dapr.AspNetCore does them: <c>UseCloudEvents</c> unwraps each delivery, <c>MapSubscribeHandler</c>
/// serves <c>/dapr/subscribe</c> from the endpoints' topic metadata, one typed handler per topic, and the
/// <see cref="Dapr.Client.DaprClient"/> publishes (through the outbox). Each handler answers SUCCESS, RETRY or DROP on
/// purpose. With a database, handling is idempotent: the event id is stored in the inbox in the same transaction as
/// the effect, so a redelivery has no second effect. A message that can never be handled (it cannot be read, or the
/// domain refuses it) is published to the dead-letter topic through the outbox and dropped; a failure that may pass is
/// answered RETRY, and after Dapr's retries the message goes to the subscription's dead-letter topic.
/// With an app API token configured, only the sidecar may deliver (Dapr's App API token authentication).
/// </summary>
public static class Subscriptions
{
    /// <summary>Dapr.AspNetCore's authentication scheme and authorization policy for calls from the sidecar.</summary>
    public const string DaprPolicy = "Dapr";

    public static IServiceCollection AddEventing<TDb>(this IServiceCollection services, string appId) where TDb : DbContext
    {
        services.AddEventingCore(appId);
        services.AddSingleton<OutboxSender<TDb>>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxSender<TDb>>());
        return services;
    }

    /// <summary>The Dapr client and subscriptions, without an outbox (the gateway's cache invalidation).</summary>
    public static IServiceCollection AddEventingCore(this IServiceCollection services, string appId)
    {
        services.AddOptions<EventingOptions>().BindConfiguration(EventingOptions.Section).PostConfigure(o => o.AppId = o.AppId.Length > 0 ? o.AppId : appId);
        services.AddDaprClient((provider, dapr) =>
        {
            var options = provider.GetRequiredService<IOptions<EventingOptions>>().Value;
            dapr.UseGrpcEndpoint(options.DaprGrpcEndpoint).UseHttpEndpoint(options.DaprHttpEndpoint);
            if (options.DaprApiToken is { Length: > 0 } token) dapr.UseDaprApiToken(token);
        });
        services.AddAuthentication().AddDapr();
        services.AddOptions<Dapr.AspNetCore.DaprAuthenticationOptions>(DaprPolicy)
            .Configure<IOptions<EventingOptions>>((dapr, eventing) => dapr.Token = eventing.Value.AppApiToken ?? "");
        services.AddAuthorization(options => options.AddDapr(DaprPolicy));
        return services;
    }

    /// <summary>CloudEvents unwrapped for the handlers, and <c>/dapr/subscribe</c>; call before mapping handlers.</summary>
    public static WebApplication UseEventing(this WebApplication app)
    {
        app.UseCloudEvents();
        FromSidecar(app.MapSubscribeHandler(), app);
        return app;
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
        var pubsub = app.ServiceProvider.GetRequiredService<IOptions<EventingOptions>>().Value.PubSub;
        var endpoint = app.MapPost($"/events/{topic}", async (HttpContext http, ILoggerFactory loggers, CancellationToken ct) =>
        {
            var logger = loggers.CreateLogger("PlanServices.Eventing");
            using var reader = new StreamReader(http.Request.Body);
            var raw = await reader.ReadToEndAsync(ct);
            TEvent integrationEvent;
            try
            {
                integrationEvent = JsonSerializer.Deserialize<TEvent>(raw, Json) ?? throw new JsonException("empty delivery");
                if (integrationEvent.Id == Guid.Empty) throw new JsonException($"the data is not a {topic} event: it has no id");
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
            {
                return await Poison(e.Message);
            }
            using var activity = Tracing.Source.StartActivity($"handle {topic}", ActivityKind.Consumer,
                Activity.Current is null ? http.Request.Headers.TraceParent.ToString() : null);
            activity?.SetTag("messaging.message.id", integrationEvent.Id.ToString());
            try
            {
                await handle(integrationEvent, http.RequestServices, ct);
                return Results.Ok(DeliveryAnswer.Success);
            }
            catch (Exception e) when (e is PoisonMessageException or RefusedException)
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
        }).WithMetadata(new TopicAttribute(pubsub, topic, Topics.DeadLetter, enableRawPayload: false));
        FromSidecar(endpoint, app);
        return app;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>With an app API token configured, the endpoint answers only calls that carry it (the sidecar's).</summary>
    private static void FromSidecar(IEndpointConventionBuilder endpoint, IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<EventingOptions>>().Value.AppApiToken is { Length: > 0 })
            endpoint.RequireAuthorization(DaprPolicy);
    }
}
