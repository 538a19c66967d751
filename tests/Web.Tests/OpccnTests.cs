using Microsoft.Playwright;
using Plan.Accountability.V1;
using Plan.Pillar.V1;
using PlanServices.Testing;

namespace PlanServices.Web.Tests;

/// <summary>The OPCCN's pages where a newcomer was lost: a refused action update, a refused line of the minutes, and corrections of a published pack.</summary>
[Collection(WebCollection.Name)]
public sealed class OpccnTests(WebSuite web)
{
    private AccountabilityService.AccountabilityServiceClient Accountability => web.Suite.Accountability.CreateAccountability();

    [Fact]
    public async Task A_refused_update_shows_the_refusal_and_the_action_with_its_whole_history()
    {
        await Accountability.RaiseActionAsync(new RaiseActionRequest { Number = 87, MeetingId = Suite.April, Owner = "reducing-harm", Description = "Report the 999 abandonment rate." });
        await Accountability.UpdateActionAsync(new UpdateActionRequest { Number = 87, Text = "The rate will be reported from July." });
        var opccn = await web.PageAsync("opccn");
        await opccn.GotoAsync("/app/actions/87");

        // Someone else closes it while the page is open.
        await Accountability.UpdateActionAsync(new UpdateActionRequest { Number = 87, Text = "Reported in the July paper.", Status = ActionStatus.Closed });
        await opccn.GetByLabel("Update or decision").FillAsync("Still waiting for the rate.");
        await opccn.GetByRole(AriaRole.Button, new() { Name = "Record the update" }).ClickAsync();

        var refusal = opccn.GetByRole(AriaRole.Alert);
        await Assertions.Expect(refusal).ToContainTextAsync("The update was not recorded");
        await Assertions.Expect(refusal).ToContainTextAsync("action 87 is Closed and takes no more updates");
        Assert.Equal("Action 87", await opccn.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        await Assertions.Expect(opccn.GetByRole(AriaRole.Main)).ToContainTextAsync("Report the 999 abandonment rate.");
        var history = opccn.GetByRole(AriaRole.Table, new() { Name = "History, oldest first" }).Locator("tbody tr");
        await Assertions.Expect(history).ToHaveCountAsync(3);
        Assert.Equal(["New Action.", "The rate will be reported from July.", "Reported in the July paper."],
            (await history.AllAsync()).Select(r => r.Locator("td").Nth(2)).Select(c => c.InnerTextAsync().Result).ToList());
        await WebSuite.AssertAccessibleAsync(opccn);
    }

    [Fact]
    public async Task A_refused_line_of_the_minutes_is_named_by_its_field_and_the_line_typed()
    {
        const string meeting = "pam-2034-01-18";
        await Accountability.ScheduleMeetingAsync(new Meeting { Id = meeting, Title = "PCC Accountability Meeting", Date = "2034-01-18", PeriodEnd = "2033-12" });
        var opccn = await web.PageAsync("opccn");
        await opccn.GotoAsync($"/app/meetings/{meeting}/minutes");
        await opccn.GetByLabel("Venue, as minuted").FillAsync("Conference Room, OPCCN, Wymondham");
        await opccn.GetByLabel("Attendance").FillAsync("Sarah Taylor; Police and Crime Commissioner; OPCCN\n\nPaul Sanford; ; Norfolk Constabulary");
        var harm = opccn.GetByRole(AriaRole.Group, new() { Name = "Priority: Reducing Harm" });
        await harm.GetByLabel("The paper's theme").FillAsync("999 demand");
        await harm.GetByLabel("Questions and answers").FillAsync("Q: Why did calls rise?\nA: Summer demand.\n\nQ: And in winter?");
        await opccn.GetByRole(AriaRole.Button, new() { Name = "Save the minutes" }).ClickAsync();

        var refusal = await opccn.GetByRole(AriaRole.Alert).InnerTextAsync();
        Assert.Contains("Attendance, line 3: role required", refusal);
        Assert.Contains("Priority: Reducing Harm, questions and answers, line 4: answer required", refusal);
        Assert.DoesNotContain("attendance[", refusal);
        Assert.DoesNotContain("priorities[", refusal);
        await WebSuite.AssertAccessibleAsync(opccn);
        var none = await Assert.ThrowsAsync<RpcException>(() => Accountability.GetMinutesAsync(new GetMinutesRequest { MeetingId = meeting }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, none.StatusCode);

        // What the person typed is kept: they correct the two lines and save.
        await opccn.GetByLabel("Attendance").FillAsync("Sarah Taylor; Police and Crime Commissioner; OPCCN\n\nPaul Sanford; Chief Constable; Norfolk Constabulary");
        await harm.GetByLabel("Questions and answers").FillAsync("Q: Why did calls rise?\nA: Summer demand.\n\nQ: And in winter?\nA: Lower.");
        await opccn.GetByRole(AriaRole.Button, new() { Name = "Save the minutes" }).ClickAsync();
        Assert.Contains("The minutes are saved", await WebSuite.OutcomeAsync(opccn));
        Assert.Equal("Chief Constable", (await Accountability.GetMinutesAsync(new GetMinutesRequest { MeetingId = meeting })).Attendance[1].Role);
    }

    [Fact]
    public async Task An_action_updated_for_a_later_meeting_is_no_correction_of_a_published_pack_and_a_real_change_is_proposed_in_plain_words()
    {
        // Meeting A raises Action 85 and gives it an update; meeting B's pack confirms A's minutes and prints the log.
        const string a = "pam-2035-01-17", b = "pam-2035-04-18", c = "pam-2035-07-18";
        await Accountability.ScheduleMeetingAsync(new Meeting { Id = a, Title = "PCC Accountability Meeting", Date = "2035-01-17", PeriodEnd = "2034-09" });
        await Accountability.ScheduleMeetingAsync(new Meeting { Id = c, Title = "PCC Accountability Meeting", Date = "2035-07-18", PeriodEnd = "2035-03" });
        await Accountability.SaveMinutesAsync(new Minutes
        {
            MeetingId = a, Venue = "Conference Room, OPCCN, Wymondham",
            Attendance = { new Person { Name = "Sarah Taylor", Role = "Police and Crime Commissioner", Organisation = "OPCCN" } },
        });
        await Accountability.RaiseActionAsync(new RaiseActionRequest { Number = 85, MeetingId = a, Owner = "reducing-harm", Description = "Explain the rise in 999 calls." });
        await Accountability.UpdateActionAsync(new UpdateActionRequest { Number = 85, MeetingId = a, Text = "The CC will bring the call data to the next meeting." });
        await web.PublishAsync(new Meeting
        {
            Id = b, Title = "PCC Accountability Meeting", Date = "2035-04-18", PeriodEnd = "2025-06",
            Agenda = { new AgendaItem { Number = 1, Title = "To confirm the minutes and actions of the previous meeting", Kind = AgendaItemKind.Paper, MinutesOf = a } },
        });
        var reader = await web.PageAsync();
        await reader.GotoAsync($"/packs/{b}.html");
        var action = reader.GetByRole(AriaRole.Table, new() { Name = "Action log" }).GetByRole(AriaRole.Row, new() { NameRegex = new("^Action 85 ") });
        await Assertions.Expect(action).ToContainTextAsync("The CC will bring the call data to the next meeting. Action Live.");

        // Later: the action is closed for meeting C, answered between meetings, and another action is raised at A.
        await Accountability.UpdateActionAsync(new UpdateActionRequest { Number = 85, Text = "The call data is in the July paper." });
        await Accountability.UpdateActionAsync(new UpdateActionRequest { Number = 85, MeetingId = c, Text = "Discussed; the action is complete.", Status = ActionStatus.Closed });
        await Accountability.RaiseActionAsync(new RaiseActionRequest { Number = 86, MeetingId = a, Owner = "opccn", Description = "Recorded late." });
        var opccn = await web.PageAsync("opccn");
        await opccn.GotoAsync($"/app/meetings/{b}");
        var main = opccn.GetByRole(AriaRole.Main);
        await Assertions.Expect(main).ToContainTextAsync("Nothing: the data and papers are as published.");
        await Assertions.Expect(main).Not.ToContainTextAsync("Action 8");

        // A correction to one of the pack's papers is a real change, proposed as a reader would say it.
        var client = web.Suite.ReducingHarm.CreateClient();
        var paper = await client.GetPaperAsync(new GetPaperRequest { PeriodEnd = "2025-06" });
        await client.CorrectPaperAsync(new CorrectPaperRequest { PeriodEnd = "2025-06", BaseVersion = paper.Version, Note = "The name of the control room was misspelt." });
        await opccn.ReloadAsync();
        var changes = await opccn.GetByRole(AriaRole.Heading, new() { Name = "What a correction would change" }).Locator("xpath=following-sibling::ul[1]/li").AllInnerTextsAsync();
        Assert.Equal(["Reducing Harm: correction to the paper: The name of the control room was misspelt."], changes);
        await WebSuite.AssertAccessibleAsync(opccn);
    }
}
