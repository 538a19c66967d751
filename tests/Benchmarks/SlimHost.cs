using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace PlanServices.Benchmarks;

/// <summary>The host every peer server of the benchmarks starts from: ASP.NET Core's slim builder, no logging, h2c on one loopback port.</summary>
public static class SlimHost
{
    public static WebApplicationBuilder Builder(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(port, listen => listen.Protocols = HttpProtocols.Http2));
        return builder;
    }
}
