using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Plan.Accountability.V1;
using Plan.Pillar.V1;
using PlanServices.ServiceDefaults;
using PlanServices.Testing;

namespace PlanServices.Web.Tests;

/// <summary>The web tests share one suite and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebSuite>
{
    public const string Name = "web";
}

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
        // Playwright's own scripts in the page (its selectors, axe) are not the page's: the pages' content security policy
        // would stop them. The pages' own inline script carries the policy's nonce (ClaimMarksTests checks it is the same).
        var context = await Browser.NewContextAsync(new() { BaseURL = Suite.Gateway.HttpAddress.ToString(), BypassCSP = true });
        var page = await context.NewPageAsync();
        if (user is null) return page;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // The first attempt may have signed in after all, only later than the wait allowed.
                if (attempt > 1 && page.Url.EndsWith("/app", StringComparison.Ordinal)) break;
                await SignInAsync(page, user, TestAuth.DemoPassword);
                await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/app$"), new() { Timeout = 30_000 });
                break;
            }
            // Seen in CI on two busy cores, every test project running at once: a step of signing in (the provider's page,
            // the way back) took longer than the wait. Once more from the start, then say where the page stood.
            catch (TimeoutException) when (attempt == 1)
            {
            }
            catch (TimeoutException)
            {
                throw new Xunit.Sdk.XunitException($"signing in as {user} stayed at {page.Url}: {await page.Locator("body").InnerTextAsync()}");
            }
        }
        return page;
    }

    /// <summary>Signs in as a person would: the application's sign-in, then the provider's page with a user name and password.</summary>
    public static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/app/signin");
        await ContinueSignInAsync(page, user, password);
    }

    /// <summary>From the application's sign-in page: on to the provider's, where the person gives their user name and password.</summary>
    public static async Task ContinueSignInAsync(IPage page, string user, string password)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with your account" }).ClickAsync();
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    /// <summary>Saves a screenshot of the page as <paramref name="name"/>.png when PLANSERVICES_SCREENSHOTS names a folder (docs/images is made so).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("PLANSERVICES_SCREENSHOTS") is not { Length: > 0 } folder) return;
        await page.SetViewportSizeAsync(1100, 900);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}.png"), FullPage = false });
    }

    /// <summary>What the page says came of an action: its status or alert message, failing with the page's text when it shows neither.</summary>
    public static async Task<string> OutcomeAsync(IPage page)
    {
        var message = page.GetByRole(AriaRole.Status).Or(page.GetByRole(AriaRole.Alert)).First;
        try
        {
            await message.WaitForAsync(new() { Timeout = 10_000 });
            return await message.InnerTextAsync();
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"{page.Url} shows no status or alert: {await page.Locator("body").InnerTextAsync()}");
        }
    }

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

    /// <summary>
    /// Schedules <paramref name="meeting"/>, has each priority's paper completed, submitted and approved as its command area
    /// and the Deputy Chief Constable would, and publishes the pack as the OPCCN. The meeting's agenda names the minutes it
    /// confirms, so that its readiness does not depend on the meetings other tests schedule; a paper item per priority is added when missing.
    /// </summary>
    public async Task PublishAsync(Meeting meeting)
    {
        // A pack is published only with a paper item for each priority on its agenda.
        var pillars = new[] { "preventing-crime", "cohesive-communities", "reducing-harm" };
        foreach (var (pillar, i) in pillars.Select((p, i) => (p, i)).Where(x => meeting.Agenda.Count > 0 && meeting.Agenda.All(a => a.Pillar != x.p)))
            meeting.Agenda.Add(new AgendaItem { Number = meeting.Agenda.Max(a => a.Number) + 1, Title = $"Priority {i + 1}", Kind = AgendaItemKind.Paper, Pillar = pillar });
        var accountability = Suite.Accountability.CreateAccountability();
        await accountability.ScheduleMeetingAsync(meeting);
        await Suite.Events.WaitUntilAsync(async () => (await accountability.GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = meeting.Id }))
            .Papers.All(p => p.Status != "Not started"), $"the papers of {meeting.Id} opened");
        await PrepareAsync(Suite.PreventingCrime.CreateClient(), "preventing-crime", meeting.PeriodEnd, except: null, approve: true);
        await PrepareAsync(Suite.CohesiveCommunities.CreateClient(), "cohesive-communities", meeting.PeriodEnd, except: null, approve: true);
        await PrepareAsync(Suite.ReducingHarm.CreateClient(), "reducing-harm", meeting.PeriodEnd, except: null, approve: true);
        await Suite.Events.WaitUntilAsync(async () => (await accountability.GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = meeting.Id })).Ready,
            $"the papers of {meeting.Id} reported approved");
        using var opccn = Suite.GatewayHttp(Suite.Opccn);
        using var published = await opccn.PostAsync($"/packs/{meeting.Id}/publish", null);
        Assert.True(published.StatusCode == System.Net.HttpStatusCode.Created, await published.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Completes a paper as its command area would (narratives from the April paper, a note on each empty table), but for
    /// one objective; with <paramref name="approve"/>, submits it and has the Deputy Chief Constable approve it.
    /// </summary>
    public static async Task PrepareAsync(PillarService.PillarServiceClient client, string pillar, string period, string? except, bool approve)
    {
        var april = await client.GetPaperAsync(new GetPaperRequest { PeriodEnd = "2025-12" });
        var paper = await client.GetPaperAsync(new GetPaperRequest { PeriodEnd = period });
        var tables = await client.GetTablesAsync(new GetTablesRequest { PeriodEnd = period });
        var edit = new EditPaperRequest { PeriodEnd = period, BaseVersion = paper.Version, Reason = "The quarter's narrative", ReplaceNarratives = true, ReplaceTableNotes = true };
        edit.Narratives.AddRange(april.Narratives.Where(n => n.Objective != except));
        edit.TableNotes.AddRange(tables.Tables.Where(t => t.Rows.All(r => r.Cells.All(c => !c.HasValue)))
            .Select(t => new TableNote { Table = t.Id, Note = "The force's systems were being replaced during the period." }));
        paper = await client.EditPaperAsync(edit);
        if (!approve) return;
        var asCommandArea = TestAuth.Token([Roles.CommandArea], [pillar], $"Analyst, {pillar}");
        paper = await client.ChangePaperStatusAsync(new ChangePaperStatusRequest { PeriodEnd = period, BaseVersion = paper.Version, Action = PaperAction.Submit },
            new Grpc.Core.Metadata { { "authorization", $"Bearer {asCommandArea}" } });
        // The April narrative may quote figures this period does not have: approving it then takes a reason.
        await client.ChangePaperStatusAsync(new ChangePaperStatusRequest
        {
            PeriodEnd = period, BaseVersion = paper.Version, Action = PaperAction.Approve, Reason = "Approved for the test's pack.",
        }, new Grpc.Core.Metadata { { "authorization", $"Bearer {TestAuth.Token([Roles.Originator], [], "Deputy Chief Constable")}" } });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Suite.DisposeAsync();
    }
}
