using PlanServices.Eventing;
using PlanServices.Gateway.Pack;
using PlanServices.Gateway.Routing;
using PlanServices.Gateway.Web;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway;

public static class GatewayExtensions
{
    /// <summary>YARP (routes and clusters from the suite's shape, in the "ReverseProxy" section) and pack assembly (the "Pack" section).</summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        var shape = builder.AddSuiteShape();
        builder.UseSuitePorts(shape.Gateway.Id);
        // The gateway's own client at the authority: for its client-credentials tokens and people's sign-in.
        SuiteShape.Defaults(builder, new Dictionary<string, string?> { ["Auth:ClientId"] = shape.Gateway.Id });
        builder.AddSecurity();
        builder.AddGatewayRoutes(shape);
        builder.Services.AddPacks(builder.Configuration, shape);
        builder.Services.AddEventingCore("gateway");
        builder.AddWebApp();
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseNotFoundPages();
        app.UseRateLimiter();
        app.MapGatewayRoutes();
        app.UseEventing();
        app.MapPacks();
        app.MapWebApp();
        return app;
    }
}
