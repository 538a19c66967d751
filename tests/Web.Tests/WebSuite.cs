using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using PlanServices.Testing;

namespace PlanServices.Web.Tests;

/// <summary>The suite with the April pack published, and Debian's Chromium to use its pages as people do.</summary>
public sealed class WebSuite : IAsyncLifetime
{
    public Suite Suite { get; } = new();
    private IPlaywright _playwright = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Suite.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser session, signed in as a demo user when one is named.</summary>
    public async Task<IPage> PageAsync(string? user = null)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = Suite.Gateway.HttpAddress.ToString() });
        var page = await context.NewPageAsync();
        if (user is null) return page;
        await page.GotoAsync("/app/signin");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(Demo(user))}") }).ClickAsync();
        await page.WaitForURLAsync("**/app");
        return page;
    }

    private static string Demo(string user) => ServiceDefaults.LocalIssuer.DemoUsers[user].Name;

    /// <summary>No WCAG 2.0, 2.1 or 2.2 A or AA violation on the page as it stands (axe-core in the browser).</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"] },
        });
        Assert.True(result.Violations.Length == 0, $"{page.Url}: " + string.Join("; ", result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Suite.DisposeAsync();
    }
}
