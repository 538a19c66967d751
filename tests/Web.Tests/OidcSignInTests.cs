using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PlanServices.Testing;

namespace PlanServices.Web.Tests;

/// <summary>
/// Signing in with an OpenID Connect authority configured (production): the page offers the organisation's sign-in
/// instead of demo users, and it sends the person to the authority's authorization endpoint for the code flow with
/// PKCE, as this client. The authority is a stand-in serving its discovery document; the code exchange is not run.
/// </summary>
public sealed class OidcSignInTests
{
    [Fact]
    public async Task Sign_in_goes_to_the_configured_authority_for_the_code_flow_with_pkce()
    {
        var port = Ports.Free();
        var authority = $"http://127.0.0.1:{port}";
        // Its own content root: the test folder's appsettings.json (a service's Kestrel endpoints) is not its.
        var root = Directory.CreateTempSubdirectory("authority-").FullName;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root });
        await using var stand = builder.Build();
        stand.Urls.Add(authority);
        stand.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = authority, ["authorization_endpoint"] = $"{authority}/authorize", ["token_endpoint"] = $"{authority}/token",
            ["jwks_uri"] = $"{authority}/jwks", ["response_types_supported"] = new[] { "code" }, ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        stand.MapGet("/jwks", () => Results.Json(new { keys = Array.Empty<object>() }));
        await stand.StartAsync();

        await using var gateway = new ServiceServer<Gateway.Host>("gateway", new Dictionary<string, string>
        {
            ["Auth:Authority"] = authority, ["Auth:RequireHttpsMetadata"] = "false", ["Auth:ClientId"] = "planservices-web", ["Auth:LocalIssuer"] = "false",
        });
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = gateway.HttpAddress };

        var page = await http.GetStringAsync("/app/signin");
        Assert.Contains("Sign in with your organisation account", page);
        Assert.DoesNotContain("Demo users", page);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        using var challenge = await http.PostAsync("/app/signin?handler=Oidc", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["returnUrl"] = "/app/approvals",
        }));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        // The browser follows the form's redirect to the authority only if the content security policy allows it.
        var policy = challenge.Headers.GetValues("Content-Security-Policy").Single();
        Assert.True(policy.Contains($"form-action 'self' {authority};", StringComparison.Ordinal), policy);
        var location = challenge.Headers.Location!;
        Assert.Equal($"{authority}/authorize", location.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal("planservices-web", query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal($"{gateway.HttpAddress}signin-oidc", query["redirect_uri"]);

        // Pages still send someone not signed in to the sign-in page, which now leads to the authority.
        using var app = await http.GetAsync("/app");
        Assert.Contains("/app/signin", app.Headers.Location!.ToString());
    }
}
