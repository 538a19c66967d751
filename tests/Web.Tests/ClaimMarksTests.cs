using Microsoft.Playwright;
using PlanServices.Testing;

namespace PlanServices.Web.Tests;

/// <summary>While a command area writes its narrative, each figure is marked as the tables bear it out.</summary>
[Collection(WebCollection.Name)]
public sealed class ClaimMarksTests(WebSuite web)
{
    [Fact]
    public async Task The_preview_marks_each_figure_and_says_what_the_tables_give()
    {
        var page = await web.PageAsync("analyst-reducing-harm");
        await page.GotoAsync("/app/papers/2025-12/objectives/crack-down-on-crime");
        var preview = page.Locator("#preview");
        await Assertions.Expect(preview.Locator("mark.claim.matches").First).ToBeVisibleAsync();

        await page.GetByLabel("Narrative", new() { Exact = true }).FillAsync(
            "- During this reporting period, 185 disruptions were recorded, an increase of 77 (+44.5 percent) compared with the previous quarter.");
        await Assertions.Expect(preview.Locator("mark.claim.contradicts")).ToHaveTextAsync("+44.5 percent ✗");
        await Assertions.Expect(preview.Locator("li.contradicts"))
            .ToContainTextAsync("Differs from the tables: the figures give +71.3%; 108 → 185 is +71.3%");
        await Assertions.Expect(preview.Locator("mark.claim.matches")).ToHaveCountAsync(2);
        await WebSuite.AssertAccessibleAsync(page);
        await WebSuite.ScreenshotAsync(page, "app-narrative-claims");
    }

    /// <summary>The live preview's script runs under the content security policy: it carries the nonce the policy names.</summary>
    [Fact]
    public async Task The_preview_script_carries_the_nonce_of_its_responses_content_security_policy()
    {
        using var http = web.Suite.GatewayHttp(TestAuth.Token([ServiceDefaults.Roles.CommandArea], ["reducing-harm"], "Analyst"));
        using var response = await http.GetAsync("/app/papers/2025-12/objectives/crack-down-on-crime");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = System.Text.RegularExpressions.Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal([nonce], System.Text.RegularExpressions.Regex.Matches(html, "<script nonce=\"([^\"]+)\">").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<script"));
    }
}
