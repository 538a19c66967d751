using System.Net.Http.Json;
using Microsoft.Playwright;
using PlanServices.Testing;

namespace PlanServices.Web.Tests;

/// <summary>A person's choice of emails in the application, and the mail the one-command run's sink received, in Chromium with axe.</summary>
[Collection(WebCollection.Name)]
public sealed class NotificationPagesTests(WebSuite web)
{
    private const string Returned = "Your priority's paper is returned to draft, with the reason";

    [Fact]
    public async Task A_signed_in_person_sees_where_their_mail_goes_and_switches_a_kind_off_and_on()
    {
        var page = await web.PageAsync("analyst-reducing-harm");
        await page.GetByRole(AriaRole.Link, new() { Name = "Email notifications" }).ClickAsync();
        Assert.Contains("Emails go to Analyst, Reducing Harm at analyst-reducing-harm@example.org", await page.Locator("main").InnerTextAsync());
        var boxes = page.GetByRole(AriaRole.Group, new() { Name = "Email me when" }).GetByRole(AriaRole.Checkbox);
        Assert.Equal(8, await boxes.CountAsync());
        Assert.True(await page.GetByLabel(Returned).IsCheckedAsync());
        await WebSuite.AssertAccessibleAsync(page);

        await page.GetByLabel(Returned).UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save your choices" }).ClickAsync();
        Assert.Equal("Your choices are saved.", await WebSuite.OutcomeAsync(page));
        await page.GotoAsync("/app/notifications");
        Assert.False(await page.GetByLabel(Returned).IsCheckedAsync());
        Assert.True(await page.GetByLabel("A meeting's pack is published").IsCheckedAsync());
        var stored = await web.Suite.Accountability.CreateAccountability(
            await TestAuth.ClientTokenAsync("analyst-reducing-harm", TestAuth.DemoPassword))
            .GetNotificationChoicesAsync(new Plan.Accountability.V1.GetNotificationChoicesRequest());
        Assert.False(stored.Choices.Single(c => c.Kind == "paper-returned").On);

        await page.GetByLabel(Returned).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save your choices" }).ClickAsync();
        Assert.Equal("Your choices are saved.", await WebSuite.OutcomeAsync(page));
        Assert.True(await page.GetByLabel(Returned).IsCheckedAsync());

        var dcc = await web.PageAsync("dcc");
        await dcc.GotoAsync("/app/notifications");
        Assert.Equal(["A paper is submitted for your approval", "Figures of an approved paper are revised: it waits to be approved again (for a command area: its own)", "A meeting's pack is published", "A published pack is corrected, with the correction note"],
            await dcc.Locator("fieldset label").AllInnerTextsAsync());
        await WebSuite.AssertAccessibleAsync(dcc);
    }

    [Fact]
    public async Task The_mail_the_suite_sent_is_listed_on_the_dev_sidecars_mail_page()
    {
        const string subject = "The pack of the PCC Accountability Meeting on Tuesday 21 April 2026 is published";
        await web.Suite.Events.WaitUntilAsync(async () => (await web.Suite.Events.MailAsync()).Count(m => m.GetProperty("subject").GetString() == subject) == 5,
            "the April pack's publication mailed to the five demo users");
        var page = await web.PageAsync();
        await page.GotoAsync(new Uri(web.Suite.Events.SidecarAddress, "/dev/mail").ToString());
        Assert.Equal("Mail sent by the suite", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        var mail = page.GetByRole(AriaRole.Article).Filter(new() { HasText = "analyst-reducing-harm@example.org" }).Filter(new() { HasText = subject });
        Assert.Contains("Dear Analyst, Reducing Harm,", await mail.InnerTextAsync());
        Assert.Equal($"http://localhost:5100/packs/{Suite.April}", await mail.GetByRole(AriaRole.Link).First.GetAttributeAsync("href"));
        await WebSuite.AssertAccessibleAsync(page);
    }
}
