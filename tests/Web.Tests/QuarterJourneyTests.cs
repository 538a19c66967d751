using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Plan.Accountability.V1;
using Plan.Pillar.V1;
using PlanServices.Testing;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace PlanServices.Web.Tests;

/// <summary>The July 2026 journey runs on a suite of its own, so that no other test's meetings come between.</summary>
[CollectionDefinition(Name)]
public sealed class JulyCollection : ICollectionFixture<WebSuite>
{
    public const string Name = "july";
}

/// <summary>
/// The quarter to March 2026 (the PCC Accountability Meeting of 1 July 2026, seeded by the one-command run) through the
/// web application, each role in its own browser session, every page checked with axe at a phone's width and a
/// desktop's: the OPCCN prepares the meeting (its agenda started from April's, the next scrutiny dates edited); each
/// command area loads January to March, writes and submits (Reducing Harm in words checked as they are typed, with the
/// keyboard alone); the Deputy Chief Constable returns one paper with a reason and approves all three; a figure revised
/// after approval sends a paper back, listed cell by cell, and it is approved again; the OPCCN records April's minutes and
/// publishes; each step mails the people it concerns.
/// </summary>
[Collection(JulyCollection.Name)]
public sealed class QuarterJourneyTests(WebSuite web)
{
    private const string Meeting = "pam-2026-07-01";
    private const string Period = "2026-03";

    private static readonly (string Pillar, string User, string Title)[] Areas =
    [
        ("preventing-crime", "analyst-preventing-crime", "Preventing Crime"),
        ("cohesive-communities", "analyst-cohesive-communities", "Cohesive Communities"),
        ("reducing-harm", "analyst-reducing-harm", "Reducing Harm"),
    ];

    [Fact]
    public async Task The_july_2026_quarter_from_preparation_to_the_published_pack()
    {
        var suite = web.Suite;

        // The OPCCN prepares the meeting: its agenda came from April's; the next scrutiny dates are edited.
        var opccn = await web.PageAsync("opccn");
        Assert.Contains("The minutes of the previous meeting (pam-2026-04-21) are not recorded.", await opccn.Locator("main").InnerTextAsync());
        await CheckAsync(opccn);
        await opccn.GotoAsync($"/app/meetings/{Meeting}/agenda");
        Assert.Equal("To confirm the minutes and actions of the previous meeting held on Tuesday 21 April 2026",
            await opccn.GetByLabel("Title, row 3").InputValueAsync());
        Assert.Equal("Priority 3 – Reducing Harm", await opccn.GetByLabel("Title, row 8").InputValueAsync());
        await opccn.GetByLabel("Title, next meeting 3").FillAsync("PCC Accountability Meeting");
        await opccn.GetByLabel("Date, next meeting 3").FillAsync("2026-10-14");
        await opccn.GetByLabel("Start time, next meeting 3").FillAsync("14:00");
        await opccn.GetByRole(AriaRole.Button, new() { Name = "Save the agenda" }).ClickAsync();
        Assert.Contains("The agenda is saved", await WebSuite.OutcomeAsync(opccn));
        Assert.Equal(["2026-07-29", "2026-09-02", "2026-10-14"],
            (await suite.Accountability.CreateAccountability().GetMeetingAsync(new GetMeetingRequest { Id = Meeting })).NextMeetings.Select(n => n.Date));
        await CheckAsync(opccn);

        // Each command area loads January to March (Preventing Crime as crime records): the calls of the quarter total 29,149.
        var areas = new Dictionary<string, IPage>();
        foreach (var (pillar, user, title) in Areas)
        {
            var analyst = areas[pillar] = await web.PageAsync(user);
            Assert.Matches($"Your paper for the PCC Accountability Meeting of Wednesday 1 July 2026 is (due|late)", await analyst.Locator("main").InnerTextAsync());
            await CheckAsync(analyst);
            await analyst.GetByRole(AriaRole.Link, new() { Name = "Upload figures" }).First.ClickAsync();
            await analyst.GetByLabel("File of figures").SetInputFilesAsync(CommandAreaTests.Workbook([.. Quarter(pillar)]));
            await analyst.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
            Assert.Contains("would be revised", await WebSuite.OutcomeAsync(analyst));
            await CheckAsync(analyst);
            await analyst.GetByRole(AriaRole.Button, new() { Name = pillar == "preventing-crime" ? "Import these records" : "Import these figures" }).ClickAsync();
            Assert.Contains("imported", await WebSuite.OutcomeAsync(analyst));
            await WriteTheRestAsync(suite, pillar);
        }

        // Reducing Harm writes its 999 objective about the quarter and its months, each figure checked as it is typed.
        var harm = areas["reducing-harm"];
        var objective = (await suite.ReducingHarm.CreateClient().GetCatalogueAsync(new GetCatalogueRequest())).Objectives.Single(o => o.Id == "emergency-response");
        await harm.GotoAsync($"/app/papers/{Period}");
        await CheckAsync(harm);
        await Keyboard.ActivateAsync(harm, $"Edit the narrative of “{objective.Title}”");
        await harm.WaitForURLAsync($"**/objectives/{objective.Id}");
        await Keyboard.FocusAsync(harm, "Narrative");
        await harm.Keyboard.TypeAsync(EmergencyResponse);
        await Assertions.Expect(harm.Locator("#preview mark.claim.matches")).ToHaveCountAsync(4);
        await Assertions.Expect(harm.Locator("#preview mark.claim.contradicts")).ToHaveCountAsync(0);
        await CheckAsync(harm);
        await Keyboard.FocusAsync(harm, "Why it changed");
        await harm.Keyboard.TypeAsync("The quarter's call handling");
        await Keyboard.ActivateAsync(harm, "Save the narrative");
        await harm.WaitForURLAsync(new Regex($"/app/papers/{Period}#o-{objective.Id}$"));

        foreach (var (pillar, _, _) in Areas)
        {
            var analyst = areas[pillar];
            await analyst.GotoAsync($"/app/papers/{Period}");
            await analyst.GetByRole(AriaRole.Button, new() { Name = "Submit the paper to the Deputy Chief Constable" }).ClickAsync();
            Assert.Contains("The paper was submitted", await WebSuite.OutcomeAsync(analyst));
        }

        // The Deputy Chief Constable returns Reducing Harm with a reason, and approves the other two.
        var dcc = await web.PageAsync("dcc");
        Assert.Contains("The Reducing Harm paper for the PCC Accountability Meeting of Wednesday 1 July 2026 waits for your approval.", await dcc.Locator("main").InnerTextAsync());
        await CheckAsync(dcc);
        await dcc.GotoAsync($"/app/approvals/reducing-harm/{Period}");
        await CheckAsync(dcc);
        await dcc.GetByLabel("Your reason").FillAsync("Say what the national standard is.");
        await dcc.GetByRole(AriaRole.Button, new() { Name = "Return it to the command area" }).ClickAsync();
        Assert.Contains("returned to the command area", await WebSuite.OutcomeAsync(dcc));
        foreach (var pillar in new[] { "preventing-crime", "cohesive-communities" }) await ApproveAsync(dcc, pillar);

        // The analyst finds the reason on their home page, changes the narrative and submits again.
        await harm.GotoAsync("/app");
        Assert.Contains("with the reason: “Say what the national standard is.”", await harm.Locator("main").InnerTextAsync());
        await CheckAsync(harm);
        await harm.GotoAsync($"/app/papers/{Period}/objectives/{objective.Id}");
        await harm.GetByLabel("Narrative").FillAsync(EmergencyResponse + "\n- The national standard is to answer 90% of 999 calls within 10 seconds.");
        await harm.GetByLabel("Why it changed").FillAsync("The standard named");
        await harm.GetByRole(AriaRole.Button, new() { Name = "Save the narrative" }).ClickAsync();
        await harm.GetByRole(AriaRole.Button, new() { Name = "Submit the paper to the Deputy Chief Constable" }).ClickAsync();
        Assert.Contains("The paper was submitted", await WebSuite.OutcomeAsync(harm));
        await ApproveAsync(dcc, "reducing-harm");

        // A figure revised after approval: a burglary recorded in March arrives late from the crime recording system. The paper
        // goes back, the change listed.
        var crime = areas["preventing-crime"];
        await crime.GotoAsync("/app/figures");
        await crime.GetByLabel("File of figures").SetInputFilesAsync(CommandAreaTests.Workbook(["reference", "recorded_on", "offence", "district"],
            ["NC/26/102", "2026-03-20", "28E", "Norwich"]));
        await crime.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        await crime.GetByRole(AriaRole.Button, new() { Name = "Import these records" }).ClickAsync();
        await suite.Events.WaitUntilAsync(async () => (await suite.Accountability.CreateAccountability().GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = Meeting }))
            .Papers.Single(p => p.Pillar == "preventing-crime").Status == "Submitted", "the Preventing Crime paper sent back for approval");
        await crime.GotoAsync("/app");
        Assert.Contains("Figures your approved paper for the PCC Accountability Meeting of Wednesday 1 July 2026 shows were revised", await crime.Locator("main").InnerTextAsync());
        await dcc.GotoAsync("/app");
        Assert.Contains("The Preventing Crime paper for the PCC Accountability Meeting of Wednesday 1 July 2026 waits for your approval again", await dcc.Locator("main").InnerTextAsync());
        await dcc.GotoAsync($"/app/approvals/preventing-crime/{Period}");
        var revised = dcc.GetByRole(AriaRole.Table, new() { NameRegex = new("figures? revised$") });
        await Assertions.Expect(revised).ToContainTextAsync("Residential burglary – Number of crimes");
        await CheckAsync(dcc);
        await opccn.GotoAsync($"/app/meetings/{Meeting}");
        Assert.Contains("The Preventing Crime paper's figures were revised after it was approved", await opccn.Locator("main").InnerTextAsync());
        await ApproveAsync(dcc, "preventing-crime");

        // The OPCCN records April's minutes and publishes the July pack.
        await opccn.GotoAsync($"/app/meetings/{Suite.April}/minutes");
        await opccn.GetByLabel("Attendance").FillAsync("Sarah Taylor; Police and Crime Commissioner; OPCCN\nPaul Sanford; Chief Constable; Norfolk Constabulary");
        await opccn.GetByRole(AriaRole.Button, new() { Name = "Save the minutes" }).ClickAsync();
        Assert.Contains("The minutes are saved", await WebSuite.OutcomeAsync(opccn));
        await CheckAsync(opccn);
        await suite.Events.WaitUntilAsync(async () => (await suite.Accountability.CreateAccountability()
            .GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = Meeting })).Ready, "the July papers reported approved");
        await opccn.GotoAsync($"/app/meetings/{Meeting}");
        await CheckAsync(opccn);
        await opccn.GetByRole(AriaRole.Button, new() { Name = "Publish the pack" }).ClickAsync();
        Assert.Contains("The pack is published as version 1", await WebSuite.OutcomeAsync(opccn));

        // The public reads the pack: the narrative as approved, its figures checked.
        var reader = await web.PageAsync();
        await reader.GotoAsync($"/packs/{Meeting}");
        await CheckAsync(reader);
        await reader.GotoAsync($"/packs/{Meeting}.html");
        var pack = await reader.Locator("body").InnerTextAsync();
        Assert.Contains("Between January and March 2026 the Control Room answered 29,149 999 calls.", pack);
        Assert.DoesNotContain("differ", Regex.Match(pack, "Figures checked:[^\n]*Reducing Harm|Figures checked:[^\n]*").Value);
        await CheckAsync(reader);

        // Each step mailed the people it concerns.
        (string To, string Subject, string Body)[] expected =
        [
            ("dcc@example.org", "Reducing Harm paper submitted for your approval", ""),
            ("analyst-reducing-harm@example.org", "Reducing Harm paper returned to draft: please change it", "Say what the national standard is."),
            ("analyst-cohesive-communities@example.org", "Cohesive Communities paper approved", ""),
            ("dcc@example.org", "Preventing Crime paper: figures revised after approval", "of the paper's tables changed after approval"),
            ("analyst-preventing-crime@example.org", "The pack of the PCC Accountability Meeting on Wednesday 1 July 2026 is published", ""),
        ];
        var mail = new List<System.Text.Json.JsonElement>();
        try
        {
            await suite.Events.WaitUntilAsync(async () =>
            {
                mail = await suite.Events.MailAsync();
                return expected.All(e => Mailed(mail, e.To, e.Subject, e.Body));
            }, "the mail of each step");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"missing: {string.Join("; ", expected.Where(e => !Mailed(mail, e.To, e.Subject, e.Body)))}; mailed: " +
                string.Join("; ", mail.Select(m => $"{string.Join(",", m.GetProperty("to").EnumerateArray())}: {Subject(m)}")));
        }
        Assert.DoesNotContain(mail, m => To(m, "analyst-cohesive-communities@example.org") && Subject(m).StartsWith("Reducing Harm", StringComparison.Ordinal));
    }

    private static bool Mailed(List<System.Text.Json.JsonElement> mail, string to, string subject, string body) =>
        mail.Any(m => To(m, to) && Subject(m) == subject && m.GetProperty("body").GetString()!.Contains(body, StringComparison.Ordinal));

    /// <summary>The Reducing Harm 999 objective: the quarter, a month against the target, a month's mean, all true for the figures loaded.</summary>
    private const string EmergencyResponse =
        "- Between January and March 2026 the Control Room answered 29,149 999 calls.\n" +
        "- In March 2026, 94.1% of 999 calls were answered within 10 seconds, against the national target of 90%.\n" +
        "- The mean answer time in January 2026 was 5.59 seconds.";

    /// <summary>A command area's January to March figures: 999 calls for Reducing Harm; a count per month for the others.</summary>
    /// <summary>
    /// Each command area's file for January to March 2026. Preventing Crime's is its crime recording system's export: a
    /// sample burglary of January now charged, and two crimes recorded since.
    /// </summary>
    private static IEnumerable<object[]> Quarter(string pillar)
    {
        if (pillar == "preventing-crime")
        {
            yield return ["reference", "recorded_on", "offence", "district", "outcome", "outcome_on"];
            yield return ["S-residential-burglary-202601-0001", "2026-01-01", "28E", "Broadland", "1", "2026-02-10"];
            yield return ["NC/26/100", "2026-02-03", "28E", "Norwich", "", ""];
            yield return ["NC/26/101", "2026-03-04", "39", "Breckland", "", ""];
            yield break;
        }
        yield return ["indicator", "from", "to", "value"];
        var (indicator, values) = pillar switch
        {
            "reducing-harm" => ("calls.total", new[] { 9800, 9100, 10249 }),
            _ => ("shoplifting.crimes", new[] { 470, 455, 498 }),
        };
        for (var m = 1; m <= 3; m++) yield return [indicator, $"2026-{m:00}", $"2026-{m:00}", values[m - 1]];
    }

    /// <summary>The objectives not written in the browser, as the command area's earlier drafts.</summary>
    private static async Task WriteTheRestAsync(Suite suite, string pillar)
    {
        var client = pillar switch
        {
            "preventing-crime" => suite.PreventingCrime.CreateClient(),
            "cohesive-communities" => suite.CohesiveCommunities.CreateClient(),
            _ => suite.ReducingHarm.CreateClient(),
        };
        var catalogue = await client.GetCatalogueAsync(new GetCatalogueRequest());
        var paper = await client.GetPaperAsync(new GetPaperRequest { PeriodEnd = Period });
        var edit = new EditPaperRequest { PeriodEnd = Period, BaseVersion = paper.Version, Reason = "Drafts of the quarter", ReplaceNarratives = true };
        edit.Narratives.AddRange(catalogue.Objectives.Select(o => new ObjectiveNarrative { Objective = o.Id, Markdown = $"- The command area's update on {o.Title.ToLowerInvariant()}." }));
        await client.EditPaperAsync(edit, new Grpc.Core.Metadata { { "authorization", $"Bearer {TestAuth.Token([ServiceDefaults.Roles.CommandArea], [pillar], "Analyst")}" } });
    }

    private static async Task ApproveAsync(IPage dcc, string pillar)
    {
        await dcc.GotoAsync($"/app/approvals/{pillar}/{Period}");
        await dcc.GetByRole(AriaRole.Button, new() { Name = "Approve the paper" }).ClickAsync();
        Assert.Contains("The paper is approved", await WebSuite.OutcomeAsync(dcc));
    }

    /// <summary>No accessibility violation at a desktop's width nor at a phone's, where the page must not scroll sideways.</summary>
    private static async Task CheckAsync(IPage page)
    {
        await page.SetViewportSizeAsync(1280, 900);
        await WebSuite.AssertAccessibleAsync(page);
        await page.SetViewportSizeAsync(390, 844);
        await WebSuite.AssertAccessibleAsync(page);
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var wide = width <= 390 ? "" : await page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 392 && !e.closest('.scroll'))
                .slice(0, 5).map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 60)).join(' | ')
            """);
        Assert.True(width <= 390, $"{page.Url} is {width} px wide at 390 px: {wide}");
        await page.SetViewportSizeAsync(1280, 900);
    }

    private static string Subject(System.Text.Json.JsonElement mail) => mail.GetProperty("subject").GetString()!;

    private static bool To(System.Text.Json.JsonElement mail, string address) =>
        mail.GetProperty("to").EnumerateArray().Any(t => t.GetString()!.Contains(address, StringComparison.OrdinalIgnoreCase));
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
