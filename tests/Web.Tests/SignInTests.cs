using Microsoft.Playwright;
using PlanServices.Testing;

namespace PlanServices.Web.Tests;

/// <summary>
/// Signing in as people do, in Chromium, against the suite's own identity provider: the code flow with PKCE, the
/// provider's page (accessible at phone width too), signing out of both, a session kept alive by its refresh token
/// and one that has expired.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SignInTests(WebSuite web)
{
    [Fact]
    public async Task Signing_in_goes_through_the_provider_s_page_and_signing_out_ends_both_sessions()
    {
        var page = await web.PageAsync();
        await page.GotoAsync("/app/approvals");
        Assert.EndsWith("/app/signin?ReturnUrl=%2Fapp%2Fapprovals", page.Url);
        await WebSuite.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with your account" }).ClickAsync();

        // The provider's own page, with the code flow's request waiting behind it.
        Assert.StartsWith(TestAuth.Authority.ToString(), page.Url);
        foreach (var width in new[] { 320, 1280 })
        {
            await page.SetViewportSizeAsync(width, 800);
            await WebSuite.AssertAccessibleAsync(page);
        }
        await page.GetByLabel("User name").FillAsync("dcc");
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        Assert.Equal("The user name or password is not right.", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        await WebSuite.AssertAccessibleAsync(page);
        await page.GetByLabel("Password").FillAsync(TestAuth.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        // Back where they were going, as the Deputy Chief Constable, with the person's own token for the services.
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/app/approvals$"));
        Assert.Equal("Papers to approve", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        Assert.Contains("Deputy Chief Constable Dave Marshall", await page.Locator("header").InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Sign out") }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(web.Suite.Gateway.HttpAddress.ToString())}$"));
        await page.GotoAsync("/app");
        Assert.Contains("/app/signin", page.Url);
        // Signed out at the provider too: signing in asks for the password again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with your account" }).ClickAsync();
        await page.GetByLabel("Password").WaitForAsync();
        Assert.StartsWith(TestAuth.Authority.ToString(), page.Url);
    }

    [Fact]
    public async Task Signing_in_and_out_works_under_the_pages_own_content_security_policies()
    {
        // No BypassCSP here: the forms' redirects to the provider and back must be allowed by the policies the pages send.
        var context = await web.Browser.NewContextAsync(new() { BaseURL = web.Suite.Gateway.HttpAddress.ToString() });
        var page = await context.NewPageAsync();
        var refused = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) refused.Add(message.Text); };
        await WebSuite.SignInAsync(page, "analyst-reducing-harm", TestAuth.DemoPassword);
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/app$"));
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Sign out") }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(web.Suite.Gateway.HttpAddress.ToString())}$"));
        Assert.Empty(refused);
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_session_outlives_its_access_token_by_refreshing_and_ends_when_its_refresh_token_expires()
    {
        await using var suite = await EventSuite.StartAsync(gateway: true, identity: new Dictionary<string, string>
        {
            ["Identity:AccessTokenLifetime"] = "00:00:03",
            ["Identity:RefreshTokenLifetime"] = "00:00:15",
        });
        var context = await web.Browser.NewContextAsync(new() { BaseURL = suite.Gateway!.HttpAddress.ToString(), BypassCSP = true });
        var page = await context.NewPageAsync();
        await WebSuite.SignInAsync(page, "opccn", TestAuth.DemoPassword);
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/app$"));

        // The access token has expired: the session buys a new one, and the services still answer for the person.
        await Task.Delay(TimeSpan.FromSeconds(4));
        await page.GotoAsync("/app/meetings");
        Assert.Equal("Meetings", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        Assert.Contains("pam-2026-07-01", await page.ContentAsync());

        // Left alone past the refresh token's life, the session has ended: the person signs in again.
        await Task.Delay(TimeSpan.FromSeconds(16));
        await page.GotoAsync("/app/meetings");
        Assert.Contains("/app/signin", page.Url);
        await context.CloseAsync();
    }
}
