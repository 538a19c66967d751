using System.Net.Http.Headers;
using System.Security.Cryptography;
using PlanServices.ServiceDefaults;

namespace PlanServices.Testing;

/// <summary>The test run's own local issuer: a fresh key, and tokens for each kind of caller.</summary>
public static class TestAuth
{
    public static readonly AuthOptions Options = new()
    {
        Issuer = "planservices-tests", Audience = "planservices", SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    public static readonly string[] AllPillars = ["preventing-crime", "cohesive-communities", "reducing-harm"];

    /// <summary>Every role and every pillar: what tests that are not about permissions call with.</summary>
    public static readonly string Admin = Token([Roles.CommandArea, Roles.Originator, Roles.Opccn], AllPillars, "Test administrator");

    public static string Token(string[] roles, string[] pillars, string name = "Test user", TimeSpan? lifetime = null) =>
        Security.MintToken(Options, name.ToLowerInvariant().Replace(' ', '-'), name, roles, pillars, lifetime ?? TimeSpan.FromHours(1));

    public static Dictionary<string, string> Settings => new()
    {
        ["Auth:Issuer"] = Options.Issuer, ["Auth:Audience"] = Options.Audience, ["Auth:SigningKey"] = Options.SigningKey!,
    };

    /// <summary>A handler that sends <paramref name="token"/> (none when null) on every request, over h2c or HTTP/1.1.</summary>
    public static HttpMessageHandler Handler(string? token) => new Bearer(token) { InnerHandler = new SocketsHttpHandler() };

    /// <summary>A client of <paramref name="address"/> sending <paramref name="token"/> (by default every role; none when "").</summary>
    public static HttpClient Http(Uri address, string? token = null) =>
        new(Handler(token == "" ? null : token ?? Admin)) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };

    private sealed class Bearer(string? token) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
