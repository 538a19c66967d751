using System.Collections.Concurrent;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Plan.Accountability.V1;

namespace PlanServices.Gateway.Pack;

/// <summary>A published file: the bytes of one format of one version, with the hash Accountability stored with them.</summary>
public sealed record PublishedFile(string MeetingId, int Version, string Format, string ContentType, byte[] Content, string Sha256, DateTimeOffset PublishedAt);

/// <summary>
/// The published packs as the immutable files they are. A version's file never changes, so once read from Accountability
/// it is kept (up to <see cref="PackOptions.PublishedCacheBytes"/>, least used first out). Which packs are published, and
/// so which version is a pack's latest, is the index: read again when a pack is published or corrected (in this gateway,
/// or any other through the pack-published event), and at least every <see cref="PackOptions.CacheFor"/>.
/// </summary>
public sealed class PublishedFiles(ServiceClients clients, IOptions<PackOptions> options, TimeProvider clock) : IDisposable
{
    private readonly MemoryCache _files = new(new MemoryCacheOptions { SizeLimit = options.Value.PublishedCacheBytes });
    private readonly ConcurrentDictionary<(string, int, string), Task<PublishedFile?>> _reading = new();
    private volatile Index? _index;
    private int _generation;

    private sealed record Index(IReadOnlyList<PublishedEntry> Entries, DateTimeOffset Until);

    /// <summary>The published packs, newest meeting first, each with its versions.</summary>
    public async Task<IReadOnlyList<PublishedEntry>> IndexAsync(CancellationToken ct)
    {
        if (_index is { } index && index.Until > clock.GetUtcNow()) return index.Entries;
        var generation = Volatile.Read(ref _generation);
        var entries = await ReadIndexAsync(ct);
        if (generation == Volatile.Read(ref _generation)) _index = new Index(entries, clock.GetUtcNow() + options.Value.CacheFor);
        return entries;
    }

    /// <summary>One file of a published version (0: the latest); null when the pack or that version is not published.</summary>
    public async Task<PublishedFile?> FileAsync(string meeting, int version, string format, CancellationToken ct) =>
        (await IndexAsync(ct)).FirstOrDefault(p => p.MeetingId == meeting) is { } entry ? await FileAsync(entry, version, format, ct) : null;

    /// <summary>
    /// One file of a version of <paramref name="entry"/> (0: the latest). Readers asking at once for a file not yet kept
    /// (a crowd, the moment a pack is published) share one read from Accountability.
    /// </summary>
    public async Task<PublishedFile?> FileAsync(PublishedEntry entry, int version, string format, CancellationToken ct)
    {
        var wanted = version == 0 ? entry.Latest : version;
        if (entry.Versions.All(v => v.Version != wanted)) return null;
        var key = (entry.MeetingId, wanted, format);
        if (_files.TryGetValue(key, out PublishedFile? kept)) return kept;
        var reading = _reading.GetOrAdd(key, ReadAsync);
        try
        {
            return await reading.WaitAsync(ct);
        }
        finally
        {
            _reading.TryRemove(KeyValuePair.Create(key, reading));
        }
    }

    private async Task<PublishedFile?> ReadAsync((string Meeting, int Version, string Format) key)
    {
        PublishedPack published;
        try
        {
            published = await clients.Accountability.GetPublishedPackAsync(
                new GetPublishedPackRequest { MeetingId = key.Meeting, Version = key.Version, Format = key.Format }, deadline: DateTime.UtcNow.AddSeconds(10));
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound)
        {
            return null;
        }
        var file = published.Files.Single(f => f.Format == key.Format);
        var read = new PublishedFile(key.Meeting, published.Version, key.Format, file.ContentType, file.Content.ToByteArray(), file.Sha256,
            DateTimeOffset.Parse(published.PublishedAt, System.Globalization.CultureInfo.InvariantCulture));
        return _files.Set(key, read, new MemoryCacheEntryOptions { Size = Math.Max(1, read.Content.Length) });
    }

    /// <summary>The model of the latest version of every published pack, as stored with it; read once per index.</summary>
    public async Task<IReadOnlyList<(PublishedEntry Entry, PackDocument Pack)>> LatestPacksAsync(CancellationToken ct)
    {
        var entries = await IndexAsync(ct);
        if (_latest is { } kept && ReferenceEquals(kept.Of, entries)) return kept.Packs;
        var packs = new List<(PublishedEntry, PackDocument)>();
        foreach (var entry in entries)
            if (await FileAsync(entry, 0, "json", ct) is { } json)
                packs.Add((entry, JsonSerializer.Deserialize<PackDocument>(json.Content, PackEndpoints.Json)!));
        _latest = new LatestPacks(entries, packs);
        return packs;
    }

    private sealed record LatestPacks(IReadOnlyList<PublishedEntry> Of, IReadOnlyList<(PublishedEntry Entry, PackDocument Pack)> Packs);

    private volatile LatestPacks? _latest;

    /// <summary>A pack was published or corrected: the index is read again (the files of earlier versions stay as they are).</summary>
    public void Published()
    {
        Interlocked.Increment(ref _generation);
        _index = null;
    }

    private async Task<IReadOnlyList<PublishedEntry>> ReadIndexAsync(CancellationToken ct)
    {
        var packs = await clients.Accountability.ListPublishedPacksAsync(new ListPublishedPacksRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct);
        var meetings = (await clients.Accountability.ListMeetingsAsync(new ListMeetingsRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct))
            .Meetings.ToDictionary(m => m.Id);
        return packs.Packs.GroupBy(p => p.MeetingId).Select(g => new PublishedEntry(g.Key, meetings[g.Key].Title,
            DateOnly.Parse(meetings[g.Key].Date, System.Globalization.CultureInfo.InvariantCulture), g.Max(p => p.Version),
            g.OrderBy(p => p.Version).Select(p => new PublishedVersion(p.Version, p.PublishedAt, p.Note)).ToList())).ToList();
    }

    public void Dispose() => _files.Dispose();
}
