using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Plan.Accountability.V1;
using Plan.Pillar.V1;
using PlanServices.Testing;

namespace PlanServices.Web.Tests;

/// <summary>
/// One quarter through the web application, each role in its own browser session: the OPCCN schedules a meeting, the
/// Reducing Harm analyst imports figures (a bad row first), edits one objective and submits with the keyboard alone,
/// the Deputy Chief Constable returns the paper with a reason and then approves the resubmission (keyboard alone), the
/// OPCCN records the previous minutes and publishes, and the public opens the pack and a table's CSV.
/// The two other priorities' papers are prepared through gRPC, as their command areas would have done.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class QuarterJourneyTests(WebSuite web)
{
    private const string Meeting = "pam-2027-01-20";
    private const string Period = "2026-12";
    private const string Pillar = "reducing-harm";

    [Fact]
    public async Task A_quarter_from_scheduling_to_the_published_pack()
    {
        var suite = web.Suite;

        // The OPCCN schedules the meeting.
        var opccn = await web.PageAsync("opccn");
        await opccn.GetByRole(AriaRole.Link, new() { Name = "Meetings", Exact = true }).ClickAsync();
        await WebSuite.AssertAccessibleAsync(opccn);
        await opccn.GetByLabel("Meeting id").FillAsync(Meeting);
        await opccn.GetByLabel("Date").FillAsync("2027-01-20");
        await opccn.GetByLabel("Venue").FillAsync("Conference Room, OPCCN, Wymondham");
        await opccn.GetByLabel("Last month of the reporting quarter").FillAsync(Period);
        await opccn.GetByRole(AriaRole.Button, new() { Name = "Schedule the meeting" }).ClickAsync();
        Assert.Contains("The meeting is scheduled", await WebSuite.OutcomeAsync(opccn));
        await WebSuite.AssertAccessibleAsync(opccn);
        await suite.Events.WaitUntilAsync(async () => (await suite.Accountability.CreateAccountability()
            .GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = Meeting })).Papers.All(p => p.Status == "Draft"), "the three papers opened");

        var reducingHarm = suite.ReducingHarm.CreateClient();
        var objective = (await reducingHarm.GetCatalogueAsync(new GetCatalogueRequest())).Objectives[0];
        await WebSuite.PrepareAsync(suite.PreventingCrime.CreateClient(), "preventing-crime", Period, except: null, approve: true);
        await WebSuite.PrepareAsync(suite.CohesiveCommunities.CreateClient(), "cohesive-communities", Period, except: null, approve: true);
        await WebSuite.PrepareAsync(reducingHarm, Pillar, Period, except: objective.Id, approve: false);

        // The analyst imports the quarter's figures: the bad row is named with its rule and nothing is written.
        var analyst = await web.PageAsync("analyst-reducing-harm");
        await analyst.GetByRole(AriaRole.Link, new() { Name = "Upload figures" }).First.ClickAsync();
        var stored = await suite.ReducingHarm.WithDbAsync(db => Task.FromResult(db.Observations.Count()));
        await analyst.GetByLabel("File of figures").SetInputFilesAsync(CommandAreaTests.Workbook(["indicator", "from", "to", "value"],
            ["calls.total", "2026-10", "2026-10", 10_100], ["calls.total", "2026-11", "2026-11", "ten thousand"]));
        await analyst.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        Assert.Matches("row 3: .*value", await WebSuite.OutcomeAsync(analyst));
        Assert.Equal(stored, await suite.ReducingHarm.WithDbAsync(db => Task.FromResult(db.Observations.Count())));
        await analyst.GetByLabel("File of figures").SetInputFilesAsync(CommandAreaTests.Workbook(["indicator", "from", "to", "value"],
            ["calls.total", "2026-10", "2026-10", 10_100], ["calls.total", "2026-11", "2026-11", 9_950]));
        await analyst.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        Assert.Contains("2 figures would be added", await WebSuite.OutcomeAsync(analyst));
        await analyst.GetByRole(AriaRole.Button, new() { Name = "Import these figures" }).ClickAsync();
        Assert.Equal(stored + 2, await suite.ReducingHarm.WithDbAsync(db => Task.FromResult(db.Observations.Count())));

        // ... then writes the one objective left, with a live preview, and submits: with the keyboard alone.
        await analyst.GetByRole(AriaRole.Link, new() { Name = "Your paper", Exact = true }).ClickAsync();
        await analyst.WaitForURLAsync($"**/app/papers/{Period}");
        Assert.Equal("The Reducing Harm paper", await analyst.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        await WebSuite.AssertAccessibleAsync(analyst);
        await Keyboard.ActivateAsync(analyst, $"Edit the narrative of “{objective.Title}”");
        await analyst.WaitForURLAsync($"**/objectives/{objective.Id}");
        await Keyboard.FocusAsync(analyst, "Narrative");
        await analyst.Keyboard.TypeAsync("- Calls answered within 10 seconds held at the national standard.");
        await Assertions.Expect(analyst.Locator("#preview li")).ToHaveTextAsync("Calls answered within 10 seconds held at the national standard.");
        await WebSuite.AssertAccessibleAsync(analyst);
        await Keyboard.FocusAsync(analyst, "Why it changed");
        await analyst.Keyboard.TypeAsync("Quarter's update");
        await Keyboard.ActivateAsync(analyst, "Save the narrative");
        await analyst.WaitForURLAsync(new Regex($"/app/papers/{Period}#o-{objective.Id}$"));
        await Keyboard.ActivateAsync(analyst, "Submit the paper to the Deputy Chief Constable");
        Assert.Contains("The paper was submitted", await WebSuite.OutcomeAsync(analyst));
        await WebSuite.ScreenshotAsync(analyst, "app-command-area");

        // The Deputy Chief Constable returns it with a reason.
        var dcc = await web.PageAsync("dcc");
        await dcc.GetByRole(AriaRole.Link, new() { Name = "Papers to approve" }).ClickAsync();
        await WebSuite.AssertAccessibleAsync(dcc);
        await dcc.GetByRole(AriaRole.Link, new() { Name = "Reducing Harm" }).ClickAsync();
        Assert.Contains("first submission", await dcc.Locator("main").InnerTextAsync());
        await WebSuite.AssertAccessibleAsync(dcc);
        await dcc.GetByRole(AriaRole.Button, new() { Name = "Return it to the command area" }).ClickAsync();
        Assert.Contains("Say why the paper is returned", await WebSuite.OutcomeAsync(dcc));
        await dcc.GetByLabel("Your reason").FillAsync("Say which standard is meant.");
        await dcc.GetByRole(AriaRole.Button, new() { Name = "Return it to the command area" }).ClickAsync();
        Assert.Contains("returned to the command area", await WebSuite.OutcomeAsync(dcc));

        // The analyst sees why, changes a few words and submits again.
        await analyst.GotoAsync($"/app/papers/{Period}");
        var paperPage = await analyst.Locator("main").InnerTextAsync();
        Assert.Contains("Status: Draft", paperPage);
        Assert.Contains("Say which standard is meant.", paperPage);
        await analyst.GetByRole(AriaRole.Link, new() { Name = $"Edit the narrative of “{objective.Title}”" }).ClickAsync();
        await analyst.GetByLabel("Narrative").FillAsync("- Calls answered within 10 seconds held at the 90% national standard.");
        await analyst.GetByLabel("Why it changed").FillAsync("The standard named");
        await analyst.GetByRole(AriaRole.Button, new() { Name = "Save the narrative" }).ClickAsync();
        await analyst.GetByRole(AriaRole.Button, new() { Name = "Submit the paper to the Deputy Chief Constable" }).ClickAsync();
        Assert.Contains("The paper was submitted", await WebSuite.OutcomeAsync(analyst));

        // The Deputy Chief Constable sees what changed side by side and approves, with the keyboard alone.
        await dcc.GotoAsync($"/app/approvals/{Pillar}/{Period}");
        var changed = dcc.GetByRole(AriaRole.Region, new() { Name = objective.Title });
        Assert.Equal("90%", await changed.Locator("ins").InnerTextAsync());
        Assert.Contains("(changed)", await changed.InnerTextAsync());
        Assert.Contains("(unchanged)", await dcc.GetByRole(AriaRole.Region, new() { Name = "Summary" }).InnerTextAsync());
        await WebSuite.AssertAccessibleAsync(dcc);
        await changed.Locator(".diff").ScrollIntoViewIfNeededAsync();
        await WebSuite.ScreenshotAsync(dcc, "app-deputy-chief-constable");
        await Keyboard.ActivateAsync(dcc, "Approve the paper");
        Assert.Contains("The paper is approved", await WebSuite.OutcomeAsync(dcc));

        // The OPCCN records the previous meeting's minutes and publishes.
        await opccn.GotoAsync($"/app/meetings/{Suite.April}/minutes");
        await WebSuite.AssertAccessibleAsync(opccn);
        await opccn.GetByLabel("Attendance").FillAsync("Sarah Taylor; Police and Crime Commissioner; OPCCN\nPaul Sanford; Chief Constable; Norfolk Constabulary");
        await opccn.GetByRole(AriaRole.Button, new() { Name = "Save the minutes" }).ClickAsync();
        Assert.Contains("The minutes are saved", await WebSuite.OutcomeAsync(opccn));
        await suite.Events.WaitUntilAsync(async () => (await suite.Accountability.CreateAccountability()
            .GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = Meeting })).Ready, "the papers reported approved");
        await opccn.GotoAsync($"/app/meetings/{Meeting}");
        await WebSuite.AssertAccessibleAsync(opccn);
        await WebSuite.ScreenshotAsync(opccn, "app-opccn");
        await opccn.GetByRole(AriaRole.Button, new() { Name = "Publish the pack" }).ClickAsync();
        Assert.Contains("The pack is published as version 1", await WebSuite.OutcomeAsync(opccn));
        Assert.Contains("Nothing: the data and papers are as published.", await opccn.Locator("main").InnerTextAsync());

        // The public finds the pack, reads it and takes a table as CSV.
        var reader = await web.PageAsync();
        await reader.GotoAsync("/packs");
        await reader.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("PCC Accountability Meeting.*20 January 2027") }).ClickAsync();
        Assert.Equal("PCC Accountability Meeting, 20 January 2027", await reader.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        await WebSuite.AssertAccessibleAsync(reader);
        await WebSuite.ScreenshotAsync(reader, "public-pack");
        var href = await reader.Locator("a[href$='/tables/1.csv']").GetAttributeAsync("href");
        var csv = await (await reader.APIRequest.GetAsync(href!)).TextAsync();
        using var json = System.Text.Json.JsonDocument.Parse(await (await reader.APIRequest.GetAsync($"/packs/{Meeting}.json")).TextAsync());
        var first = json.RootElement.GetProperty("papers").EnumerateArray().SelectMany(p => p.GetProperty("objectives").EnumerateArray())
            .SelectMany(o => o.GetProperty("tables").EnumerateArray()).First();
        Assert.StartsWith(string.Join(',', first.GetProperty("columns").EnumerateArray().Take(2).Select(c => c.GetString())), csv.TrimStart('\uFEFF').Split("\r\n")[0]);
        Assert.Equal(first.GetProperty("rows").GetArrayLength() + 2, csv.Split("\r\n").Length);
        await reader.GetByRole(AriaRole.Link, new() { Name = "web page" }).ClickAsync();
        Assert.Contains("Calls answered within 10 seconds held at the 90% national standard.", await reader.Locator("body").InnerTextAsync());
    }
}

/// <summary>Moving through a page with the Tab key and acting with Enter, as keyboard users do.</summary>
public static class Keyboard
{
    private const string Name = """
        () => { const e = document.activeElement; if (!e || e === document.body) return '';
          return [e.getAttribute('aria-label'), e.labels && e.labels.length ? e.labels[0].innerText : null, e.innerText, e.value].filter(Boolean).join(' ').replace(/\s+/g, ' '); }
        """;

    /// <summary>Presses Tab until the focused element's name contains <paramref name="name"/>.</summary>
    public static async Task FocusAsync(IPage page, string name)
    {
        var seen = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>(Name);
            if (focused.Contains(name, StringComparison.Ordinal)) return;
            seen.Add(focused);
        }
        throw new Xunit.Sdk.XunitException($"Tab never reached “{name}” on {page.Url}; focus went through: {string.Join(" | ", seen.Distinct().Take(40))}");
    }

    public static async Task ActivateAsync(IPage page, string name)
    {
        await FocusAsync(page, name);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForLoadStateAsync();
    }
}
