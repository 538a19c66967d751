using Grpc.Core;
using PlanServices.ServiceDefaults;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;

namespace PlanServices.Gateway.Routing;

/// <summary>
/// YARP, configured by the "ReverseProxy" section (routes and clusters are data, made from the suite's shape), with the two answers a caller
/// of the suite needs from its gateway: a service that cannot be reached answers at once, UNAVAILABLE for gRPC and
/// 503 otherwise; a gRPC call that no route takes (a pillar method without, or with an unknown, <c>x-pillar</c>)
/// gets a gRPC status naming the choices instead of an HTTP 404.
/// </summary>
public static class RoutingExtensions
{
    public const string PillarHeader = "x-pillar";

    /// <summary>YARP on the "ReverseProxy" section, whose routes and clusters follow from the suite's shape (any may be overridden).</summary>
    public static IHostApplicationBuilder AddGatewayRoutes(this IHostApplicationBuilder builder, SuiteShape shape)
    {
        SuiteShape.Defaults(builder, ProxySettings(shape));
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        return builder;
    }

    /// <summary>
    /// A pillar's gRPC calls (by their <c>x-pillar</c> header) to its cluster <c>ID-grpc</c>, its pages under
    /// <c>/pillars/ID/</c> to <c>ID-http</c>; Accountability's gRPC to <c>accountability-grpc</c>.
    /// </summary>
    public static Dictionary<string, string?> ProxySettings(SuiteShape shape)
    {
        var settings = new Dictionary<string, string?>();
        void Cluster(string id, string address, bool grpc)
        {
            var cluster = $"ReverseProxy:Clusters:{id}-{(grpc ? "grpc" : "http")}";
            settings[$"{cluster}:Destinations:primary:Address"] = address;
            if (!grpc) return;
            settings[$"{cluster}:HttpRequest:Version"] = "2";
            settings[$"{cluster}:HttpRequest:VersionPolicy"] = "RequestVersionExact";
        }
        foreach (var pillar in shape.Pillars)
        {
            var route = $"ReverseProxy:Routes:{pillar.Id}";
            settings[$"{route}-grpc:ClusterId"] = $"{pillar.Id}-grpc";
            settings[$"{route}-grpc:Match:Path"] = "/plan.pillar.v1.PillarService/{**method}";
            settings[$"{route}-grpc:Match:Headers:0:Name"] = PillarHeader;
            settings[$"{route}-grpc:Match:Headers:0:Values:0"] = pillar.Id;
            settings[$"{route}-http:ClusterId"] = $"{pillar.Id}-http";
            settings[$"{route}-http:Match:Path"] = $"/pillars/{pillar.Id}/{{**rest}}";
            settings[$"{route}-http:Transforms:0:PathRemovePrefix"] = $"/pillars/{pillar.Id}";
            Cluster(pillar.Id, shape.GrpcOf(pillar), grpc: true);
            Cluster(pillar.Id, shape.HttpOf(pillar), grpc: false);
        }
        var accountability = shape.Accountability.Id;
        settings[$"ReverseProxy:Routes:{accountability}-grpc:ClusterId"] = $"{accountability}-grpc";
        settings[$"ReverseProxy:Routes:{accountability}-grpc:Match:Path"] = "/plan.accountability.v1.AccountabilityService/{**method}";
        Cluster(accountability, shape.GrpcOf(shape.Accountability), grpc: true);
        return settings;
    }

    public static WebApplication MapGatewayRoutes(this WebApplication app)
    {
        // YARP's default steps (affinity, load balancing, passive health), after the one step of our own, as its examples do.
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(async (context, next) =>
            {
                await next();
                if (context.GetForwarderErrorFeature() is { } error && !context.Response.HasStarted)
                    Unavailable(context, context.GetReverseProxyFeature().Route.Config.ClusterId ?? "the service", error.Error);
            });
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
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
