using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using PlanServices.Identity.Data;
using PlanServices.ServiceDefaults;
using PlanServices.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PlanServices.Identity;

/// <summary>
/// The suite's embedded OpenID Connect provider on OpenIddict: discovery and JWKS, the code flow with PKCE for the web
/// application, refresh tokens, sign-out, and client credentials for the gateway and the Constabulary's systems. Every
/// service validates its tokens as it would Entra ID's (docs/identity.md).
/// </summary>
public static class IdentityExtensions
{
    public const string Name = "identity";
    public const string SessionScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    private const string Server = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static IHostApplicationBuilder AddIdentityProvider(this IHostApplicationBuilder builder)
    {
        var shape = builder.AddSuiteShape();
        builder.UseSuitePorts(Name);
        // The web application's addresses follow from the suite's shape, below any setting.
        SuiteShape.Defaults(builder, new Dictionary<string, string?>
        {
            ["Identity:Clients:gateway:DisplayName"] = "PlanServices web application and gateway",
            ["Identity:Clients:gateway:Roles:0"] = Roles.Service,
            ["Identity:Clients:gateway:RedirectUris:0"] = $"{shape.HttpOf(shape.Gateway)}/signin-oidc",
            ["Identity:Clients:gateway:PostLogoutRedirectUris:0"] = $"{shape.HttpOf(shape.Gateway)}/signout-callback-oidc",
        });
        builder.Services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(IdentityOptions.Section).Get<IdentityOptions>() ?? new IdentityOptions();
        var audience = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>()?.Audience ?? new AuthOptions().Audience;
        builder.AddStore<IdentityDb, SqliteIdentityDb, PostgresIdentityDb, SqlServerIdentityDb>(Name);
        var keys = KeyRing.Load(Path.Combine(builder.Environment.ContentRootPath, options.KeysDirectory), options, DateTimeOffset.UtcNow);

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDb>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetEndSessionEndpointUris("connect/endsession");
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                    .AllowRefreshTokenFlow()
                    .AllowClientCredentialsFlow();
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Roles, Scopes.OfflineAccess);
                // A session ends a refresh-token lifetime after signing in, however busy it is.
                server.SetAccessTokenLifetime(options.AccessTokenLifetime).SetRefreshTokenLifetime(options.RefreshTokenLifetime)
                    .DisableSlidingRefreshTokenExpiration();
                if (options.Issuer is not null) server.SetIssuer(options.Issuer);
                foreach (var key in keys.Signing) server.AddSigningKey(key);
                server.AddEncryptionKey(keys.Encryption);
                // Resource servers read access tokens as plain signed JWTs, as they read Entra ID's.
                server.DisableAccessTokenEncryption();
                var aspnet = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                // Behind TLS the issuer is https and so must every request be; the one-command run is plain http on loopback.
                if (options.Issuer is null || options.Issuer.Scheme == Uri.UriSchemeHttp) aspnet.DisableTransportSecurityRequirement();
            })
            // The provider's own API (the sign-in log) takes the suite's access tokens, validated against this server.
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.AddAudiences(audience);
                validation.UseAspNetCore();
            });
        builder.Services.AddAuthentication(SessionScheme).AddCookie(SessionScheme, cookie =>
        {
            cookie.LoginPath = "/signin";
            cookie.Cookie.Name = "planservices-identity";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = options.RefreshTokenLifetime;
        });
        builder.Services.AddAuthorization();
        // Guessing is slowed where a secret is tried: the sign-in page and the token endpoint (a client's secret), per address.
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.Request.Path.StartsWithSegments("/signin") || http.Request.Path.StartsWithSegments("/connect/token")
                    ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SignInsPerMinute, Window = TimeSpan.FromMinutes(1) })
                    : RateLimitPartition.GetNoLimiter(""));
            limiter.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync("Too many sign-in attempts from this address: wait a minute and try again.", ct);
            };
        });
        builder.Services.AddRazorPages();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Accounts>();
        builder.Services.AddScoped<SignIns>();
        builder.Services.AddHostedService<ClientRegistrations>();
        builder.Services.AddSingleton(new Audience(audience));
        return builder;
    }

    /// <summary>Before everything else, OpenIddict's endpoints included: the browser headers and the rate limit.</summary>
    public static WebApplication UseIdentityProtection(this WebApplication app)
    {
        // The sign-in page is never framed (no clickjacking of a password form) and runs no script; it leaks no address.
        app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            return next(http);
        });
        app.UseRateLimiter();
        return app;
    }

    public static WebApplication MapIdentityProvider(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync);
        app.MapPost("/connect/token", TokenAsync);
        app.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post], EndSessionAsync);
        app.MapGet("/audit/sign-ins", async (int? limit, SignIns signIns, CancellationToken ct) =>
                (await signIns.LatestAsync(Math.Clamp(limit ?? 200, 1, 500), ct)).Select(s => new { at = s.At.UtcDateTime, who = s.UserName, s.Address, s.Outcome }))
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(OpenIddict.Validation.AspNetCore.OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireClaim(Claims.Role, Roles.Opccn));
        return app;
    }

    /// <summary>The code flow: a person signed in here (else sent to sign in) gets a code for the client that asked.</summary>
    private static async Task<IResult> AuthorizeAsync(HttpContext http, Accounts accounts, Audience audience)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenID Connect request");
        var session = await http.AuthenticateAsync(SessionScheme);
        var person = session.Succeeded ? accounts.People.GetValueOrDefault(session.Principal.FindFirst(Claims.Subject)?.Value ?? "") : null;
        if (person is null)
        {
            if (request.HasPromptValue(PromptValues.None))
                return Results.Forbid(Refusal(Errors.LoginRequired, "The person is not signed in."), [Server]);
            var query = http.Request.HasFormContentType ? QueryString.Create(http.Request.Form) : QueryString.Create(http.Request.Query);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + query }, [SessionScheme]);
        }
        var identity = Person(session.Principal!.FindFirst(Claims.Subject)!.Value, person.Name, person.Roles, person.Pillars);
        return SignIn(identity, request.GetScopes(), audience);
    }

    private static async Task<IResult> TokenAsync(HttpContext http, Accounts accounts, Audience audience)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenID Connect request");
        if (request.IsClientCredentialsGrantType())
        {
            // OpenIddict has checked the client's secret and its permission for this grant.
            var client = accounts.Clients.GetValueOrDefault(request.ClientId!);
            if (client is null) return Results.Forbid(Refusal(Errors.InvalidClient, "The client is no longer registered."), [Server]);
            return SignIn(Person(request.ClientId!, client.DisplayName, client.Roles, client.Pillars), request.GetScopes(), audience);
        }
        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var granted = await http.AuthenticateAsync(Server);
            var subject = granted.Principal?.GetClaim(Claims.Subject);
            // Roles are read again: a person whose account was removed or changed gets no token of what they were.
            if (subject is null || !accounts.People.TryGetValue(subject, out var person))
                return Results.Forbid(Refusal(Errors.InvalidGrant, "The account may no longer sign in."), [Server]);
            return SignIn(Person(subject, person.Name, person.Roles, person.Pillars), granted.Principal!.GetScopes(), audience);
        }
        return Results.BadRequest(new { error = Errors.UnsupportedGrantType });
    }

    /// <summary>
    /// Sign-out. The provider's session ends only when the request carries an identity token this provider issued to
    /// the same person (<c>id_token_hint</c>, which the web application sends), so another site cannot sign anyone out
    /// with a link; either way the person goes back to the client's registered address.
    /// </summary>
    private static async Task<IResult> EndSessionAsync(HttpContext http, SignIns signIns)
    {
        var session = await http.AuthenticateAsync(SessionScheme);
        var hint = await http.AuthenticateAsync(Server);
        var subject = session.Principal?.FindFirst(Claims.Subject)?.Value;
        if (subject is not null && hint.Principal?.GetClaim(Claims.Subject) == subject)
        {
            await signIns.RecordAsync(subject, Address(http), SignIns.SignedOut, http.RequestAborted);
            await http.SignOutAsync(SessionScheme);
        }
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/signin?signedout=true" }, [Server]);
    }

    public static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "";

    private static ClaimsIdentity Person(string subject, string name, IEnumerable<string> roles, IEnumerable<string> pillars)
    {
        var identity = new ClaimsIdentity(Server, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject).SetClaim(Claims.Name, name);
        identity.SetClaims(Claims.Role, [.. roles]).SetClaims(Roles.PillarClaim, [.. pillars]);
        return identity;
    }

    /// <summary>Signs the identity in for the scopes asked, for the suite's audience; every claim goes in both tokens.</summary>
    private static IResult SignIn(ClaimsIdentity identity, IEnumerable<string> scopes, Audience audience)
    {
        identity.SetScopes(scopes).SetResources(audience.Value);
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: Server);
    }

    private static AuthenticationProperties Refusal(string error, string description) => new(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    });
}

/// <summary>The audience of the suite's access tokens (<c>Auth:Audience</c>), the resource every token is for.</summary>
public sealed record Audience(string Value);

/// <summary>Registers the configured clients with OpenIddict on start (created, or brought up to date), after the store's migration.</summary>
public sealed class ClientRegistrations(IServiceProvider services, Accounts accounts) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        foreach (var (id, client) in accounts.Clients)
        {
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = id, ClientSecret = client.Secret, ClientType = ClientTypes.Confidential, DisplayName = client.DisplayName,
                Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
            };
            if (client.RedirectUris.Length > 0)
            {
                foreach (var uri in client.RedirectUris) descriptor.RedirectUris.Add(new Uri(uri));
                foreach (var uri in client.PostLogoutRedirectUris) descriptor.PostLogoutRedirectUris.Add(new Uri(uri));
                foreach (var permission in new[]
                {
                    Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession, Permissions.GrantTypes.AuthorizationCode,
                    Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code, Permissions.Scopes.Profile, Permissions.Scopes.Roles,
                })
                    descriptor.Permissions.Add(permission);
                descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            }
            if (await manager.FindByClientIdAsync(id, ct) is { } existing) await manager.UpdateAsync(existing, descriptor, ct);
            else await manager.CreateAsync(descriptor, ct);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
