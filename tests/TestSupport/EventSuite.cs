using System.Net.Http.Json;
using System.Text.Json;

namespace PlanServices.Testing;

/// <summary>
/// The services and the gateway talking through the dev sidecar, every part on real sockets with its own
/// SQLite file, so a test can stop a service and start it again on the same data and address.
/// </summary>
public sealed class EventSuite : IAsyncDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("planservices-events-").FullName;
    private readonly int _sidecarPort = Ports.Free();
    private readonly int _sidecarGrpcPort = Ports.Free();
    private readonly Dictionary<string, int> _ports = new();

    public ServiceServer<PreventingCrime.Host> PreventingCrime { get; private set; } = null!;
    public ServiceServer<CohesiveCommunities.Host> CohesiveCommunities { get; set; } = null!;
    public ServiceServer<ReducingHarm.Host> ReducingHarm { get; set; } = null!;
    public ServiceServer<Accountability.Host> Accountability { get; private set; } = null!;
    public ServiceServer<DevSidecar.Host> Sidecar { get; private set; } = null!;

    /// <summary>The gateway, subscribed through the sidecar like the services, when started with one.</summary>
    public ServiceServer<Gateway.Host>? Gateway { get; private set; }

    public Uri SidecarAddress => new($"http://127.0.0.1:{_sidecarPort}");

    /// <summary>The sidecar's Dapr gRPC API, where the services' DaprClient publishes.</summary>
    public Uri SidecarGrpcAddress => new($"http://127.0.0.1:{_sidecarGrpcPort}");

    public static async Task<EventSuite> StartAsync(bool gateway = false)
    {
        var suite = new EventSuite();
        var gatewayPort = Ports.Free();
        suite.PreventingCrime = suite.Start<PreventingCrime.Host>("preventing-crime");
        suite.CohesiveCommunities = suite.Start<CohesiveCommunities.Host>("cohesive-communities");
        suite.ReducingHarm = suite.Start<ReducingHarm.Host>("reducing-harm");
        suite.Accountability = suite.Start<Accountability.Host>("accountability");
        suite.Sidecar = new ServiceServer<DevSidecar.Host>("dev-sidecar", new Dictionary<string, string>
        {
            ["Sidecar:DataFile"] = Path.Combine(suite._data, "sidecar.db"),
            ["Sidecar:DiscoveryInterval"] = "00:00:00.200",
            ["Sidecar:InitialBackoff"] = "00:00:00.100",
            ["Sidecar:MaxBackoff"] = "00:00:01",
            ["Sidecar:MaxAttempts"] = "4",
            ["Sidecar:Apps:preventing-crime"] = suite.PreventingCrime.HttpAddress.ToString(),
            ["Sidecar:Apps:cohesive-communities"] = suite.CohesiveCommunities.HttpAddress.ToString(),
            ["Sidecar:Apps:reducing-harm"] = suite.ReducingHarm.HttpAddress.ToString(),
            ["Sidecar:Apps:accountability"] = suite.Accountability.HttpAddress.ToString(),
            ["Sidecar:Apps:gateway"] = $"http://127.0.0.1:{gatewayPort}",
        }, suite._sidecarPort, suite._sidecarGrpcPort);
        if (gateway) suite.Gateway = new ServiceServer<Gateway.Host>("gateway", suite.GatewaySettings(), gatewayPort);
        try
        {
            await suite.WaitUntilAsync(async () => (await suite.MessagesAsync(null)).Count > 0 && await suite.AllDeliveredAsync(), "the seed's events to be delivered");
        }
        catch (TimeoutException e)
        {
            var pending = (await suite.MessagesAsync(null)).SelectMany(m => m.GetProperty("deliveries").EnumerateArray()
                .Where(d => d.GetProperty("status").GetString() == "pending")
                .Select(d => $"{m.GetProperty("topic")} to {d.GetProperty("app")}: {(d.TryGetProperty("lastError", out var error) ? error.ToString() : "not tried")}"));
            throw new TimeoutException($"{e.Message}; still pending: {string.Join("; ", pending.Take(10))}", e);
        }
        return suite;
    }

    /// <summary>Starts (or restarts) a service on its own SQLite file and, after a restart, on the same HTTP port.</summary>
    public ServiceServer<T> Start<T>(string name, bool sidecarReachable = true) where T : class
    {
        var server = new ServiceServer<T>(name, new Dictionary<string, string>
        {
            [$"ConnectionStrings:{name}"] = $"Data Source={Path.Combine(_data, name + ".db")};Pooling=false",
            ["Eventing:DaprHttpEndpoint"] = sidecarReachable ? SidecarAddress.ToString() : "http://127.0.0.1:9",
            ["Eventing:DaprGrpcEndpoint"] = sidecarReachable ? SidecarGrpcAddress.ToString() : "http://127.0.0.1:9",
            ["Eventing:PollInterval"] = "00:00:00.100",
            ["Eventing:MaxBackoff"] = "00:00:00.500",
        }, _ports.TryGetValue(name, out var port) ? port : null);
        _ports[name] = server.HttpAddress.Port;
        return server;
    }

    /// <summary>The gateway's routes to this suite's services, and its sidecar.</summary>
    public Dictionary<string, string> GatewaySettings()
    {
        var settings = new Dictionary<string, string>
        {
            ["ReverseProxy:Clusters:accountability-grpc:Destinations:primary:Address"] = Accountability.GrpcAddress.ToString(),
            ["Eventing:DaprHttpEndpoint"] = SidecarAddress.ToString(),
            ["Eventing:DaprGrpcEndpoint"] = SidecarGrpcAddress.ToString(),
            ["Auth:LocalIssuer"] = "true",
        };
        foreach (var (name, grpc, http) in new[]
        {
            ("preventing-crime", PreventingCrime.GrpcAddress, PreventingCrime.HttpAddress),
            ("cohesive-communities", CohesiveCommunities.GrpcAddress, CohesiveCommunities.HttpAddress),
            ("reducing-harm", ReducingHarm.GrpcAddress, ReducingHarm.HttpAddress),
        })
        {
            settings[$"ReverseProxy:Clusters:{name}-grpc:Destinations:primary:Address"] = grpc.ToString();
            settings[$"ReverseProxy:Clusters:{name}-http:Destinations:primary:Address"] = http.ToString();
        }
        return settings;
    }

    public async Task<List<JsonElement>> MessagesAsync(string? topic)
    {
        using var http = new HttpClient { BaseAddress = SidecarAddress };
        return await http.GetFromJsonAsync<List<JsonElement>>(topic is null ? "/dev/messages" : $"/dev/messages?topic={topic}") ?? [];
    }

    public async Task<bool> AllDeliveredAsync() =>
        (await MessagesAsync(null)).All(m => m.GetProperty("deliveries").EnumerateArray().All(d => d.GetProperty("status").GetString() != "pending"));

    /// <summary>Whether the sidecar has tried, and failed, to deliver a message of <paramref name="topic"/> to <paramref name="app"/>.</summary>
    public async Task<bool> TriedAndFailedAsync(string topic, string app) =>
        (await MessagesAsync(topic)).Any(m => m.GetProperty("deliveries").EnumerateArray().Any(d =>
            d.GetProperty("app").GetString() == app && d.GetProperty("status").GetString() == "pending" && d.GetProperty("lastError").ValueKind == System.Text.Json.JsonValueKind.String));

    /// <summary>Waits for something the events bring about; fails with what it waited for after 30 s.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Grpc.Core.RpcException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"waited 30 s for {what}");
    }

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null) await Gateway.DisposeAsync();
        await Sidecar.DisposeAsync();
        await Accountability.DisposeAsync();
        await ReducingHarm.DisposeAsync();
        await CohesiveCommunities.DisposeAsync();
        await PreventingCrime.DisposeAsync();
    }
}
