using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PlanServices.Contracts;
using PlanServices.Grpc.Client;
using PlanServices.Pillars.Data;

namespace PlanServices.Pillars.Tests.Infrastructure;

/// <summary>
/// A pillar host on real Kestrel sockets, as it runs in production: HTTP/1.1 on one port, gRPC over
/// HTTP/2 without TLS (h2c) on another, seeded from its sample file into its own SQLite file.
/// </summary>
public sealed class PillarServer<THost> : IAsyncDisposable where THost : class
{
    private readonly WebApplicationFactory<THost> _factory;

    public PillarServer(string name, IReadOnlyDictionary<string, string>? settings = null)
    {
        var (http, grpc) = (FreePort(), FreePort());
        HttpAddress = new Uri($"http://127.0.0.1:{http}");
        GrpcAddress = new Uri($"http://127.0.0.1:{grpc}");
        _factory = new WebApplicationFactory<THost>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Pillar:SeedSample", "true")
                .UseSetting($"ConnectionStrings:{name}", $"Data Source={Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.db")};Pooling=false")
                .UseSetting("Kestrel:Endpoints:Http:Url", HttpAddress.ToString())
                .UseSetting("Kestrel:Endpoints:Grpc:Url", GrpcAddress.ToString());
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) web.UseSetting(key, value);
        });
        _factory.UseKestrel();
        _factory.StartServer();
    }

    public Uri HttpAddress { get; }
    public Uri GrpcAddress { get; }

    /// <summary>"127.0.0.1:PORT", as grpc-js names a target.</summary>
    public string GrpcTarget => $"{GrpcAddress.Host}:{GrpcAddress.Port}";

    public PillarClient CreateClient() => new(new GrpcClient(GrpcClient.CreateHttpClient(GrpcAddress)));

    public async Task<T> WithDbAsync<T>(Func<PillarDb, Task<T>> query)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<PillarDb>());
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
