using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PlanServices.Contracts;
using PlanServices.Grpc.Client;
using PlanServices.Pillars.Data;

namespace PlanServices.Testing;

/// <summary>
/// A service host on real Kestrel sockets, as it runs in production: HTTP/1.1 on one port, gRPC over
/// HTTP/2 without TLS (h2c) on another, seeded from its sample files into its own SQLite file.
/// </summary>
public sealed class ServiceServer<THost> : IAsyncDisposable where THost : class
{
    private readonly WebApplicationFactory<THost> _factory;

    /// <summary>Starts the host on two free ports; tries new ports if another process took one meanwhile.</summary>
    public ServiceServer(string name, IReadOnlyDictionary<string, string>? settings = null, int? httpPort = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (http, grpc) = (httpPort ?? FreePort(), FreePort());
            HttpAddress = new Uri($"http://127.0.0.1:{http}");
            GrpcAddress = new Uri($"http://127.0.0.1:{grpc}");
            _factory = Create(name, settings);
            try
            {
                _factory.StartServer();
                return;
            }
            catch (IOException) when (attempt < 5 && httpPort is null)
            {
                _factory.Dispose();
            }
        }
    }

    private WebApplicationFactory<THost> Create(string name, IReadOnlyDictionary<string, string>? settings)
    {
        var factory = new WebApplicationFactory<THost>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Pillar:SeedSample", "true")
                .UseSetting("Accountability:SeedSample", "true")
                .UseSetting("Eventing:DaprHttpEndpoint", "http://127.0.0.1:9")
                .UseSetting("Auth:Issuer", TestAuth.Options.Issuer)
                .UseSetting("Auth:Audience", TestAuth.Options.Audience)
                .UseSetting("Auth:SigningKey", TestAuth.Options.SigningKey)
                .UseSetting($"ConnectionStrings:{name}", $"Data Source={Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.db")};Pooling=false")
                .UseSetting("Kestrel:Endpoints:Http:Url", HttpAddress.ToString())
                .UseSetting("Kestrel:Endpoints:Grpc:Url", GrpcAddress.ToString());
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) web.UseSetting(key, value);
        });
        factory.UseKestrel();
        return factory;
    }

    public Uri HttpAddress { get; private set; } = null!;
    public Uri GrpcAddress { get; private set; } = null!;

    /// <summary>"127.0.0.1:PORT", as grpc-js names a target.</summary>
    public string GrpcTarget => $"{GrpcAddress.Host}:{GrpcAddress.Port}";

    public PillarClient CreateClient(string? token = null) => new(CreateGrpc(token));

    /// <summary>A gRPC client calling with <paramref name="token"/> (by default one with every role).</summary>
    public GrpcClient CreateGrpc(string? token = null) => new(GrpcClient.CreateHttpClient(GrpcAddress, TestAuth.Handler(token ?? TestAuth.Admin)));

    public Task<T> WithDbAsync<T>(Func<PillarDb, Task<T>> query) => WithDbAsync<PillarDb, T>(query);

    public async Task<T> WithDbAsync<TDb, T>(Func<TDb, Task<T>> query) where TDb : notnull
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TDb>());
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
