using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Plan.Accountability.V1;
using PlanServices.Testing;

namespace PlanServices.Web.Tests;

/// <summary>
/// The public side as a newcomer meets it: a way to sign in from every public page and back to where they were, a
/// "Page not found" page with the ways back wherever an address leads nowhere (API callers keep problem+json), and a
/// pack that reads on a phone: nothing wider than the screen but a table scrolling within itself, a chart that scales
/// with its key as text, and a way back to the packs.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class PublicPagesTests(WebSuite web)
{
    private static readonly PageGetByRoleOptions Heading = new() { Level = 1 };

    /// <summary>The width every public page must reflow to without scrolling both ways (WCAG 2.2, 1.4.10 Reflow).</summary>
    private const int Phone = 320;

    [Fact]
    public async Task A_reader_signs_in_from_a_public_page_comes_back_to_it_and_signs_out()
    {
        var page = await web.PageAsync();
        await page.GotoAsync($"/packs/{Suite.April}");
        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await WebSuite.ContinueSignInAsync(page, "opccn", TestAuth.DemoPassword);
        await page.WaitForURLAsync($"**/packs/{Suite.April}");
        var banner = page.GetByRole(AriaRole.Banner);
        Assert.Equal("/app", await banner.GetByRole(AriaRole.Link, new() { Name = "Your work" }).GetAttributeAsync("href"));
        await Assertions.Expect(banner.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToHaveCountAsync(0);
        await WebSuite.AssertAccessibleAsync(page);

        await banner.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Sign out") }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToHaveCountAsync(1);
        Assert.Equal(302, (await page.APIRequest.GetAsync("/app", new() { MaxRedirects = 0 })).Status);
    }

    [Fact]
    public async Task An_address_that_leads_nowhere_is_a_page_not_found_with_the_ways_back_and_api_callers_keep_problem_json()
    {
        var reader = await web.PageAsync();
        foreach (var path in new[] { "/nothing-here", "/packs/no-such-meeting", "/packs/no-such-meeting.html", "/app/no-such-page" })
        {
            var response = await reader.GotoAsync(path);
            Assert.Equal(404, response!.Status);
            Assert.Equal("Page not found", await reader.GetByRole(AriaRole.Heading, Heading).InnerTextAsync());
            var main = reader.GetByRole(AriaRole.Main);
            Assert.Contains(path, await main.InnerTextAsync());
            foreach (var (name, href) in new[] { ("go to the home page", "/"), ("read the published packs", "/packs"), ("sign in", "/app/signin") })
                Assert.Equal(href, await main.GetByRole(AriaRole.Link, new() { Name = name }).GetAttributeAsync("href"));
            await WebSuite.AssertAccessibleAsync(reader);
        }
        await reader.GotoAsync("/packs/no-such-meeting");
        Assert.Contains("There is no published pack of 'no-such-meeting'", await reader.GetByRole(AriaRole.Main).InnerTextAsync());

        var opccn = await web.PageAsync("opccn");
        Assert.Equal(404, (await opccn.GotoAsync("/app/actions/99999"))!.Status);
        Assert.Equal("Page not found", await opccn.GetByRole(AriaRole.Heading, Heading).InnerTextAsync());
        Assert.Equal("/app", await opccn.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "go to your work" }).GetAttributeAsync("href"));
        await WebSuite.AssertAccessibleAsync(opccn);

        foreach (var path in new[] { "/nothing-here", "/packs/no-such-meeting", "/packs/no-such-meeting.json" })
        {
            var api = await reader.APIRequest.GetAsync(path, new() { Headers = new Dictionary<string, string> { ["Accept"] = "application/json" } });
            Assert.Equal(404, api.Status);
            Assert.StartsWith("application/problem+json", api.Headers["content-type"]);
            Assert.Equal(404, (await api.JsonAsync())!.Value.GetProperty("status").GetInt32());
        }
    }

    [Fact]
    public async Task A_pack_and_every_public_page_reflow_at_320_px_its_tables_scroll_within_themselves_and_it_leads_back_to_the_packs()
    {
        const string meeting = "pam-2033-01-19";
        var draft = await web.PageAsync("dcc");
        await web.Suite.Accountability.CreateAccountability().ScheduleMeetingAsync(Meeting(meeting));
        await draft.SetViewportSizeAsync(Phone, 640);
        await draft.GotoAsync($"/packs/{meeting}.html");
        Assert.Contains("DRAFT", await draft.Locator("main").InnerTextAsync());
        Assert.True(await PageWidthAsync(draft) <= Phone, $"the draft pack is {await PageWidthAsync(draft)} px wide at {Phone} px");
        Assert.Equal("/app", await draft.GetByRole(AriaRole.Navigation, new() { Name = "Back" }).GetByRole(AriaRole.Link).GetAttributeAsync("href"));

        await web.PublishAsync(Meeting(meeting));
        var page = await web.PageAsync();
        await page.SetViewportSizeAsync(Phone, 640);
        await page.GotoAsync($"/packs/{meeting}.html");
        Assert.True(await PageWidthAsync(page) <= Phone, $"the pack is {await PageWidthAsync(page)} px wide at {Phone} px");

        // Every table sits in its own labelled region, reachable with the keyboard; the widest scroll there, not the page.
        var tables = await page.Locator("table").CountAsync();
        Assert.True(tables > 10, $"{tables} tables");
        Assert.Equal(tables, await page.Locator("div.scroll[role=region][tabindex='0'][aria-label] > table").CountAsync());
        Assert.True(await page.Locator("div.scroll").EvaluateAllAsync<int>("regions => regions.filter(r => r.scrollWidth > r.clientWidth).length") > 0,
            "no table is wider than a phone, so none shows that it scrolls within itself");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Table 1", Exact = true })).ToHaveCountAsync(1);

        // The chart scales to the width; its key is text a phone shows at full size.
        var chart = page.GetByRole(AriaRole.Img, new() { Name = "999 calls answered in under 10 seconds", Exact = true });
        Assert.True((await chart.BoundingBoxAsync())!.Width <= Phone);
        var key = chart.Locator("xpath=following-sibling::ul[1]");
        Assert.Equal("Key to the chart", await key.GetAttributeAsync("aria-label"));
        Assert.Contains("Monthly value", await key.InnerTextAsync());
        Assert.Contains("Target (90.0%)", await key.InnerTextAsync());
        Assert.True(await key.EvaluateAsync<double>("k => parseFloat(getComputedStyle(k).fontSize)") >= 14);

        var back = page.GetByRole(AriaRole.Navigation, new() { Name = "Back" });
        Assert.Equal("/packs", await back.GetByRole(AriaRole.Link, new() { Name = "All published packs" }).GetAttributeAsync("href"));
        Assert.Equal($"/packs/{meeting}", await back.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^This pack's page") }).GetAttributeAsync("href"));
        await WebSuite.AssertAccessibleAsync(page);

        string[] forms = ["/subscriptions", "/subscriptions/confirm?token=x", "/subscriptions/unsubscribe?token=x", "/search", "/search?q=calls+answered"];
        string[] pages = [$"/packs/{meeting}", "/packs", "/", "/nothing-here", "/measures", "/meetings", $"/meetings/{meeting}", .. forms];
        foreach (var path in pages)
        {
            await page.GotoAsync(path);
            Assert.True(await PageWidthAsync(page) <= Phone, $"{path} is {await PageWidthAsync(page)} px wide at {Phone} px");
            await WebSuite.AssertAccessibleAsync(page);
        }

        // A chart of the published pack leads to its measure's story: the chart, the measure pack by pack, what was said.
        await page.GotoAsync($"/packs/{meeting}.html");
        await page.GetByRole(AriaRole.Link, new() { Name = "999 calls answered in under 10 seconds across the published packs" }).ClickAsync();
        await page.WaitForURLAsync("**/measures/reducing-harm/**");
        Assert.Equal("999 calls answered in under 10 seconds", await page.GetByRole(AriaRole.Heading, Heading).InnerTextAsync());
        var byPack = page.GetByRole(AriaRole.Table, new() { Name = "999 calls answered in under 10 seconds in each published pack" });
        Assert.Contains("19 January 2033", await byPack.InnerTextAsync());
        Assert.Contains("21 April 2026", await byPack.InnerTextAsync());
        Assert.True(await PageWidthAsync(page) <= Phone, $"the measure's story is {await PageWidthAsync(page)} px wide at {Phone} px");
        await WebSuite.AssertAccessibleAsync(page);

        // So does a table's row of a measure the pack charts.
        await page.GotoAsync($"/packs/{meeting}.html");
        var row = page.Locator("table th[scope=row] a.story").First;
        var story = await row.GetAttributeAsync("href");
        await row.ClickAsync();
        await page.WaitForURLAsync($"**{story}");
        await WebSuite.AssertAccessibleAsync(page);

        await page.SetViewportSizeAsync(1280, 900);
        string[] wide = [$"/packs/{meeting}.html", .. forms];
        foreach (var path in wide)
        {
            await page.GotoAsync(path);
            await WebSuite.AssertAccessibleAsync(page);
        }
    }

    /// <summary>A meeting whose agenda confirms the January 2026 minutes, with a period whose figures the sample holds.</summary>
    private static Meeting Meeting(string id) => new()
    {
        Id = id, Title = "PCC Accountability Meeting", Date = id["pam-".Length..], PeriodEnd = "2025-09", StartTime = "14:00", Venue = "Conference Room, OPCCN, Wymondham",
        Agenda =
        {
            new AgendaItem { Number = 1, Time = "14:00", Title = "To confirm the minutes and actions of the meeting held on 19 January 2026", Kind = AgendaItemKind.Paper, MinutesOf = "pam-2026-01-19" },
            new AgendaItem { Number = 2, Time = "14:15", Title = "Priority 1 – Preventing Crime", Kind = AgendaItemKind.Paper, Pillar = "preventing-crime" },
            new AgendaItem { Number = 3, Time = "14:45", Title = "Priority 2 – Cohesive Communities", Kind = AgendaItemKind.Paper, Pillar = "cohesive-communities" },
            new AgendaItem { Number = 4, Time = "15:15", Title = "Priority 3 – Reducing Harm", Kind = AgendaItemKind.Paper, Pillar = "reducing-harm" },
        },
    };

    private static Task<int> PageWidthAsync(IPage page) => page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
}
