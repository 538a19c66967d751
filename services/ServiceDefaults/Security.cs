using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
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

/// <summary>Authentication settings, the "Auth" section, validated on start. No key is ever committed.</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Auth";

    /// <summary>An OpenID Connect authority (production): keys come from its metadata.</summary>
    public string? Authority { get; set; }
    /// <summary>The authority's metadata must come over HTTPS; false only for a local stand-in (tests).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
    public string Issuer { get; set; } = "planservices-local";
    public string Audience { get; set; } = "planservices";
    /// <summary>Base64 key (32 bytes or more) of the local issuer (run.sh makes one per data folder); tests make their own.</summary>
    public string? SigningKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(Authority) && string.IsNullOrWhiteSpace(SigningKey))
            yield return new ValidationResult("Auth:Authority (OIDC) or Auth:SigningKey (local issuer) is required", [nameof(Authority)]);
        if (SigningKey is { Length: > 0 } key && !IsKey(key))
            yield return new ValidationResult("Auth:SigningKey must be base64 of at least 32 bytes", [nameof(SigningKey)]);
    }

    private static bool IsKey(string key)
    {
        Span<byte> bytes = stackalloc byte[512];
        return Convert.TryFromBase64String(key, bytes, out var length) && length >= 32;
    }

    public SymmetricSecurityKey? Key => SigningKey is { Length: > 0 } key ? new SymmetricSecurityKey(Convert.FromBase64String(key)) : null;
}

public static class Security
{
    /// <summary>JWT bearer authentication and the suite's policies. <paramref name="pillar"/>: the priority this service owns, if any.</summary>
    public static IHostApplicationBuilder AddSecurity(this IHostApplicationBuilder builder, string pillar = "")
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        builder.Services.AddSingleton(new ServiceIdentity(pillar));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.Audience = auth.Audience;
            if (!string.IsNullOrWhiteSpace(auth.Authority)) jwt.Authority = auth.Authority;
            jwt.RequireHttpsMetadata = auth.RequireHttpsMetadata;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = string.IsNullOrWhiteSpace(auth.Authority) ? auth.Issuer : null,
                ValidateIssuer = true,
                ValidAudience = auth.Audience,
                ValidateAudience = true,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidateIssuerSigningKey = true,
                IssuerSigningKey = auth.Key,
                ClockSkew = TimeSpan.FromSeconds(30),
                RoleClaimType = "role",
                NameClaimType = "name",
            };
        });
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

    /// <summary>Mints a token with the local issuer's key: for the dev issuer, service-to-service calls and tests.</summary>
    public static string MintToken(AuthOptions auth, string subject, string name, IEnumerable<string> roles, IEnumerable<string> pillars, TimeSpan lifetime)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["name"] = name, ["role"] = roles.ToArray(), [Roles.PillarClaim] = pillars.ToArray() };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            Claims = claims,
            NotBefore = DateTime.UtcNow.AddSeconds(-5),
            Expires = DateTime.UtcNow + lifetime,
            SigningCredentials = new SigningCredentials(auth.Key ?? throw new InvalidOperationException("Auth:SigningKey is required to mint tokens"), SecurityAlgorithms.HmacSha256),
        });
    }

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
/// The local issuer of the one-command run (<c>Auth:LocalIssuer=true</c>, never in production): mints tokens
/// for demo users of each role (an analyst per pillar of the suite's shape), signed with the local key. <c>GET /dev/token/{user}</c>.
/// </summary>
public static class LocalIssuer
{
    public static IReadOnlyDictionary<string, (string Name, string[] Roles, string[] Pillars)> DemoUsers(SuiteShape shape) =>
        new Dictionary<string, (string, string[], string[])>(shape.Pillars.Select(p =>
            KeyValuePair.Create($"analyst-{p.Id}", ($"Analyst, {p.Title}", new[] { Roles.CommandArea }, new[] { p.Id }))))
        {
            ["dcc"] = ("Deputy Chief Constable Dave Marshall", [Roles.Originator], []),
            ["opccn"] = ("OPCCN Performance and Scrutiny", [Roles.Opccn], []),
        };

    public static Microsoft.AspNetCore.Builder.WebApplication MapLocalIssuer(this Microsoft.AspNetCore.Builder.WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>("Auth:LocalIssuer")) return app;
        var users = DemoUsers(app.Services.GetRequiredService<SuiteShape>());
        app.MapGet("/dev/token/{user}", (string user, Microsoft.Extensions.Options.IOptions<AuthOptions> auth) =>
            users.TryGetValue(user, out var demo)
                ? Microsoft.AspNetCore.Http.Results.Ok(new { user, demo.Name, roles = demo.Roles, pillars = demo.Pillars,
                    token = Security.MintToken(auth.Value, user, demo.Name, demo.Roles, demo.Pillars, TimeSpan.FromHours(8)) })
                : Microsoft.AspNetCore.Http.Results.NotFound(new { error = $"unknown demo user '{user}'", users = users.Keys }));
        return app;
    }
}

/// <summary>
/// Adds a service token, minted with the local key and renewed before it expires, to every outgoing call that does not
/// already carry a caller's own token (a call made on behalf of a signed-in user keeps theirs).
/// </summary>
public sealed class ServiceTokenHandler(AuthOptions auth, string service) : DelegatingHandler
{
    private (string Token, DateTime Until) _current;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is not null) return base.SendAsync(request, cancellationToken);
        if (_current.Until < DateTime.UtcNow.AddMinutes(2))
            _current = (Security.MintToken(auth, service, service, [Roles.Service], [], TimeSpan.FromMinutes(15)), DateTime.UtcNow.AddMinutes(15));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _current.Token);
        return base.SendAsync(request, cancellationToken);
    }
}
