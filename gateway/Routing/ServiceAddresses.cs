namespace PlanServices.Gateway.Routing;

/// <summary>
/// Where the services are, read from the one place they are configured: the clusters of the "ReverseProxy"
/// section. A service <c>NAME</c> has the cluster <c>NAME-grpc</c> (HTTP/2) and, for its pages, <c>NAME-http</c>;
/// YARP forwards to them and the pack's gRPC clients call the same <c>NAME-grpc</c> destination.
/// </summary>
public sealed class ServiceAddresses(IConfiguration configuration)
{
    public Uri Grpc(string service)
    {
        var cluster = $"{service}-grpc";
        var address = configuration.GetSection($"ReverseProxy:Clusters:{cluster}:Destinations").GetChildren().Select(d => d["Address"]).FirstOrDefault();
        return Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri
            : throw new InvalidOperationException($"ReverseProxy:Clusters:{cluster} needs a destination with an absolute Address (the gRPC address of {service})");
    }
}
