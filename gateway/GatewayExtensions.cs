using PlanServices.Gateway.Pack;
using PlanServices.Eventing;
using PlanServices.Gateway.Proxy;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway;

public static class GatewayExtensions
{
    /// <summary>The forwarder (routes from the "ReverseProxy" section) and pack assembly (the "Pack" section).</summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.AddSecurity();
        builder.Services.AddForwarder();
        builder.Services.AddPacks();
        builder.Services.AddEventingCore("gateway");
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseForwarder();
        app.MapPacks();
        app.MapLocalIssuer();
        return app;
    }
}
