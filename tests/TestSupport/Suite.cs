namespace PlanServices.Testing;

/// <summary>The whole suite on real sockets: the three pillars and Accountability, seeded, and the gateway in front.</summary>
public sealed class Suite : IAsyncLifetime
{
    public ServiceServer<PreventingCrime.Host> PreventingCrime { get; private set; } = null!;
    public ServiceServer<CohesiveCommunities.Host> CohesiveCommunities { get; private set; } = null!;
    public ServiceServer<ReducingHarm.Host> ReducingHarm { get; private set; } = null!;
    public ServiceServer<Accountability.Host> Accountability { get; private set; } = null!;
    public ServiceServer<Gateway.Host> Gateway { get; private set; } = null!;

    public Task InitializeAsync()
    {
        PreventingCrime = new("preventing-crime");
        CohesiveCommunities = new("cohesive-communities");
        ReducingHarm = new("reducing-harm");
        Accountability = new("accountability");
        Gateway = new("gateway", GatewaySettings());
        return Task.CompletedTask;
    }

    /// <summary>The gateway's routes and pack sources, pointed at this suite's ports.</summary>
    public Dictionary<string, string> GatewaySettings()
    {
        var settings = new Dictionary<string, string>
        {
            ["ReverseProxy:Clusters:accountability-grpc:Destinations:primary:Address"] = Accountability.GrpcAddress.ToString(),
        };
        foreach (var (name, grpc, http) in new[]
        {
            ("preventing-crime", PreventingCrime.GrpcAddress, PreventingCrime.HttpAddress),
            ("cohesive-communities", CohesiveCommunities.GrpcAddress, CohesiveCommunities.HttpAddress),
            ("reducing-harm", ReducingHarm.GrpcAddress, ReducingHarm.HttpAddress),
        })
        {
            settings[$"ReverseProxy:Clusters:{name}-grpc:Destinations:primary:Address"] = grpc.ToString();
            settings[$"ReverseProxy:Clusters:{name}-http:Destinations:primary:Address"] = http.ToString();
        }
        return settings;
    }

    public HttpClient GatewayHttp(string? token = null) => TestAuth.Http(Gateway.HttpAddress, token);

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Accountability.DisposeAsync();
        await ReducingHarm.DisposeAsync();
        await CohesiveCommunities.DisposeAsync();
        await PreventingCrime.DisposeAsync();
    }
}
