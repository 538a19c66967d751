using System.Security.Claims;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.JsonWebTokens;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web;

/// <summary>
/// The web application for every role, served by the gateway under <c>/app</c>: server-rendered Razor Pages that call the
/// services through the same generated gRPC clients as the pack, with the signed-in user's own token. People sign in
/// with a cookie session: through OpenID Connect against <c>Auth:Authority</c> in production, or by choosing a demo user
/// in the one-command run (<c>Auth:LocalIssuer</c>). API callers keep sending a bearer token.
/// </summary>
public static class WebApp
{
    public const string Scheme = "web";
    public const string SignInPath = "/app/signin";

    /// <summary>The sign-in page, bringing the person back to <paramref name="returnUrl"/> (a local address) once signed in.</summary>
    public static string SignInLink(string returnUrl) =>
        returnUrl.Length == 0 ? SignInPath : $"{SignInPath}?ReturnUrl={Uri.EscapeDataString(returnUrl)}";

    public static IHostApplicationBuilder AddWebApp(this IHostApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
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
        });
        if (!string.IsNullOrWhiteSpace(auth.Authority))
            authentication.AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, oidc =>
            {
                oidc.Authority = auth.Authority;
                oidc.RequireHttpsMetadata = auth.RequireHttpsMetadata;
                oidc.ClientId = builder.Configuration["Auth:ClientId"];
                oidc.ClientSecret = builder.Configuration["Auth:ClientSecret"];
                oidc.ResponseType = "code";
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
        });
        builder.Services.AddAntiforgery(options => options.Cookie.Name = "planservices-antiforgery");
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<UserCalls>();
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

    /// <summary>Signs a demo user in with a session carrying their token (the local issuer of the one-command run).</summary>
    public static async Task SignInDemoAsync(HttpContext http, string user, AuthOptions auth)
    {
        var demo = LocalIssuer.DemoUsers(http.RequestServices.GetRequiredService<SuiteShape>())[user];
        var token = Security.MintToken(auth, user, demo.Name, demo.Roles, demo.Pillars, TimeSpan.FromHours(8));
        var claims = new JsonWebTokenHandler().ReadJsonWebToken(token).Claims.Where(c => c.Type is "sub" or "name" or "role" or Roles.PillarClaim);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, "name", "role"));
        var properties = new AuthenticationProperties { IsPersistent = false, ExpiresUtc = DateTimeOffset.UtcNow.AddHours(8) };
        properties.StoreTokens([new AuthenticationToken { Name = "access_token", Value = token }]);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, properties);
    }
}

/// <summary>Calls made by a page carry the signed-in person's own token, so every service applies its own rules to them.</summary>
public sealed class UserCalls(IHttpContextAccessor accessor)
{
    public async Task<Metadata> HeadersAsync()
    {
        var http = accessor.HttpContext!;
        var token = await http.GetTokenAsync(CookieAuthenticationDefaults.AuthenticationScheme, "access_token")
            ?? http.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.OrdinalIgnoreCase);
        return new Metadata { { "authorization", $"Bearer {token}" } };
    }

    public ClaimsPrincipal User => accessor.HttpContext!.User;

    /// <summary>The priorities the person writes for (a command area's pillar claims).</summary>
    public IReadOnlyList<string> Pillars => User.IsInRole(Roles.CommandArea) ? User.FindAll(Roles.PillarClaim).Select(c => c.Value).ToList() : [];
}
