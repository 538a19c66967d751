using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PlanServices.Contracts.Events;

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
    private Dictionary<string, string> _accountability = [];
    private TimeProvider? _clock;

    /// <summary>Settings every part of this suite has: a pillar added to the suite's shape, when there is one.</summary>
    private readonly Dictionary<string, string> _shape = [];

    /// <summary>The sidecar's SMTP sink, where Accountability sends its mail unless a test points it elsewhere.</summary>
    public int SmtpPort { get; } = Ports.Free();

    public ServiceServer<PreventingCrime.Host> PreventingCrime { get; private set; } = null!;
    public ServiceServer<CohesiveCommunities.Host> CohesiveCommunities { get; set; } = null!;
    public ServiceServer<ReducingHarm.Host> ReducingHarm { get; set; } = null!;
    public ServiceServer<Accountability.Host> Accountability { get; set; } = null!;
    public ServiceServer<DevSidecar.Host> Sidecar { get; private set; } = null!;

    /// <summary>A pillar beyond the Plan's, when started with one: a pillar host run on another catalogue.</summary>
    public ServiceServer<PreventingCrime.Host>? Added { get; private set; }

    /// <summary>The identity provider of this suite, when it has its own (with an added pillar, its demo people include that pillar's analyst).</summary>
    public ServiceServer<Identity.Host>? Provider { get; private set; }

    /// <summary>The added pillar's id.</summary>
    public string? AddedId { get; private set; }

    /// <summary>The gateway, subscribed through the sidecar like the services, when started with one.</summary>
    public ServiceServer<Gateway.Host>? Gateway { get; private set; }

    public Uri SidecarAddress => new($"http://127.0.0.1:{_sidecarPort}");

    /// <summary>The sidecar's Dapr gRPC API, where the services' DaprClient publishes.</summary>
    public Uri SidecarGrpcAddress => new($"http://127.0.0.1:{_sidecarGrpcPort}");

    /// <summary>
    /// Starts the suite. Accountability mails the demo users through the sidecar's SMTP sink, as in the
    /// one-command run; <paramref name="accountability"/> adds or replaces its settings and <paramref name="clock"/> its
    /// clock, for good (a restart keeps them).
    /// </summary>
    /// <param name="added">A pillar added to the suite's shape by configuration alone, and the folder of its catalogue.yaml and sample.</param>
    /// <param name="identity">Settings of an identity provider of this suite's own (e.g. short token lifetimes), instead of the run's.</param>
    public static async Task<EventSuite> StartAsync(bool gateway = false, IReadOnlyDictionary<string, string>? accountability = null, TimeProvider? clock = null,
        (ServiceDefaults.SuitePillar Pillar, string Folder)? added = null, IReadOnlyDictionary<string, string>? identity = null)
    {
        var suite = new EventSuite { _clock = clock };
        if (added is { Pillar: var pillar })
        {
            var at = $"{ServiceDefaults.SuiteShape.Section}:Pillars:{Repo.Shape.Pillars.Count}";
            suite._shape[$"{at}:Id"] = pillar.Id;
            suite._shape[$"{at}:Title"] = pillar.Title;
        }
        // The run's provider knows the Plan's pillars only: a suite of another shape, or asking for other settings, has its own.
        if (added is not null || identity is not null)
        {
            var settings = new Dictionary<string, string>(suite._shape.Concat(TestAuth.IdentitySettings(Directory.CreateTempSubdirectory("planservices-keys-").FullName)));
            foreach (var (key, value) in identity ?? new Dictionary<string, string>()) settings[key] = value;
            suite.Provider = new ServiceServer<Identity.Host>("identity", settings);
            suite._shape["Auth:Authority"] = suite.Provider.HttpAddress.ToString();
            suite._shape["Auth:SignInLog"] = new Uri(suite.Provider.HttpAddress, "audit/sign-ins").ToString();
        }
        suite._accountability = new Dictionary<string, string>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = suite.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:From"] = "PlanServices <planservices@example.org>",
            ["Smtp:Security"] = "None",
            ["Notifications:DemoPeople"] = "true",
            ["Notifications:SendInterval"] = "00:00:00.100",
            ["Notifications:ScanInterval"] = "00:00:00.200",
            ["Notifications:MaxBackoff"] = "00:00:00.500",
        };
        foreach (var (key, value) in accountability ?? new Dictionary<string, string>()) suite._accountability[key] = value;
        var gatewayPort = Ports.Free();
        suite.PreventingCrime = suite.Start<PreventingCrime.Host>("preventing-crime");
        suite.CohesiveCommunities = suite.Start<CohesiveCommunities.Host>("cohesive-communities");
        suite.ReducingHarm = suite.Start<ReducingHarm.Host>("reducing-harm");
        suite.Accountability = suite.Start<Accountability.Host>("accountability");
        suite.AddedId = added?.Pillar.Id;
        if (added is { } extra)
            suite.Added = suite.Start<PreventingCrime.Host>(extra.Pillar.Id, new Dictionary<string, string>
            {
                ["Pillar:Name"] = extra.Pillar.Id,
                ["Pillar:Catalogue"] = Path.Combine(extra.Folder, "catalogue.yaml"),
                ["Pillar:SampleDirectory"] = Path.Combine(extra.Folder, "sample"),
            });
        var sidecar = new Dictionary<string, string>(suite._shape)
        {
            ["Sidecar:DataFile"] = Path.Combine(suite._data, "sidecar.db"),
            ["Sidecar:DiscoveryInterval"] = "00:00:00.200",
            ["Sidecar:InitialBackoff"] = "00:00:00.100",
            ["Sidecar:MaxBackoff"] = "00:00:01",
            ["Sidecar:MaxAttempts"] = "4",
            ["Sidecar:SmtpPort"] = suite.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sidecar:Apps:preventing-crime"] = suite.PreventingCrime.HttpAddress.ToString(),
            ["Sidecar:Apps:cohesive-communities"] = suite.CohesiveCommunities.HttpAddress.ToString(),
            ["Sidecar:Apps:reducing-harm"] = suite.ReducingHarm.HttpAddress.ToString(),
            ["Sidecar:Apps:accountability"] = suite.Accountability.HttpAddress.ToString(),
            ["Sidecar:Apps:gateway"] = $"http://127.0.0.1:{gatewayPort}",
        };
        if (suite.Added is { } own) sidecar[$"Sidecar:Apps:{suite.AddedId}"] = own.HttpAddress.ToString();
        suite.Sidecar = new ServiceServer<DevSidecar.Host>("dev-sidecar", sidecar, suite._sidecarPort, suite._sidecarGrpcPort);
        if (gateway) suite.Gateway = new ServiceServer<Gateway.Host>("gateway", suite.GatewaySettings(), gatewayPort);
        if (suite.Gateway is { } signIn && suite.Provider is { } provider) await TestAuth.AllowSignInAtAsync(signIn.HttpAddress, provider);
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

    /// <summary>
    /// Starts (or restarts) a service on its own SQLite file and, after a restart, on the same HTTP port; Accountability
    /// with the suite's settings and clock for it.
    /// </summary>
    public ServiceServer<T> Start<T>(string name, bool sidecarReachable = true) where T : class => Start<T>(name, new Dictionary<string, string>(), sidecarReachable);

    private ServiceServer<T> Start<T>(string name, IReadOnlyDictionary<string, string> own, bool sidecarReachable = true) where T : class
    {
        var settings = new Dictionary<string, string>(_shape.Concat(own))
        {
            [$"ConnectionStrings:{name}"] = $"Data Source={Path.Combine(_data, name + ".db")};Pooling=false",
            ["Eventing:DaprHttpEndpoint"] = sidecarReachable ? SidecarAddress.ToString() : "http://127.0.0.1:9",
            ["Eventing:DaprGrpcEndpoint"] = sidecarReachable ? SidecarGrpcAddress.ToString() : "http://127.0.0.1:9",
            ["Eventing:PollInterval"] = "00:00:00.100",
            ["Eventing:MaxBackoff"] = "00:00:00.500",
        };
        var accountability = name == "accountability";
        if (accountability) foreach (var (key, value) in _accountability) settings[key] = value;
        var server = new ServiceServer<T>(name, settings, _ports.TryGetValue(name, out var port) ? port : null,
            services: accountability && _clock is { } clock ? s => s.AddSingleton(clock) : null);
        _ports[name] = server.HttpAddress.Port;
        return server;
    }

    /// <summary>The gateway's routes to this suite's services, and its sidecar.</summary>
    public Dictionary<string, string> GatewaySettings()
    {
        var settings = new Dictionary<string, string>(_shape)
        {
            ["ReverseProxy:Clusters:accountability-grpc:Destinations:primary:Address"] = Accountability.GrpcAddress.ToString(),
            ["Eventing:DaprHttpEndpoint"] = SidecarAddress.ToString(),
            ["Eventing:DaprGrpcEndpoint"] = SidecarGrpcAddress.ToString(),
        };
        foreach (var (name, grpc, http) in new[]
        {
            ("preventing-crime", PreventingCrime.GrpcAddress, PreventingCrime.HttpAddress),
            ("cohesive-communities", CohesiveCommunities.GrpcAddress, CohesiveCommunities.HttpAddress),
            ("reducing-harm", ReducingHarm.GrpcAddress, ReducingHarm.HttpAddress),
        }.Concat(Added is { } added ? [(AddedId!, added.GrpcAddress, added.HttpAddress)] : []))
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

    /// <summary>The mail the sidecar's SMTP sink received, newest first (what /dev/mail lists).</summary>
    public async Task<List<JsonElement>> MailAsync()
    {
        using var http = new HttpClient { BaseAddress = SidecarAddress };
        http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        return await http.GetFromJsonAsync<List<JsonElement>>("/dev/mail") ?? [];
    }

    public async Task<bool> AllDeliveredAsync() =>
        (await MessagesAsync(null)).All(m => m.GetProperty("deliveries").EnumerateArray().All(d => d.GetProperty("status").GetString() != "pending"));

    /// <summary>Whether the sidecar has tried, and failed, to deliver a message of <paramref name="topic"/> to <paramref name="app"/>.</summary>
    public async Task<bool> TriedAndFailedAsync(string topic, string app) =>
        (await MessagesAsync(topic)).Any(m => m.GetProperty("deliveries").EnumerateArray().Any(d =>
            d.GetProperty("app").GetString() == app && d.GetProperty("status").GetString() == "pending" && d.GetProperty("lastError").ValueKind == System.Text.Json.JsonValueKind.String));

    /// <summary>Delivers an event to an app as the sidecar does (the event as a CloudEvent's data); returns the app's answer (SUCCESS, RETRY, DROP).</summary>
    public static async Task<string> DeliverAsync<T>(IServiceServer app, string topic, T integrationEvent) where T : IntegrationEvent
    {
        using var http = new HttpClient { BaseAddress = app.HttpAddress };
        using var response = await http.PostAsync($"/events/{topic}", new StringContent(CloudEvent(topic, integrationEvent), System.Text.Encoding.UTF8, "application/cloudevents+json"));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
    }

    /// <summary>A delivery as the sidecar makes it: the event as a CloudEvent's data.</summary>
    public static string CloudEvent<T>(string topic, T integrationEvent) where T : IntegrationEvent => new System.Text.Json.Nodes.JsonObject
    {
        ["specversion"] = "1.0", ["id"] = integrationEvent.Id.ToString(), ["source"] = "test", ["type"] = $"plan.{topic}.v1",
        ["datacontenttype"] = "application/json", ["topic"] = topic, ["pubsubname"] = "pubsub",
        ["data"] = JsonSerializer.SerializeToNode(integrationEvent, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
    }.ToJsonString();

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
        if (Added is not null) await Added.DisposeAsync();
        if (Provider is not null) await Provider.DisposeAsync();
        await ReducingHarm.DisposeAsync();
        await CohesiveCommunities.DisposeAsync();
        await PreventingCrime.DisposeAsync();
    }
}
