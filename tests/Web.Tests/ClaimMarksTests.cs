using Microsoft.Playwright;

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
}
