using System.Net.Http.Json;
using Microsoft.Playwright;
using PlanServices.Testing;

namespace PlanServices.Web.Tests;

/// <summary>
/// Every role against every page of the application: allowed exactly where the rules say, a sign-in page for someone
/// not signed in, a plain refusal for a role that may not; forms refused without their antiforgery token; uploads
/// refused clearly when too big or of the wrong type. Each allowed page passes axe-core's WCAG 2.2 AA rules.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class WebSecurityTests(WebSuite web)
{
    private const string Period = "2025-12";

    /// <summary>Each page and the roles that may open it (null: anyone signed in).</summary>
    private static readonly Dictionary<string, string[]?> Pages = new()
    {
        ["/app"] = null,
        ["/app/figures"] = ["analyst"],
        ["/app/papers/" + Period] = ["analyst"],
        [$"/app/papers/{Period}/objectives/emergency-response"] = ["analyst"],
        [$"/app/papers/{Period}/cover"] = ["analyst"],
        ["/app/your-actions"] = ["analyst"],
        ["/app/approvals"] = ["dcc"],
        [$"/app/approvals/reducing-harm/{Period}"] = ["dcc"],
        ["/app/meetings"] = ["opccn"],
        [$"/app/meetings/{Suite.April}"] = ["opccn"],
        [$"/app/meetings/{Suite.April}/agenda"] = ["opccn"],
        [$"/app/meetings/{Suite.April}/minutes"] = ["opccn"],
        ["/app/actions"] = ["opccn"],
        ["/app/actions/16"] = ["opccn"],
        ["/app/audit"] = ["opccn"],
        ["/app/notifications"] = null,
    };

    private static readonly Dictionary<string, string?> Users = new()
    {
        ["public"] = null,
        ["analyst"] = "analyst-reducing-harm",
        ["dcc"] = "dcc",
        ["opccn"] = "opccn",
    };

    public static TheoryData<string> Roles() => [.. Users.Keys];

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Each_page_opens_exactly_for_the_roles_it_serves_and_passes_axe(string role)
    {
        var page = await web.PageAsync(Users[role]);
        var wrong = new List<string>();
        foreach (var (path, roles) in Pages)
        {
            var answer = await page.APIRequest.GetAsync(path, new() { MaxRedirects = 0 });
            var location = answer.Headers.GetValueOrDefault("location", "");
            var outcome = answer.Status == 200 ? "allowed"
                : answer.Status == 302 && location.Contains("/app/signin") ? "sign in"
                : answer.Status == 302 && location.Contains("/app/denied") ? "denied"
                : $"{answer.Status} {location}";
            var expected = role == "public" ? "sign in" : roles is null || roles.Contains(role) ? "allowed" : "denied";
            if (outcome != expected) wrong.Add($"{path}: {outcome}, expected {expected}");
            if (outcome == "allowed")
            {
                await page.GotoAsync(path);
                await WebSuite.AssertAccessibleAsync(page);
            }
        }
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Refused_pages_say_why_and_the_public_pages_pass_axe()
    {
        var analyst = await web.PageAsync("analyst-reducing-harm");
        await analyst.GotoAsync("/app/meetings");
        Assert.Contains("/app/denied", analyst.Url);
        Assert.Contains("may not", await analyst.Locator("main").InnerTextAsync());
        await WebSuite.AssertAccessibleAsync(analyst);

        var reader = await web.PageAsync();
        foreach (var path in new[] { "/", "/packs", $"/packs/{Suite.April}", $"/packs/{Suite.April}.html", "/app/signin" })
        {
            await reader.GotoAsync(path);
            await WebSuite.AssertAccessibleAsync(reader);
        }
    }

    [Fact]
    public async Task A_command_area_never_sees_another_priority_s_draft()
    {
        await web.Suite.Accountability.CreateAccountability().ScheduleMeetingAsync(new Plan.Accountability.V1.Meeting
        {
            Id = "pam-2031-01-15", Title = "PCC Accountability Meeting", Date = "2031-01-15", PeriodEnd = "2030-12",
        });
        var analyst = await web.PageAsync("analyst-preventing-crime");
        var draft = await analyst.APIRequest.GetAsync("/packs/pam-2031-01-15.json");
        Assert.Equal(403, draft.Status);
        Assert.Contains("for the Deputy Chief Constable and the OPCCN", await draft.TextAsync());
        await analyst.GotoAsync("/app/papers/" + Period);
        Assert.Equal("The Preventing Crime paper", await analyst.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());

        // Its own token asked for Reducing Harm's paper through the gateway is refused by the Reducing Harm service.
        var client = web.Suite.ReducingHarm.CreateClient(await TestAuth.ClientTokenAsync("analyst-preventing-crime", TestAuth.DemoPassword));
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => client.GetPaperAsync(new Plan.Pillar.V1.GetPaperRequest { PeriodEnd = Period }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, refused.StatusCode);
    }

    [Fact]
    public async Task A_change_the_service_refuses_is_shown_with_its_reason_and_writes_nothing()
    {
        var analyst = await web.PageAsync("analyst-reducing-harm");
        var before = await web.Suite.ReducingHarm.CreateClient().GetPaperAsync(new Plan.Pillar.V1.GetPaperRequest { PeriodEnd = Period });
        await analyst.GotoAsync($"/app/papers/{Period}/cover");
        await analyst.GetByLabel("Summary").FillAsync("A new summary");
        await analyst.GetByLabel("Why it changed").FillAsync("Trying to change a published paper");
        await analyst.GetByRole(AriaRole.Button, new() { Name = "Save the cover" }).ClickAsync();
        var refusal = await WebSuite.OutcomeAsync(analyst);
        Assert.Contains("The cover was not saved", refusal);
        Assert.Contains("the 2025-12 paper is locked: the meeting's pack was published", refusal);
        await WebSuite.AssertAccessibleAsync(analyst);
        var after = await web.Suite.ReducingHarm.CreateClient().GetPaperAsync(new Plan.Pillar.V1.GetPaperRequest { PeriodEnd = Period });
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_and_writes_nothing()
    {
        var opccn = await web.PageAsync("opccn");
        var meetings = (await web.Suite.Accountability.CreateAccountability().ListMeetingsAsync(new())).Meetings.Count;
        var forged = await opccn.APIRequest.PostAsync("/app/meetings", new()
        {
            Form = opccn.APIRequest.CreateFormData().Set("Form.Id", "pam-2030-01-01").Set("Form.Title", "Forged").Set("Form.Date", "2030-01-01").Set("Form.PeriodEnd", "2029-12"),
        });
        Assert.Equal(400, forged.Status);
        Assert.Equal(meetings, (await web.Suite.Accountability.CreateAccountability().ListMeetingsAsync(new())).Meetings.Count);

        var analyst = await web.PageAsync("analyst-reducing-harm");
        var signOut = await analyst.APIRequest.PostAsync("/app/signout", new() { MaxRedirects = 0 });
        Assert.Equal(400, signOut.Status);
    }

    [Fact]
    public async Task An_upload_over_the_size_limit_is_refused_with_its_size()
    {
        var analyst = await web.PageAsync("analyst-reducing-harm");
        await analyst.GotoAsync("/app/figures");
        var file = Path.Combine(Path.GetTempPath(), $"figures-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "indicator,from,to,value\n" + new string('#', 11 * 1024 * 1024));
        await analyst.GetByLabel("File of figures").SetInputFilesAsync(file);
        await analyst.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        Assert.Contains("the limit is 10 MB", await WebSuite.OutcomeAsync(analyst));
        File.Delete(file);
    }
}
