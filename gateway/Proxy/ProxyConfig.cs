namespace PlanServices.Gateway.Proxy;

/// <summary>
/// The "ReverseProxy" section, in YARP's shape (Routes, Clusters, Destinations) so that YARP can replace
/// the forwarder with no change to configuration. Supported: Match.Path with a trailing <c>{**catch-all}</c>,
/// Match.Headers (exact values), Order, Transforms.PathRemovePrefix, HttpRequest.Version and
/// VersionPolicy, and the first destination of each cluster.
/// </summary>
public sealed class ProxyConfig
{
    public const string Section = "ReverseProxy";

    public Dictionary<string, RouteConfig> Routes { get; set; } = [];
    public Dictionary<string, ClusterConfig> Clusters { get; set; } = [];
}

public sealed class RouteConfig
{
    public string ClusterId { get; set; } = "";
    public int? Order { get; set; }
    public RouteMatch Match { get; set; } = new();
    public List<Dictionary<string, string>> Transforms { get; set; } = [];
}

public sealed class RouteMatch
{
    public string Path { get; set; } = "";
    public List<HeaderMatch> Headers { get; set; } = [];
}

public sealed class HeaderMatch
{
    public string Name { get; set; } = "";
    public List<string> Values { get; set; } = [];
}

public sealed class ClusterConfig
{
    public Dictionary<string, DestinationConfig> Destinations { get; set; } = [];
    public ForwarderRequestConfig HttpRequest { get; set; } = new();
}

public sealed class DestinationConfig
{
    public string Address { get; set; } = "";
}

public sealed class ForwarderRequestConfig
{
    /// <summary>"1.1" or "2" (h2c to gRPC services).</summary>
    public string Version { get; set; } = "1.1";
    public HttpVersionPolicy VersionPolicy { get; set; } = HttpVersionPolicy.RequestVersionOrLower;
}
