using Microsoft.Playwright;
using Plan.Pillar.V1;

namespace PlanServices.Web.Tests;

/// <summary>The Deputy Chief Constable approves a paper reading its tables, as the command area sees them.</summary>
[Collection(WebCollection.Name)]
public sealed class ApprovalTests(WebSuite web)
{
    private const string Period = "2025-12";

    [Fact]
    public async Task The_approval_page_shows_the_paper_s_tables_for_its_period_as_the_command_area_s_page_does()
    {
        var tables = (await web.Suite.ReducingHarm.CreateClient().GetTablesAsync(new GetTablesRequest { PeriodEnd = Period })).Tables;
        var dcc = await web.PageAsync("dcc");
        await dcc.GotoAsync($"/app/approvals/reducing-harm/{Period}");
        var analyst = await web.PageAsync("analyst-reducing-harm");
        await analyst.GotoAsync($"/app/papers/{Period}");

        Assert.NotEmpty(tables);
        foreach (var table in tables)
        {
            var shown = dcc.GetByRole(AriaRole.Table, new() { Name = table.Caption, Exact = true });
            await Assertions.Expect(shown.Locator("tbody tr")).ToHaveCountAsync(table.Rows.Count);
            Assert.Equal(await analyst.GetByRole(AriaRole.Table, new() { Name = table.Caption, Exact = true }).InnerTextAsync(), await shown.InnerTextAsync());
        }
        // Under its objective, with the objective's chart.
        var objective = dcc.GetByRole(AriaRole.Region, new() { Name = "Speed up emergency response times", Exact = true });
        await Assertions.Expect(objective.GetByRole(AriaRole.Table, new() { Name = tables.First(t => t.Objective == "emergency-response").Caption, Exact = true })).ToHaveCountAsync(1);
        await Assertions.Expect(objective.GetByRole(AriaRole.Img, new() { Name = "999 calls answered in under 10 seconds", Exact = true })).ToHaveCountAsync(1);
        await WebSuite.AssertAccessibleAsync(dcc);
    }
}
