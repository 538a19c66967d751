using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace PlanServices.Gateway.Proxy;

/// <summary>
/// Forwards requests to the services by the YARP-shaped routes of <see cref="ProxyConfig"/>: method, path,
/// headers and body streamed both ways, response trailers included, so gRPC (HTTP/2, streaming, trailers)
/// and plain HTTP pass through. An unreachable destination answers at once: UNAVAILABLE for gRPC, 503 otherwise.
/// </summary>
public sealed class Forwarder(IOptionsMonitor<ProxyConfig> config, IHttpClientFactory clients, ILogger<Forwarder> logger)
{
    public const string ClientName = "forwarder";

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade", "Host", "Proxy-Authenticate", "Proxy-Authorization",
    };

    /// <summary>The route a request takes, or null: ordered by Order, then by how many headers it requires.</summary>
    public (RouteConfig Route, ClusterConfig Cluster)? Match(HttpRequest request)
    {
        var proxy = config.CurrentValue;
        foreach (var route in proxy.Routes.Values.OrderBy(r => r.Order ?? 0).ThenByDescending(r => r.Match.Headers.Count))
        {
            if (!PathMatches(route.Match.Path, request.Path.Value ?? "")) continue;
            if (!route.Match.Headers.All(h => h.Values.Contains(request.Headers[h.Name].ToString(), StringComparer.OrdinalIgnoreCase))) continue;
            if (proxy.Clusters.TryGetValue(route.ClusterId, out var cluster)) return (route, cluster);
        }
        return null;
    }

    public async Task ForwardAsync(HttpContext context, RouteConfig route, ClusterConfig cluster)
    {
        var destination = cluster.Destinations.Values.First();
        var path = route.Transforms.Aggregate(context.Request.Path.Value ?? "/", (p, t) =>
            t.TryGetValue("PathRemovePrefix", out var prefix) && p.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? p[prefix.Length..] : p);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(new Uri(destination.Address), (path.Length == 0 ? "/" : path) + context.Request.QueryString))
        {
            Version = cluster.HttpRequest.Version == "2" ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = cluster.HttpRequest.VersionPolicy,
        };
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
            request.Content = new StreamContent(context.Request.Body);
        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopByHop.Contains(name) || name.StartsWith(':')) continue;
            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }

        var grpc = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning("{Destination} unreachable: {Error}", destination.Address, e.Message);
            Unavailable(context, grpc, $"{route.ClusterId} is unavailable");
            return;
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
                if (!HopByHop.Contains(name)) context.Response.Headers[name] = values.ToArray();
            await using (var body = await response.Content.ReadAsStreamAsync(context.RequestAborted))
            {
                var buffer = new byte[16 * 1024];
                int read;
                while ((read = await body.ReadAsync(buffer, context.RequestAborted)) > 0)
                {
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
            if (context.Response.SupportsTrailers())
                foreach (var (name, values) in response.TrailingHeaders)
                    context.Response.AppendTrailer(name, values.ToArray());
        }
    }

    private static void Unavailable(HttpContext context, bool grpc, string message)
    {
        if (grpc)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "14";
            context.Response.Headers["grpc-message"] = message;
        }
        else context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
    }

    private static bool PathMatches(string template, string path)
    {
        var catchAll = template.IndexOf("/{**", StringComparison.Ordinal);
        return catchAll < 0
            ? string.Equals(template, path, StringComparison.OrdinalIgnoreCase)
            : path.StartsWith(template[..catchAll], StringComparison.OrdinalIgnoreCase)
              && (path.Length == catchAll || path[catchAll] == '/');
    }
}

public static class ForwarderExtensions
{
    public static IServiceCollection AddForwarder(this IServiceCollection services)
    {
        services.AddOptions<ProxyConfig>().BindConfiguration(ProxyConfig.Section);
        services.AddHttpClient(Forwarder.ClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            EnableMultipleHttp2Connections = true,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        }).ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<Forwarder>();
        return services;
    }

    /// <summary>Requests that match a route are forwarded; the rest go on to the gateway's own endpoints.</summary>
    public static IApplicationBuilder UseForwarder(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var forwarder = context.RequestServices.GetRequiredService<Forwarder>();
        if (forwarder.Match(context.Request) is { } match) await forwarder.ForwardAsync(context, match.Route, match.Cluster);
        else await next(context);
    });
}
