using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using PlanServices.ServiceDefaults;

namespace PlanServices.Testing;

/// <summary>
/// The test run's authority: the suite's own identity provider (services/Identity), started once per test process on
/// real sockets with its demo people and clients. Every host the tests start validates tokens from it by discovery and
/// JWKS, as in production. Tests that need a caller of any shape forge its token with the provider's own signing key;
/// the tests of the provider itself get theirs through its flows.
/// </summary>
public static class TestAuth
{
    public const string Audience = "planservices";

    /// <summary>The demo people's password, and the demo clients' secret, in this run.</summary>
    public static readonly string DemoPassword = "test-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    /// <summary>The gateway's client secret in this run.</summary>
    public static readonly string GatewaySecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public static readonly string[] AllPillars = ["preventing-crime", "cohesive-communities", "reducing-harm"];

    private static readonly string KeysDirectory = Directory.CreateTempSubdirectory("planservices-keys-").FullName;
    private static readonly Lazy<ServiceServer<Identity.Host>> Server = new(() => new ServiceServer<Identity.Host>("identity", IdentitySettings(KeysDirectory)));
    private static readonly Lazy<string> AdminToken = new(() => Token([Roles.CommandArea, Roles.Originator, Roles.Opccn], AllPillars, "Test administrator"));
    private static readonly SemaphoreSlim Registrations = new(1, 1);

    /// <summary>The provider's address, every host's <c>Auth:Authority</c>.</summary>
    public static Uri Authority => Server.Value.HttpAddress;

    /// <summary>The provider itself (its services, e.g. to read its sign-in log).</summary>
    public static ServiceServer<Identity.Host> Provider => Server.Value;

    /// <summary>The issuer its tokens name (its address, as its discovery document says).</summary>
    public static string Issuer => Authority.ToString();

    /// <summary>The key the provider signs with now.</summary>
    public static RsaSecurityKey SigningKey => Server.Value is not null
        ? Identity.KeyRing.Read(Directory.GetFiles(KeysDirectory, "signing-*.pem").Order().Last())
        : throw new InvalidOperationException("the provider did not start");

    /// <summary>Every role and every pillar: what tests that are not about permissions call with.</summary>
    public static string Admin => AdminToken.Value;

    /// <summary>Settings of a provider for tests: demo people and clients, the gateway's secret, keys in <paramref name="keys"/>.</summary>
    public static Dictionary<string, string> IdentitySettings(string keys) => new()
    {
        ["Identity:DemoUsers"] = "true",
        ["Identity:DemoPassword"] = DemoPassword,
        ["Identity:KeysDirectory"] = keys,
        ["Identity:SignInsPerMinute"] = "10000",
        ["Identity:Clients:gateway:Secret"] = GatewaySecret,
        // The benchmarks' load: reads every pillar's tables and every pack.
        ["Identity:Clients:load:DisplayName"] = "Benchmark load",
        ["Identity:Clients:load:Secret"] = DemoPassword,
        ["Identity:Clients:load:Roles:0"] = Roles.CommandArea,
        ["Identity:Clients:load:Roles:1"] = Roles.Opccn,
        ["Identity:Clients:load:Pillars:0"] = AllPillars[0],
        ["Identity:Clients:load:Pillars:1"] = AllPillars[1],
        ["Identity:Clients:load:Pillars:2"] = AllPillars[2],
    };

    /// <summary>Settings every other host gets: this provider as its authority, its keys read again within a second.</summary>
    public static Dictionary<string, string> Settings => new()
    {
        ["Auth:Authority"] = Authority.ToString(),
        ["Auth:RequireHttpsMetadata"] = "false",
        ["Auth:KeysRefresh"] = "00:00:01",
        ["Auth:ClientSecret"] = GatewaySecret,
        ["Auth:SignInLog"] = new Uri(Authority, "audit/sign-ins").ToString(),
    };

    /// <summary>A token of this provider for a caller with <paramref name="roles"/> and <paramref name="pillars"/>.</summary>
    public static string Token(string[] roles, string[] pillars, string name = "Test user", TimeSpan? lifetime = null) =>
        Forge(d => d.Claims = new Dictionary<string, object>
        {
            ["sub"] = name.ToLowerInvariant().Replace(' ', '-'), ["name"] = name, ["role"] = roles, [Roles.PillarClaim] = pillars,
        }, lifetime: lifetime);

    /// <summary>A token signed with <paramref name="key"/> (by default the provider's), as the provider makes them, then changed.</summary>
    public static string Forge(Action<SecurityTokenDescriptor> change, SecurityKey? key = null, TimeSpan? lifetime = null)
    {
        var signing = key ?? SigningKey;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer, Audience = Audience, TokenType = "at+jwt",
            Claims = new Dictionary<string, object> { ["sub"] = "x", ["role"] = new[] { Roles.Opccn } },
            NotBefore = DateTime.UtcNow.AddSeconds(-5), Expires = DateTime.UtcNow + (lifetime ?? TimeSpan.FromHours(1)),
            SigningCredentials = new SigningCredentials(signing, SecurityAlgorithms.RsaSha256),
        };
        change(descriptor);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>A client's own token, by client credentials at <paramref name="authority"/> (by default this run's provider).</summary>
    public static async Task<string> ClientTokenAsync(string clientId, string secret, Uri? authority = null)
    {
        using var http = new HttpClient { BaseAddress = authority ?? Authority };
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
        }));
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return response.IsSuccessStatusCode ? body.GetProperty("access_token").GetString()! : throw new InvalidOperationException($"{clientId}: {body}");
    }

    /// <summary>
    /// Lets a gateway at <paramref name="gateway"/> sign people in at <paramref name="provider"/> (by default this run's):
    /// its redirect addresses, as an administrator registers them.
    /// </summary>
    public static async Task AllowSignInAtAsync(Uri gateway, ServiceServer<Identity.Host>? provider = null)
    {
        await Registrations.WaitAsync();
        try
        {
            await using var scope = (provider ?? Provider).Services.CreateAsyncScope();
            var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            var client = await manager.FindByClientIdAsync("gateway") ?? throw new InvalidOperationException("the gateway client is not registered");
            var descriptor = new OpenIddictApplicationDescriptor();
            await manager.PopulateAsync(descriptor, client);
            descriptor.RedirectUris.Add(new Uri(gateway, "signin-oidc"));
            descriptor.PostLogoutRedirectUris.Add(new Uri(gateway, "signout-callback-oidc"));
            descriptor.ClientSecret = GatewaySecret;
            await manager.UpdateAsync(client, descriptor);
        }
        finally
        {
            Registrations.Release();
        }
    }

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
