using System.Net;
using System.Net.Http.Json;
using PlanServices.ServiceDefaults;

namespace PlanServices.Testing;

/// <summary>
/// The whole suite on real sockets: the three pillars and Accountability, seeded, the dev sidecar between them, and the
/// gateway in front, with the April 2026 pack published through the gateway as the OPCCN would.
/// </summary>
public sealed class Suite : IAsyncLifetime
{
    public const string April = "pam-2026-04-21";

    /// <summary>The OPCCN's token, for publishing and correcting packs.</summary>
    public static readonly string Opccn = TestAuth.Token([Roles.Opccn], [], "OPCCN Performance and Scrutiny");

    private EventSuite _events = null!;

    public ServiceServer<PreventingCrime.Host> PreventingCrime => _events.PreventingCrime;
    public ServiceServer<CohesiveCommunities.Host> CohesiveCommunities => _events.CohesiveCommunities;
    public ServiceServer<ReducingHarm.Host> ReducingHarm => _events.ReducingHarm;
    public ServiceServer<Accountability.Host> Accountability => _events.Accountability;
    public ServiceServer<Gateway.Host> Gateway => _events.Gateway!;
    public EventSuite Events => _events;

    public async Task InitializeAsync()
    {
        _events = await EventSuite.StartAsync(gateway: true);
        await _events.WaitUntilAsync(async () => (await Accountability.CreateAccountability()
            .GetPackReadinessAsync(new Plan.Accountability.V1.GetPackReadinessRequest { MeetingId = April })).Ready, "the April papers reported signed off");
        using var opccn = GatewayHttp(Opccn);
        using var published = await opccn.PostAsync($"/packs/{April}/publish", null);
        if (published.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"publishing the April pack: {(int)published.StatusCode} {await published.Content.ReadAsStringAsync()}");
    }

    public HttpClient GatewayHttp(string? token = null) => TestAuth.Http(Gateway.HttpAddress, token);

    public async Task DisposeAsync() => await _events.DisposeAsync();
}
