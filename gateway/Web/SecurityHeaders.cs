using System.Security.Cryptography;

namespace PlanServices.Gateway.Web;

/// <summary>
/// The headers browsers act on to protect the people reading the suite's pages (docs/security.md): a content security
/// policy (the pages' own scripts only, each inline one with this response's nonce; no framing by other sites; forms post
/// only here), no content-type sniffing, and no full addresses sent to other sites. HSTS is added by ASP.NET Core's
/// middleware outside development, on HTTPS requests only.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "csp-nonce";

    /// <summary>The nonce an inline script of this response carries (<c>&lt;script nonce="…"&gt;</c>).</summary>
    public static string Nonce(HttpContext http) => (string)http.Items[NonceKey]!;

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        // Signing in and out posts here and is redirected to the OpenID Connect authority: form-action covers that redirect.
        var authority = app.Configuration["Auth:Authority"] is { Length: > 0 } configured && Uri.TryCreate(configured, UriKind.Absolute, out var uri)
            ? $" {uri.GetLeftPart(UriPartial.Authority)}" : "";
        app.Use((http, next) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            http.Items[NonceKey] = nonce;
            // Set as the response starts: an error page written after clearing the response keeps them too.
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; " +
                    $"img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'{authority}; frame-ancestors 'none'";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }
}
