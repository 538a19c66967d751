using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Plan.Accountability.V1;
using PlanServices.Testing;

namespace PlanServices.Web.Tests;

/// <summary>
/// The public side of a meeting in Chromium, as its people meet it: a member of the public signs up for the alerts and
/// confirms from the mail, the OPCCN publishes the agenda, the alert arrives (at the sidecar's SMTP sink, a real SMTP
/// server the tests start), the reader finds the meeting, takes it into a calendar and puts a question; the OPCCN is told,
/// accepts one question and rejects another with a reason the asker is mailed; the accepted question is listed on the
/// meeting's page and starts the minutes; the reader leaves the alerts in one click. Each public page is checked with
/// axe at 320 px and at desktop width.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class PublicSideTests(WebSuite web)
{
    private const string MeetingId = "pam-2036-02-13";
    private const string Reader = "reader.public-side@example.org";

    [Fact]
    public async Task A_reader_follows_a_meeting_from_its_agenda_to_an_answered_question_and_the_opccn_moderates()
    {
        await web.Suite.Accountability.CreateAccountability().ScheduleMeetingAsync(new Meeting
        {
            Id = MeetingId, Title = "PCC Accountability Meeting", Date = "2036-02-13", PeriodEnd = "2035-09", StartTime = "10:30",
            Venue = "Council Chamber, County Hall, Norwich",
        });

        // The reader asks for the alerts and confirms from the mail.
        var reader = await web.PageAsync();
        await reader.SetViewportSizeAsync(320, 700);
        await reader.GotoAsync("/");
        await reader.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Email alerts" }).ClickAsync();
        await WebSuite.AssertAccessibleAsync(reader);
        await reader.GetByLabel("Your email address").FillAsync(Reader);
        await reader.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        Assert.Contains("Please check your email", await WebSuite.OutcomeAsync(reader));
        var confirm = await MailAsync("Please confirm: alerts of the PCC Accountability Meetings");
        await reader.GotoAsync(Path(Link(confirm, "/subscriptions/confirm")));
        await WebSuite.AssertAccessibleAsync(reader);
        await reader.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        Assert.Contains("You are signed up", await WebSuite.OutcomeAsync(reader));

        // The meeting is not public until the OPCCN publishes its agenda.
        Assert.Equal(404, (await reader.GotoAsync($"/meetings/{MeetingId}"))!.Status);

        var opccn = await web.PageAsync("opccn");
        await opccn.GotoAsync($"/app/meetings/{MeetingId}/agenda");
        await opccn.GetByLabel("How to attend or watch").FillAsync("The meeting is open to the public: please arrive ten minutes early.\n\nIt is also broadcast live.");
        await opccn.GetByLabel("Where it is broadcast").FillAsync("https://www.youtube.com/@norfolkpcc");
        await opccn.GetByLabel("Last day for public questions").FillAsync("2036-02-06");
        await opccn.GetByRole(AriaRole.Button, new() { Name = "Publish the agenda" }).ClickAsync();
        Assert.Contains("The agenda is published", await WebSuite.OutcomeAsync(opccn));
        await WebSuite.AssertAccessibleAsync(opccn);

        // The alert leads the reader to the meeting: when and where, how to watch, the agenda, a calendar entry.
        var alert = await MailAsync("Agenda published: PCC Accountability Meeting on Wednesday 13 February 2036");
        Assert.Contains("It is on Wednesday 13 February 2036 at 10:30, at Council Chamber, County Hall, Norwich.", Body(alert));
        await reader.GotoAsync(Path(Link(alert, $"/meetings/{MeetingId}")));
        Assert.Equal("PCC Accountability Meeting, 13 February 2036", await reader.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        var main = reader.GetByRole(AriaRole.Main);
        Assert.Contains("Venue: Council Chamber, County Hall, Norwich", await main.InnerTextAsync());
        Assert.Contains("It is also broadcast live.", await main.InnerTextAsync());
        Assert.Equal("https://www.youtube.com/@norfolkpcc", await main.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Watch the meeting") }).GetAttributeAsync("href"));
        Assert.Contains("Priority 3 – Reducing Harm", await main.GetByRole(AriaRole.Table).InnerTextAsync());
        await AssertReflowsAsync(reader);
        var calendarLink = await main.GetByRole(AriaRole.Link, new() { Name = "Add this meeting to your calendar" }).GetAttributeAsync("href");
        var calendar = Ical.Net.Calendar.Load(await (await reader.APIRequest.GetAsync(calendarLink!)).TextAsync())!;
        var entry = Assert.Single(calendar.Events);
        Assert.Equal(("Council Chamber, County Hall, Norwich", "10:30", "Europe/London"), (entry.Location, entry.Start!.Value.ToString("HH:mm"), entry.Start.TzId));
        await reader.GotoAsync("/meetings");
        await reader.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("13 February 2036") }).ClickAsync();

        // Two questions: one refused as it stands (an address that is not one), then both sent.
        await AskAsync(reader, "Ann Reader", "not an address", "How long does a 101 call wait to be answered in February?");
        Assert.Contains("email: 'not an address' is not an email address", await WebSuite.OutcomeAsync(reader));
        Assert.Equal("How long does a 101 call wait to be answered in February?", await reader.GetByLabel("Your question").InputValueAsync());
        await WebSuite.AssertAccessibleAsync(reader);
        await AskAsync(reader, "Ann Reader", Reader, "How long does a 101 call wait to be answered in February?");
        Assert.Contains("your question has reached", await WebSuite.OutcomeAsync(reader));
        await AskAsync(reader, "Ann Reader", Reader, "Will the Chief Constable comment on the trial at Norwich Crown Court?");
        await MailAsync("We have your question: PCC Accountability Meeting on Wednesday 13 February 2036", count: 2);

        // The OPCCN is told, accepts the first and rejects the second with a reason the asker gets.
        await opccn.GotoAsync("/app");
        var todo = opccn.GetByRole(AriaRole.Main).GetByRole(AriaRole.Listitem).Filter(new() { HasText = "13 February 2036: 2 public questions wait for your decision" });
        await todo.GetByRole(AriaRole.Link, new() { Name = "Decide on the questions" }).ClickAsync();
        await opccn.WaitForURLAsync($"**/app/meetings/{MeetingId}/questions");
        await WebSuite.AssertAccessibleAsync(opccn);
        var second = opccn.GetByRole(AriaRole.Region).Filter(new() { HasText = "Crown Court" });
        await second.GetByLabel(new Regex("^Reason for rejecting")).FillAsync("It concerns a case before the courts, on which the Chief Constable cannot comment.");
        await second.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Reject") }).ClickAsync();
        Assert.Contains("rejected", await WebSuite.OutcomeAsync(opccn));
        await opccn.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Accept") }).ClickAsync();
        Assert.Contains("accepted", await WebSuite.OutcomeAsync(opccn));
        var rejected = await MailAsync("Your question was not accepted: PCC Accountability Meeting on Wednesday 13 February 2036");
        Assert.Contains("It concerns a case before the courts", Body(rejected));

        await reader.GotoAsync($"/meetings/{MeetingId}");
        var questions = await reader.GetByRole(AriaRole.Main).InnerTextAsync();
        Assert.Contains("How long does a 101 call wait to be answered in February?", questions);
        Assert.DoesNotContain("Crown Court", questions);
        Assert.DoesNotContain(Reader, await reader.ContentAsync());
        await opccn.GotoAsync($"/app/meetings/{MeetingId}/minutes");
        Assert.Contains("Ann Reader asked: How long does a 101 call wait to be answered in February?", await opccn.GetByLabel("Public questions").InputValueAsync());

        // One click in the mail program leaves the alerts (RFC 8058); the link in the mail shows a button.
        var unsubscribe = Link(alert, "/subscriptions/unsubscribe");
        await reader.GotoAsync(Path(unsubscribe));
        await Assertions.Expect(reader.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" })).ToBeVisibleAsync();
        var oneClick = await reader.APIRequest.PostAsync(Path(unsubscribe), new()
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" }, Data = "List-Unsubscribe=One-Click",
        });
        Assert.Equal(200, oneClick.Status);
        Assert.Contains("You are unsubscribed", await oneClick.TextAsync());
    }

    [Fact]
    public async Task A_reader_finds_a_past_answer_by_search_and_follows_it_to_its_place_in_the_pack()
    {
        var reader = await web.PageAsync();
        await reader.SetViewportSizeAsync(320, 700);
        await reader.GotoAsync("/");
        await reader.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Search" }).ClickAsync();
        await reader.GetByRole(AriaRole.Searchbox).FillAsync("garage: a civil matter?");
        await reader.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        Assert.Equal("1 passage found for “garage: a civil matter?”", await reader.GetByRole(AriaRole.Heading, new() { Level = 2 }).InnerTextAsync());
        var result = reader.GetByRole(AriaRole.Main).GetByRole(AriaRole.Listitem);
        Assert.Contains("Minutes · PCC Accountability Meeting, 21 April 2026", await result.InnerTextAsync());
        var marked = await result.Locator("mark").AllInnerTextsAsync();
        Assert.Contains("civil", marked);
        Assert.Contains("matter", marked);
        await AssertReflowsAsync(reader);
        await result.GetByRole(AriaRole.Link, new() { Name = "Public question" }).ClickAsync();
        await reader.WaitForURLAsync($"**/packs/{Suite.April}/v1.html#minutes");

        await reader.GotoAsync("/search?q=Foxtail+continued");
        Assert.Contains("Will Operation Foxtail continue?", await reader.GetByRole(AriaRole.Main).InnerTextAsync());
        await reader.GotoAsync("/search?q=" + Uri.EscapeDataString("\"(*"));
        Assert.Equal("Nothing found for “\"(*”", await reader.GetByRole(AriaRole.Heading, new() { Level = 2 }).InnerTextAsync());
        await WebSuite.AssertAccessibleAsync(reader);
    }

    private static async Task AskAsync(IPage page, string name, string email, string question)
    {
        await page.GetByLabel("Your name").FillAsync(name);
        await page.GetByLabel("Your email address").FillAsync(email);
        await page.GetByLabel("Your question").FillAsync(question);
        // The browser's own check of the address is not what is tested here: the service's rule is.
        await page.Locator("form[action$='/questions']").EvaluateAsync("f => f.noValidate = true");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send your question" }).ClickAsync();
    }

    /// <summary>Nothing wider than a phone's screen, and no WCAG A/AA violation at 320 px or at desktop width.</summary>
    private static async Task AssertReflowsAsync(IPage page)
    {
        await page.SetViewportSizeAsync(320, 700);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 320"), $"{page.Url} is wider than 320 px");
        await WebSuite.AssertAccessibleAsync(page);
        await page.SetViewportSizeAsync(1280, 900);
        await WebSuite.AssertAccessibleAsync(page);
        await page.SetViewportSizeAsync(320, 700);
    }

    /// <summary>The newest mail to the reader with <paramref name="subject"/>, once <paramref name="count"/> have arrived.</summary>
    private async Task<JsonElement> MailAsync(string subject, int count = 1)
    {
        List<JsonElement> found = [];
        await web.Suite.Events.WaitUntilAsync(async () =>
        {
            found = [.. (await web.Suite.Events.MailAsync()).Where(m => m.GetProperty("subject").GetString() == subject
                && m.GetProperty("to").EnumerateArray().Any(t => t.GetString()!.Contains(Reader, StringComparison.OrdinalIgnoreCase)))];
            return found.Count >= count;
        }, $"{count} mail '{subject}' to {Reader}");
        return found[0];
    }

    private static string Body(JsonElement mail) => mail.GetProperty("body").GetString()!;

    /// <summary>The address in the mail that goes to <paramref name="path"/>.</summary>
    private static string Link(JsonElement mail, string path) =>
        Regex.Match(Body(mail), $@"https?://\S+{Regex.Escape(path)}\S*").Value is { Length: > 0 } link ? link : throw new Xunit.Sdk.XunitException($"no link to {path} in: {Body(mail)}");

    /// <summary>The mails' links name the configured public address; the test's gateway is elsewhere.</summary>
    private static string Path(string link) => new Uri(link).PathAndQuery;
}
