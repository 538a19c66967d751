using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Configuration;

namespace PlanServices.Benchmarks;

/// <summary>
/// YARP at its own best here, the peer of the gateway's forwarding: a slim host whose one route sends every call over
/// h2c to one destination, as YARP's basic sample does (in-memory config, the default pipeline), nothing else.
/// Runs as its own process (<c>Benchmarks minimal-yarp PORT TARGET</c>).
/// </summary>
public static class MinimalProxy
{
    public static async Task RunAsync(int port, string target)
    {
        var builder = SlimHost.Builder(port);
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "target", Match = new RouteMatch { Path = "{**path}" } }],
            [new ClusterConfig
            {
                ClusterId = "target",
                Destinations = new Dictionary<string, DestinationConfig> { ["primary"] = new() { Address = target } },
                HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { Version = new Version(2, 0), VersionPolicy = HttpVersionPolicy.RequestVersionExact },
            }]);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.RunAsync();
    }
}
