using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace PlanServices.ServiceDefaults;

/// <summary>The roles of DOMAIN.md's "Who may do what", as they appear in tokens (claim <c>role</c>).</summary>
public static class Roles
{
    /// <summary>A Constabulary command area; the <c>pillar</c> claim says which priority it owns.</summary>
    public const string CommandArea = "command-area";
    /// <summary>The Deputy Chief Constable, who approves papers.</summary>
    public const string Originator = "originator";
    /// <summary>The OPCCN: meetings, minutes, actions, publishing.</summary>
    public const string Opccn = "opccn";
    /// <summary>A service of the suite calling another (the gateway assembling a pack).</summary>
    public const string Service = "service";

    public const string PillarClaim = "pillar";
}

/// <summary>Named authorization policies, used on gRPC methods and HTTP endpoints alike.</summary>
public static class Policies
{
    /// <summary>Anyone signed in with a role of the suite.</summary>
    public const string Reader = "reader";
    /// <summary>The command area that owns this service's priority.</summary>
    public const string OwnPillar = "own-pillar";
    public const string Originator = "originator";
    public const string Opccn = "opccn";
    /// <summary>The originator or the OPCCN (returning a paper to Draft).</summary>
    public const string Reviewer = "reviewer";
    /// <summary>Reading papers before they are published: their own command area, the originator, the OPCCN and the suite's services.</summary>
    public const string PaperReader = "paper-reader";
    /// <summary>Another service of the suite only: the public's writes, which reach a service through the gateway's checks.</summary>
    public const string Service = "service";
}

/// <summary>Which priority this service is, for <see cref="Policies.OwnPillar"/>; empty outside the pillar services.</summary>
public sealed class ServiceIdentity(string pillar)
{
    public string Pillar { get; } = pillar;
}

/// <summary>Authentication settings, the "Auth" section, validated on start. No secret is ever committed.</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Auth";

    /// <summary>
    /// The OpenID Connect authority whose tokens the suite accepts: the embedded provider (services/Identity) or the
    /// organisation's (Entra ID, ADFS). Its discovery document names its token endpoint and its keys (JWKS).
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>
    /// Whether the authority's metadata must come over HTTPS: by default yes, except from the suite's own provider at the
    /// address the suite's shape gives it (loopback in the one-command run, the cluster's network on Kubernetes).
    /// </summary>
    public bool? RequireHttpsMetadata { get; set; }

    public bool HttpsMetadata(SuiteShape shape) => RequireHttpsMetadata
        ?? !string.Equals(Authority?.TrimEnd('/'), shape.HttpOf(shape.Identity).TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The audience every access token must name: the suite.</summary>
    public string Audience { get; set; } = "planservices";

    /// <summary>This host's own client at the authority (the gateway's), for its client-credentials tokens and people's sign-in.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The scope a client-credentials request names, when the authority needs one (Entra ID: <c>api://…/.default</c>).</summary>
    public string? Scope { get; set; }

    /// <summary>How soon a token signed by a key not yet seen makes this host read the authority's keys again.</summary>
    public TimeSpan KeysRefresh { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(Authority) || !Uri.TryCreate(Authority, UriKind.Absolute, out _))
            yield return new ValidationResult("Auth:Authority (the OpenID Connect provider's address) is required", [nameof(Authority)]);
        if (!string.IsNullOrWhiteSpace(ClientId) && string.IsNullOrWhiteSpace(ClientSecret))
            yield return new ValidationResult("Auth:ClientSecret is required with Auth:ClientId", [nameof(ClientSecret)]);
    }
}

public static class Security
{
    /// <summary>JWT bearer authentication and the suite's policies. <paramref name="pillar"/>: the priority this service owns, if any.</summary>
    public static IHostApplicationBuilder AddSecurity(this IHostApplicationBuilder builder, string pillar = "")
    {
        var shape = builder.AddSuiteShape();
        // The suite's own provider is the authority unless another is configured.
        SuiteShape.Defaults(builder, new Dictionary<string, string?> { ["Auth:Authority"] = shape.HttpOf(shape.Identity) });
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        builder.Services.AddSingleton(new ServiceIdentity(pillar));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            // Keys and issuer come from the authority's discovery document, as they would from Entra ID's.
            jwt.Authority = auth.Authority;
            jwt.RequireHttpsMetadata = auth.HttpsMetadata(shape);
            jwt.Audience = auth.Audience;
            jwt.MapInboundClaims = false;
            jwt.RefreshInterval = auth.KeysRefresh;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidAudience = auth.Audience,
                ValidateAudience = true,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidateIssuerSigningKey = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                RoleClaimType = "role",
                NameClaimType = "name",
            };
        });
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ServiceTokens>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Reader, p => p.RequireRole(Roles.CommandArea, Roles.Originator, Roles.Opccn, Roles.Service))
            .AddPolicy(Policies.OwnPillar, p => p.RequireRole(Roles.CommandArea).AddRequirements(new OwnPillarRequirement(false)))
            .AddPolicy(Policies.PaperReader, p => p.AddRequirements(new OwnPillarRequirement(true)))
            .AddPolicy(Policies.Originator, p => p.RequireRole(Roles.Originator))
            .AddPolicy(Policies.Opccn, p => p.RequireRole(Roles.Opccn))
            .AddPolicy(Policies.Service, p => p.RequireRole(Roles.Service))
            .AddPolicy(Policies.Reviewer, p => p.RequireRole(Roles.Originator, Roles.Opccn));
        builder.Services.AddSingleton<IAuthorizationHandler, OwnPillarHandler>();
        return builder;
    }

    /// <summary>Who is acting, for audit trails: the token's name, else its subject.</summary>
    public static string Who(this ClaimsPrincipal user) => user.FindFirst("name")?.Value ?? user.FindFirst("sub")?.Value ?? "unknown";

    /// <summary>Why a token was refused, in words a caller can act on (the gRPC status names it).</summary>
    public static string Refusal(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not valid yet",
        SecurityTokenInvalidAudienceException => "the token is not for this suite (wrong audience)",
        SecurityTokenInvalidIssuerException => "the token was not issued by the suite's authority (wrong issuer)",
        SecurityTokenSignatureKeyNotFoundException => "the token is signed with a key the authority does not publish (retired or unknown)",
        SecurityTokenInvalidSignatureException => "the token's signature is not valid",
        SecurityTokenMalformedException or ArgumentException => "the token is not a JWT",
        null => "no token was sent",
        _ => "the token is not valid",
    };

    /// <param name="OrReviewers">Also met by the originator, the OPCCN and the suite's services.</param>
    private sealed record OwnPillarRequirement(bool OrReviewers) : IAuthorizationRequirement;

    /// <summary>A command area writes only its own priority: its <c>pillar</c> claim must name this service's.</summary>
    private sealed class OwnPillarHandler(ServiceIdentity service) : AuthorizationHandler<OwnPillarRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OwnPillarRequirement requirement)
        {
            var user = context.User;
            var own = service.Pillar.Length > 0 && user.IsInRole(Roles.CommandArea) && user.FindAll(Roles.PillarClaim).Any(c => c.Value == service.Pillar);
            if (own || requirement.OrReviewers && (user.IsInRole(Roles.Originator) || user.IsInRole(Roles.Opccn) || user.IsInRole(Roles.Service)))
                context.Succeed(requirement);
            return Task.CompletedTask;
        }
    }
}

/// <summary>
/// The one-command run's demo people: an analyst for each priority of the suite's shape, the Deputy Chief Constable
/// and the OPCCN. The embedded provider signs them in (Identity:DemoUsers); Accountability mails them.
/// </summary>
public static class DemoPeople
{
    public static IReadOnlyDictionary<string, (string Name, string[] Roles, string[] Pillars)> Of(SuiteShape shape) =>
        new Dictionary<string, (string, string[], string[])>(shape.Pillars.Select(p =>
            KeyValuePair.Create($"analyst-{p.Id}", ($"Analyst, {p.Title}", new[] { Roles.CommandArea }, new[] { p.Id }))))
        {
            ["dcc"] = ("Deputy Chief Constable Dave Marshall", [Roles.Originator], []),
            ["opccn"] = ("OPCCN Performance and Scrutiny", [Roles.Opccn], []),
        };
}

/// <summary>
/// This host's own access token, from the authority by client credentials (<c>Auth:ClientId</c>), kept until shortly
/// before it expires. The token endpoint is the one the authority's discovery document names.
/// </summary>
public sealed class ServiceTokens(IOptions<AuthOptions> auth, IOptionsMonitor<JwtBearerOptions> jwt, TimeProvider clock)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Held _current = new("", DateTimeOffset.MinValue);

    /// <summary>A token and when to renew it, replaced whole so that a reader never sees half of each.</summary>
    private sealed record Held(string Token, DateTimeOffset Renew);

    /// <summary>A client's token and how long it lives, by client credentials at the token endpoint the authority's discovery document names.</summary>
    public static async Task<(string Token, TimeSpan Lifetime)> RequestAsync(JwtBearerOptions bearer, string clientId, string secret, string? scope, CancellationToken ct)
    {
        var metadata = await bearer.ConfigurationManager!.GetConfigurationAsync(ct);
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret };
        if (!string.IsNullOrWhiteSpace(scope)) form["scope"] = scope;
        using var response = await bearer.Backchannel.PostAsync(metadata.TokenEndpoint, new FormUrlEncodedContent(form), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"the authority refused {clientId}'s token request ({(int)response.StatusCode}): {body[..Math.Min(body.Length, 300)]}");
        var answer = TokenAnswer.Read(body);
        return (answer.AccessToken, answer.Lifetime);
    }

    public async Task<string> TokenAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _current) is { } held && clock.GetUtcNow() < held.Renew) return held.Token;
        await _gate.WaitAsync(ct);
        try
        {
            if (clock.GetUtcNow() < _current.Renew) return _current.Token;
            var options = auth.Value;
            if (string.IsNullOrWhiteSpace(options.ClientId))
                throw new InvalidOperationException("Auth:ClientId and Auth:ClientSecret are required for this host to call the suite's services");
            var (token, lifetime) = await RequestAsync(jwt.Get(JwtBearerDefaults.AuthenticationScheme), options.ClientId, options.ClientSecret!, options.Scope, ct);
            Volatile.Write(ref _current, new Held(token, clock.GetUtcNow() + lifetime * 0.8));
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>A token endpoint's successful answer (OAuth 2.0, RFC 6749 section 5.1): the tokens and how long the access token lives.</summary>
public sealed record TokenAnswer(string AccessToken, string? RefreshToken, TimeSpan Lifetime)
{
    public static TokenAnswer Read(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var answer = document.RootElement;
        return new TokenAnswer(answer.GetProperty("access_token").GetString()!,
            answer.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null,
            TimeSpan.FromSeconds(answer.TryGetProperty("expires_in", out var expires) ? expires.GetInt32() : 300));
    }
}

/// <summary>Adds this host's own token to every outgoing call that does not already carry a caller's (a call made for a signed-in person keeps theirs).</summary>
public sealed class ServiceTokenHandler(ServiceTokens tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await tokens.TokenAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
