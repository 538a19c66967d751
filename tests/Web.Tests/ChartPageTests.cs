using Microsoft.Playwright;

namespace PlanServices.Web.Tests;

/// <summary>The trend charts as people meet them: in the published pack's page and on the command area's paper, accessible to all.</summary>
[Collection(WebCollection.Name)]
public sealed class ChartPageTests(WebSuite web)
{
    private const string Title = "999 calls answered in under 10 seconds";

    private static async Task AssertChartAsync(IPage page)
    {
        var chart = page.GetByRole(AriaRole.Img, new() { Name = Title, Exact = true });
        await Assertions.Expect(chart).ToHaveCountAsync(1);
        Assert.StartsWith($"{Title}, January 2025 to December 2025: common cause variation.",
            await chart.EvaluateAsync<string>("svg => svg.querySelector('desc').textContent"));
        var data = page.GetByRole(AriaRole.Table, new() { Name = $"The figures behind the chart: {Title}" });
        await Assertions.Expect(data.GetByRole(AriaRole.Row)).ToHaveCountAsync(13);
        await Assertions.Expect(data.GetByRole(AriaRole.Row, new() { Name = "September 2025" })).ToContainTextAsync("Special cause, concerning");
        await WebSuite.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task The_public_reads_the_999_chart_and_its_text_equivalent_in_the_published_pack()
    {
        var page = await web.PageAsync();
        await page.GotoAsync("/packs/pam-2026-04-21.html");
        await AssertChartAsync(page);
        await Assertions.Expect(page.Locator("p.chart-summary", new() { HasText = "it will be met in some months and missed in others" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task The_command_area_sees_its_charts_on_its_paper()
    {
        var page = await web.PageAsync("analyst-reducing-harm");
        await page.GotoAsync("/app/papers/2025-12");
        await AssertChartAsync(page);
        await page.SetViewportSizeAsync(1100, 900);
        await page.Locator("#chart-calls-999-under-10s").ScrollIntoViewIfNeededAsync();
        await WebSuite.ScreenshotAsync(page, "app-chart");
    }
}
