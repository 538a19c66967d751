using System.Security.Claims;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web;

/// <summary>
/// The web application for every role, served by the gateway under <c>/app</c>: server-rendered Razor Pages that call the
/// services through the same generated gRPC clients as the pack, with the signed-in user's own token. People sign in
/// with the OpenID Connect code flow (PKCE) at <c>Auth:Authority</c>, the embedded provider or the organisation's, and
/// keep a cookie session holding their tokens, refreshed as the access token nears its end. API callers send a bearer token.
/// </summary>
public static class WebApp
{
    public const string Scheme = "web";
    public const string SignInPath = "/app/signin";

    /// <summary>The HTTP client of the authority's own API (the embedded provider's sign-in log).</summary>
    public const string AuditModelClient = "authority";

    /// <summary>The sign-in page, bringing the person back to <paramref name="returnUrl"/> (a local address) once signed in.</summary>
    public static string SignInLink(string returnUrl) =>
        returnUrl.Length == 0 ? SignInPath : $"{SignInPath}?ReturnUrl={Uri.EscapeDataString(returnUrl)}";

    public static IHostApplicationBuilder AddWebApp(this IHostApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var httpsMetadata = auth.HttpsMetadata(builder.AddSuiteShape());
        var authentication = builder.Services.AddAuthentication(options =>
        {
            options.DefaultScheme = Scheme;
            options.DefaultChallengeScheme = Scheme;
        });
        // A request with a bearer token is an API call; any other is a person in a browser, with or without a session.
        authentication.AddPolicyScheme(Scheme, "Bearer token or session cookie", policy => policy.ForwardDefaultSelector = http =>
            http.Request.Headers.Authorization.Count > 0 ? JwtBearerDefaults.AuthenticationScheme : CookieAuthenticationDefaults.AuthenticationScheme);
        authentication.AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, cookie =>
        {
            cookie.LoginPath = SignInPath;
            cookie.AccessDeniedPath = "/app/denied";
            cookie.Cookie.Name = "planservices";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = false;
            // Outside the pages (packs, REST) a missing session is a plain 401/403, not a redirect.
            cookie.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
            cookie.Events.OnValidatePrincipal = SessionTokens.RefreshAsync;
        });
        authentication.AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, oidc =>
        {
            oidc.Authority = auth.Authority;
            oidc.RequireHttpsMetadata = httpsMetadata;
            oidc.ClientId = auth.ClientId;
            oidc.ClientSecret = auth.ClientSecret;
            oidc.ResponseType = "code";
            oidc.UsePkce = true;
            // The code comes back on a top-level GET, so the correlation and nonce cookies can be SameSite=Lax (and so
            // also work on a plain-http loopback run, where a SameSite=None cookie must be Secure and is dropped).
            oidc.ResponseMode = "query";
            oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
            oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            oidc.NonceCookie.SameSite = SameSiteMode.Lax;
            oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            oidc.Scope.Add("roles");
            oidc.Scope.Add("offline_access");
            oidc.SaveTokens = true;
            oidc.MapInboundClaims = false;
            oidc.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            oidc.TokenValidationParameters.RoleClaimType = "role";
            oidc.TokenValidationParameters.NameClaimType = "name";
        });
        builder.Services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/Web/Pages";
            pages.Conventions.AuthorizeFolder("/App", Policies.Reader);
            pages.Conventions.AllowAnonymousToPage("/App/SignIn");
            pages.Conventions.AllowAnonymousToPage("/App/Denied");
            pages.Conventions.AllowAnonymousToPage("/App/SignOut");
        });
        builder.Services.AddAntiforgery(options => options.Cookie.Name = "planservices-antiforgery");
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<UserCalls>();
        // The embedded provider's sign-in log, read with the person's own token (the audit page). It is at the suite's own
        // provider, whatever the authority: a person's token is never sent to another authority's address.
        var shape = builder.AddSuiteShape();
        var signInLog = builder.Configuration["Auth:SignInLog"] ?? $"{shape.HttpOf(shape.Identity)}/audit/sign-ins";
        builder.Services.AddHttpClient(AuditModelClient, http => http.BaseAddress = new Uri(signInLog));
        builder.Services.AddScoped<AppData>();
        builder.Services.AddScoped<ToDoList>();
        return builder;
    }

    public static WebApplication MapWebApp(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet("/app/figures/template", async (string? format, AppData data, UserCalls calls, CancellationToken ct) =>
        {
            var pillar = calls.Pillars.First();
            var catalogue = await data.Pillar(pillar).GetCatalogueAsync(new Plan.Pillar.V1.GetCatalogueRequest(), await data.AsUserAsync(), cancellationToken: ct);
            return format == "xlsx"
                ? Results.File(FiguresTemplate.Workbook(catalogue), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{pillar}-figures.xlsx")
                : Results.File(System.Text.Encoding.UTF8.GetBytes(FiguresTemplate.Csv(catalogue)), "text/csv; charset=utf-8", $"{pillar}-figures.csv");
        }).RequireAuthorization(policy => policy.RequireRole(Roles.CommandArea));
        return app;
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/app")) context.Response.Redirect(context.RedirectUri);
        else context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}

/// <summary>Calls made by a page carry the signed-in person's own token, so every service applies its own rules to them.</summary>
public sealed class UserCalls(IHttpContextAccessor accessor)
{
    public async Task<Metadata> HeadersAsync() => new() { { "authorization", $"Bearer {await TokenAsync()}" } };

    /// <summary>The person's access token: their session's, or an API caller's bearer token.</summary>
    public async Task<string> TokenAsync()
    {
        var http = accessor.HttpContext!;
        return await http.GetTokenAsync(CookieAuthenticationDefaults.AuthenticationScheme, "access_token")
            ?? http.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.OrdinalIgnoreCase);
    }

    public ClaimsPrincipal User => accessor.HttpContext!.User;

    /// <summary>The priorities the person writes for (a command area's pillar claims).</summary>
    public IReadOnlyList<string> Pillars => User.IsInRole(Roles.CommandArea) ? User.FindAll(Roles.PillarClaim).Select(c => c.Value).ToList() : [];
}
