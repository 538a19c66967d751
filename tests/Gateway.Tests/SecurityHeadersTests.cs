using System.Net;
using PlanServices.Testing;

namespace PlanServices.Gateway.Tests;

/// <summary>
/// Every answer of the gateway carries the headers browsers act on: a content security policy (own scripts only, with a
/// nonce that changes per response; no framing; forms post here, and to the authority that signs people in), no sniffing, a referrer policy; on a page, a file, an
/// error page and a refusal alike.
/// </summary>
public sealed class SecurityHeadersTests
{
    [Fact]
    public async Task Pages_files_and_errors_carry_the_content_security_policy_with_a_fresh_nonce()
    {
        await using var gateway = new ServiceServer<Gateway.Host>("gateway");
        using var http = gateway.Http();
        var policies = new List<string>();
        foreach (var (path, status) in new[] { ("/app/signin", HttpStatusCode.OK), ("/subscriptions", HttpStatusCode.OK), ("/nothing-here", HttpStatusCode.NotFound), ("/app/denied", HttpStatusCode.OK) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("text/html");
            using var response = await http.SendAsync(request);
            Assert.Equal((path, status), (path, response.StatusCode));
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Equal("default-src 'self'; script-src 'self' 'nonce-N'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
                $"object-src 'none'; base-uri 'self'; form-action 'self' {TestAuth.Authority.GetLeftPart(UriPartial.Authority)}; frame-ancestors 'none'", System.Text.RegularExpressions.Regex.Replace(policy, "'nonce-[A-Za-z0-9+/=]{24}'", "'nonce-N'"));
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
            policies.Add(policy);
        }
        Assert.Equal(policies.Count, policies.Distinct().Count());
        Assert.False((await http.GetAsync("/app/signin")).Headers.Contains("Strict-Transport-Security"));
    }
}
