using System.Diagnostics.Metrics;

namespace PlanServices.Testing;

/// <summary>
/// Kestrel's own count of open connections on one port (the <c>kestrel.active_connections</c> metric), so that a
/// test can wait for the server to have finished with a client that went away, instead of sleeping.
/// </summary>
public sealed class ServerConnections : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly int _port;
    private long _open;

    public ServerConnections(int port)
    {
        _port = port;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Meter.Name: "Microsoft.AspNetCore.Server.Kestrel", Name: "kestrel.active_connections" }) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, change, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag is { Key: "server.port" } && Convert.ToInt32(tag.Value, System.Globalization.CultureInfo.InvariantCulture) == _port)
                    Interlocked.Add(ref _open, change);
        });
        _listener.Start();
    }

    /// <summary>Connections opened since this listener started and not yet closed.</summary>
    public long Open => Interlocked.Read(ref _open);

    /// <summary>Waits until every connection opened since the start has closed (at most 30 s).</summary>
    public async Task WaitUntilClosedAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (Open > 0)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"{Open} connection(s) to port {_port} still open after 30 s");
            await Task.Delay(20);
        }
    }

    public void Dispose() => _listener.Dispose();
}
