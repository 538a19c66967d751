using Microsoft.Playwright;
using Plan.Pillar.V1;
using PlanServices.Testing;

namespace PlanServices.Web.Tests;

/// <summary>The OPCCN's audit log: sign-ins from the identity provider, imports and publications from the services' log.</summary>
[Collection(WebCollection.Name)]
public sealed class AuditPageTests(WebSuite web)
{
    [Fact]
    public async Task The_opccn_reads_who_signed_in_imported_and_published_newest_first()
    {
        // A Constabulary system imports a file with its own token; the import reaches the log through the pillar's event.
        var records = web.Suite.ReducingHarm.CreateClient(await TestAuth.ClientTokenAsync("constabulary-reducing-harm", TestAuth.DemoPassword));
        var csv = Google.Protobuf.ByteString.CopyFromUtf8("indicator,from,to,value\ncalls.total,2034-05,2034-05,4321\n");
        Assert.Equal(1, (await records.ImportFiguresAsync(new ImportFiguresRequest { FileName = "nightly-calls.csv", Content = csv })).Added);

        var page = await web.PageAsync("opccn");
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        Assert.Equal("Audit log", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        for (var attempt = 0; !(await page.ContentAsync()).Contains("nightly-calls.csv") && attempt < 40; attempt++)
        {
            await Task.Delay(250);
            await page.ReloadAsync();
        }
        var rows = await page.Locator("tbody tr").AllInnerTextsAsync();
        Assert.Contains(rows, r => r.Contains("Constabulary records system, Reducing Harm\timported\tReducing Harm figures\tnightly-calls.csv: 1 added, 0 revised, months 2034-05 to 2034-05"));
        Assert.Contains(rows, r => r.Contains("opccn\tsigned in\tthe web application"));
        Assert.Contains(rows, r => r.Contains($"OPCCN Performance and Scrutiny\tpublished\tthe pack of {Suite.April} (version 1)"));
        Assert.Empty(await page.GetByText("keeps no sign-in log").AllAsync());
        foreach (var width in new[] { 320, 1280 })
        {
            await page.SetViewportSizeAsync(width, 800);
            await WebSuite.AssertAccessibleAsync(page);
        }
    }
}
