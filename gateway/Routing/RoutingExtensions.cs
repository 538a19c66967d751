using Grpc.Core;
using PlanServices.ServiceDefaults;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;

namespace PlanServices.Gateway.Routing;

/// <summary>
/// YARP, configured by the "ReverseProxy" section (routes and clusters are data), with the two answers a caller
/// of the suite needs from its gateway: a service that cannot be reached answers at once, UNAVAILABLE for gRPC and
/// 503 otherwise; a gRPC call that no route takes (a pillar method without, or with an unknown, <c>x-pillar</c>)
/// gets a gRPC status naming the choices instead of an HTTP 404.
/// </summary>
public static class RoutingExtensions
{
    public const string PillarHeader = "x-pillar";

    public static IServiceCollection AddGatewayRoutes(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddReverseProxy().LoadFromConfig(configuration.GetSection("ReverseProxy"));
        return services;
    }

    public static WebApplication MapGatewayRoutes(this WebApplication app)
    {
        app.MapReverseProxy(proxy => proxy.Use(async (context, next) =>
        {
            await next();
            if (context.GetForwarderErrorFeature() is { } error && !context.Response.HasStarted)
                Unavailable(context, context.GetReverseProxyFeature().Route.Config.ClusterId ?? "the service", error.Error);
        }));
        // Tried only when no other endpoint matched (a higher Order loses to every route of the section); for every method,
        // so that a browser's GET of an unknown two-part address is a 404 (the "Page not found" page), not a 405.
        app.Map("/{service}/{method}", (HttpContext context, IProxyStateLookup routes) => Unrouted(context, routes))
            .WithOrder(int.MaxValue);
        return app;
    }

    private static void Unavailable(HttpContext context, string cluster, ForwarderError error)
    {
        if (IsGrpc(context))
            GrpcResponses.TrailersOnly(context, StatusCode.Unavailable, $"{cluster} is unavailable ({error})");
        else
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
        }
    }

    private static IResult Unrouted(HttpContext context, IProxyStateLookup routes)
    {
        if (!IsGrpc(context)) return Results.NotFound();
        var service = context.Request.Path.Value!.Split('/')[1];
        var choices = routes.GetRoutes()
            .Where(r => r.Config.Match.Path?.StartsWith($"/{service}/", StringComparison.Ordinal) == true)
            .SelectMany(r => r.Config.Match.Headers ?? [])
            .Where(h => string.Equals(h.Name, PillarHeader, StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Values ?? [])
            .Order().ToList();
        var given = context.Request.Headers[PillarHeader].ToString();
        GrpcResponses.TrailersOnly(context, StatusCode.Unimplemented, choices.Count == 0
            ? $"The gateway routes no gRPC service {service}."
            : $"{PillarHeader}: {(given.Length == 0 ? "missing" : $"'{given}' is not a pillar")}; send metadata {PillarHeader} with one of {string.Join(", ", choices)}.");
        return Results.Empty;
    }

    internal static bool IsGrpc(HttpContext context) =>
        context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

}
