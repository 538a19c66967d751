using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PlanServices.Contracts.Events;
using PlanServices.Eventing;

namespace PlanServices.Gateway.Pack;

/// <summary>
/// Assembled packs, kept until figures or papers change: the figures-changed, paper-status-changed and
/// pack-published events empty the cache (the last also has the published index read again) (and <c>Pack:CacheFor</c> bounds how long a pack is kept if an
/// event is ever lost). A partial pack is never kept.
/// </summary>
public sealed class PackCache(IOptions<PackOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (PackDocument Pack, DateTimeOffset Until)> _packs = new();

    public async Task<PackDocument?> GetOrAssembleAsync(string meetingId, Func<Task<PackDocument?>> assemble)
    {
        if (_packs.TryGetValue(meetingId, out var kept) && kept.Until > clock.GetUtcNow()) return kept.Pack;
        var generation = _generation;
        var pack = await assemble();
        if (pack is { Partial: false } && generation == _generation) _packs[meetingId] = (pack, clock.GetUtcNow() + options.Value.CacheFor);
        return pack;
    }

    private volatile int _generation;

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _packs.Clear();
    }

    /// <summary>Subscribes the cache to the events that make packs stale.</summary>
    public static IEndpointRouteBuilder MapCacheInvalidation(IEndpointRouteBuilder app)
    {
        Task Clear(IServiceProvider services)
        {
            services.GetRequiredService<PackCache>().Clear();
            return Task.CompletedTask;
        }
        app.MapSubscription<FiguresChanged>(Topics.FiguresChanged, (_, services, _) => Clear(services));
        app.MapSubscription<PaperStatusChanged>(Topics.PaperStatusChanged, (_, services, _) => Clear(services));
        app.MapSubscription<PackPublished>(Topics.PackPublished, (_, services, _) =>
        {
            services.GetRequiredService<PublishedFiles>().Published();
            return Clear(services);
        });
        return app;
    }
}
