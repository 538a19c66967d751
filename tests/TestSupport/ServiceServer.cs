using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Plan.Accountability.V1;
using Plan.Pillar.V1;
using PlanServices.Pillars.Data;

namespace PlanServices.Testing;

/// <summary>
/// The one way tests host a service (<see cref="ServiceServer{THost}"/>): on real Kestrel sockets, as it runs in production, HTTP/1.1 on one port and
/// gRPC over HTTP/2 without TLS (h2c) on another, seeded from its sample files into its own SQLite file, with the
/// test run's identity provider as its authority (TestAuth). Callers are the generated gRPC clients and plain HttpClients.
/// </summary>
public interface IServiceServer : IAsyncDisposable
{
    Uri HttpAddress { get; }
    Uri GrpcAddress { get; }
}

/// <inheritdoc cref="IServiceServer"/>
public sealed class ServiceServer<THost> : IServiceServer where THost : class
{
    private readonly WebApplicationFactory<THost> _factory;
    private readonly List<GrpcChannel> _channels = [];

    /// <summary>
    /// Starts the host on two free ports (or those given); tries new ports if another process took one meanwhile.
    /// <paramref name="services"/> replaces registrations after the host's own (e.g. its clock).
    /// </summary>
    public ServiceServer(string name, IReadOnlyDictionary<string, string>? settings = null, int? httpPort = null, int? grpcPort = null,
        Action<IServiceCollection>? services = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (http, grpc) = (httpPort ?? Ports.Free(), grpcPort ?? Ports.Free());
            HttpAddress = new Uri($"http://127.0.0.1:{http}");
            GrpcAddress = new Uri($"http://127.0.0.1:{grpc}");
            _factory = Create(name, settings, services);
            try
            {
                _factory.StartServer();
                if (typeof(THost) == typeof(Gateway.Host)) TestAuth.AllowSignInAtAsync(HttpAddress).GetAwaiter().GetResult();
                return;
            }
            catch (IOException) when (attempt < 5 && httpPort is null && grpcPort is null)
            {
                _factory.Dispose();
            }
        }
    }

    private WebApplicationFactory<THost> Create(string name, IReadOnlyDictionary<string, string>? settings, Action<IServiceCollection>? services)
    {
        var factory = new WebApplicationFactory<THost>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Pillar:SeedSample", "true")
                .UseSetting("Accountability:SeedSample", "true")
                .UseSetting("Eventing:DaprHttpEndpoint", "http://127.0.0.1:9")
                .UseSetting("Eventing:DaprGrpcEndpoint", "http://127.0.0.1:9")
                .UseSetting($"ConnectionStrings:{name}", $"Data Source={Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.db")};Pooling=false")
                .UseSetting("Sidecar:DataFile", Path.Combine(Path.GetTempPath(), $"sidecar-{Guid.NewGuid():N}.db"))
                .UseSetting("Sidecar:SmtpPort", "0")
                .UseSetting("Kestrel:Endpoints:Http:Url", HttpAddress.ToString())
                .UseSetting("Kestrel:Endpoints:Grpc:Url", GrpcAddress.ToString());
            // Every host trusts the run's provider; the provider itself is started first, on its own settings. Outside
            // a test project (the benchmarks) no attribute names its folder, so it is named here.
            if (typeof(THost) != typeof(Identity.Host))
                foreach (var (key, value) in TestAuth.Settings) web.UseSetting(key, value);
            else web.UseSolutionRelativeContentRoot("services/Identity");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) web.UseSetting(key, value);
            if (services is not null) web.ConfigureTestServices(services);
        });
        factory.UseKestrel();
        return factory;
    }

    public Uri HttpAddress { get; private set; } = null!;
    public Uri GrpcAddress { get; private set; } = null!;

    /// <summary>"127.0.0.1:PORT", as grpc-js names a target.</summary>
    public string GrpcTarget => $"{GrpcAddress.Host}:{GrpcAddress.Port}";

    public IServiceProvider Services => _factory.Services;

    /// <summary>A channel to the gRPC port calling with <paramref name="token"/> (by default one with every role; none when "").</summary>
    public GrpcChannel Channel(string? token = null)
    {
        var channel = GrpcChannel.ForAddress(GrpcAddress, new GrpcChannelOptions
        {
            HttpHandler = TestAuth.Handler(token == "" ? null : token ?? TestAuth.Admin),
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        });
        lock (_channels) _channels.Add(channel);
        return channel;
    }

    public PillarService.PillarServiceClient CreateClient(string? token = null) => new(Channel(token));

    public AccountabilityService.AccountabilityServiceClient CreateAccountability(string? token = null) => new(Channel(token));

    /// <summary>An HTTP/1.1 client of the HTTP port, calling with <paramref name="token"/> (by default every role; none when "").</summary>
    public HttpClient Http(string? token = null) => TestAuth.Http(HttpAddress, token);

    public Task<T> WithDbAsync<T>(Func<PillarDb, Task<T>> query) => WithDbAsync<PillarDb, T>(query);

    public async Task<T> WithDbAsync<TDb, T>(Func<TDb, Task<T>> query) where TDb : notnull
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TDb>());
    }

    public async ValueTask DisposeAsync()
    {
        lock (_channels) _channels.ForEach(c => c.Dispose());
        await _factory.DisposeAsync();
    }
}
