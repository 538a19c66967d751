using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Plan.Accountability.V1;
using Plan.Pillar.V1;
using PlanServices.Accountability.Data;
using PlanServices.Accountability.Notifications;
using PlanServices.Contracts.Events;
using PlanServices.DevSidecar;
using PlanServices.ServiceDefaults;
using PlanServices.Testing;

namespace PlanServices.Functional.Tests;

/// <summary>
/// Email notifications end to end: the real services and the dev sidecar, papers changed through the pillar service,
/// and the mail delivered by Accountability's sender to a real SMTP server the test runs, where it is read.
/// </summary>
public sealed class NotificationTests : IAsyncLifetime
{
    private const string Link = "https://planservices.example.org";
    private const string HarmAnalyst = "harm.analyst@example.org", HarmLead = "harm.lead@example.org", CrimeAnalyst = "crime.analyst@example.org",
        Dcc = "dcc@example.org", Scrutiny = "scrutiny@example.org";

    private readonly TestSmtpServer _smtp = new();
    private readonly TestClock _clock = new();
    private EventSuite _suite = null!;

    /// <summary>A meeting 60 days from now, its papers covering the quarter ending two months before it.</summary>
    private static readonly DateOnly MeetingDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60);
    private static readonly string MeetingId = $"pam-{MeetingDate:yyyy-MM-dd}";
    private static readonly string Period = Month.Of(MeetingDate).Plus(-2).ToString();
    private static readonly DateOnly Deadline = MeetingDate.AddDays(-14);

    /// <summary>The people the suite knows: two in Reducing Harm's command area (one wants no returned papers), one in Preventing Crime's, the DCC and the OPCCN.</summary>
    private Dictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>
        {
            ["Smtp:Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Notifications:DemoPeople"] = "false",
            ["Notifications:PublicBaseUrl"] = Link,
            ["Notifications:ScanInterval"] = "01:00:00",
        };
        (string Name, string Email, string Role, string Pillar, string Off)[] people =
        [
            ("Harm Analyst", HarmAnalyst, Roles.CommandArea, "reducing-harm", ""),
            ("Harm Lead", HarmLead, Roles.CommandArea, "reducing-harm", NotificationKinds.PaperReturned),
            ("Crime Analyst", CrimeAnalyst, Roles.CommandArea, "preventing-crime", NotificationKinds.PackCorrected),
            ("Deputy Chief Constable", Dcc, Roles.Originator, "", ""),
            ("OPCCN Scrutiny", Scrutiny, Roles.Opccn, "", ""),
        ];
        for (var i = 0; i < people.Length; i++)
        {
            var (name, email, role, pillar, off) = people[i];
            settings[$"Notifications:People:{i}:Name"] = name;
            settings[$"Notifications:People:{i}:Email"] = email;
            settings[$"Notifications:People:{i}:Roles:0"] = role;
            if (pillar.Length > 0) settings[$"Notifications:People:{i}:Pillar"] = pillar;
            if (off.Length > 0) settings[$"Notifications:People:{i}:Off:0"] = off;
        }
        return settings;
    }

    public async Task InitializeAsync() => _suite = await EventSuite.StartAsync(accountability: Settings(), clock: _clock);

    public async Task DisposeAsync()
    {
        await _suite.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private AccountabilityService.AccountabilityServiceClient Accountability => _suite.Accountability.CreateAccountability();

    private static readonly string HarmToken = TestAuth.Token([Roles.CommandArea], ["reducing-harm"], "Harm Analyst");
    private static readonly string DccToken = TestAuth.Token([Roles.Originator], [], "Deputy Chief Constable");

    /// <summary>Schedules the coming meeting and waits for Reducing Harm's draft paper, then completes it as sign-off requires.</summary>
    private async Task<Plan.Pillar.V1.Paper> CompleteHarmPaperAsync()
    {
        await Accountability.ScheduleMeetingAsync(new Meeting { Id = MeetingId, Title = "PCC Accountability Meeting", Date = $"{MeetingDate:yyyy-MM-dd}", StartTime = "14:00", PeriodEnd = Period });
        var harm = _suite.ReducingHarm.CreateClient(HarmToken);
        await _suite.WaitUntilAsync(async () => (await harm.GetPaperAsync(new GetPaperRequest { PeriodEnd = Period })).MeetingId == MeetingId, "Reducing Harm's draft paper");
        var paper = await harm.GetPaperAsync(new GetPaperRequest { PeriodEnd = Period });
        var catalogue = await harm.GetCatalogueAsync(new GetCatalogueRequest());
        var tables = await harm.GetTablesAsync(new GetTablesRequest { PeriodEnd = Period });
        var edit = new EditPaperRequest { PeriodEnd = Period, BaseVersion = paper.Version, Reason = "Quarter update", ReplaceNarratives = true, ReplaceTableNotes = true };
        edit.Narratives.AddRange(catalogue.Objectives.Select(o => new ObjectiveNarrative { Objective = o.Id, Markdown = "- An update." }));
        edit.TableNotes.AddRange(tables.Tables.Where(t => t.Rows.All(r => r.Cells.All(c => !c.HasValue))).Select(t => new TableNote { Table = t.Id, Note = "Not yet extracted." }));
        return await harm.EditPaperAsync(edit);
    }

    private Task<Plan.Pillar.V1.Paper> ChangeAsync(string token, PaperAction action, int version, string reason = "") =>
        _suite.ReducingHarm.CreateClient(token).ChangePaperStatusAsync(new ChangePaperStatusRequest { PeriodEnd = Period, BaseVersion = version, Action = action, Reason = reason }).ResponseAsync;

    /// <summary>Waits until every mail recorded is settled (sent or refused), so that what did not arrive never will.</summary>
    private Task AllSettledAsync() => _suite.WaitUntilAsync(() => _suite.Accountability.WithDbAsync<AccountabilityDb, bool>(db =>
        db.Notifications.AllAsync(n => n.SentAt != null || n.RefusedAt != null)), "every mail recorded to be sent");

    private async Task ScanAsync() =>
        await _suite.Accountability.Services.GetServices<IHostedService>().OfType<DeadlineWatch>().Single().ScanAsync(CancellationToken.None);

    private static string Body(ReceivedMail mail) => (mail.Message.TextBody ?? "").ReplaceLineEndings("\n");

    [Fact]
    public async Task Submitting_returning_and_approving_a_paper_mail_each_role_what_happened_the_reason_and_where_to_act()
    {
        await _smtp.StartAsync();
        var paper = await CompleteHarmPaperAsync();
        // Harm Analyst turns approvals off in the web application (the service's own call, with their token).
        await _suite.Accountability.CreateAccountability(HarmToken).SetNotificationChoicesAsync(new SetNotificationChoicesRequest
        {
            Choices = { new Plan.Accountability.V1.NotificationChoice { Kind = "paper-approved", On = false } },
        });

        paper = await ChangeAsync(HarmToken, PaperAction.Submit, paper.Version);
        await _smtp.WaitForAsync(m => m.Any(x => x.Recipients.Contains(Dcc)), "the DCC's mail");
        var submitted = Assert.Single(_smtp.To(Dcc));
        Assert.Equal("Reducing Harm paper submitted for your approval", submitted.Message.Subject);
        Assert.Equal(("Deputy Chief Constable", Dcc), (submitted.Message.To.Mailboxes.Single().Name, submitted.Message.To.Mailboxes.Single().Address));
        Assert.Equal("planservices@example.org", submitted.Message.From.Mailboxes.Single().Address);
        Assert.Contains($"Harm Analyst submitted the Reducing Harm paper (version {paper.Version}) for your approval.", Body(submitted));
        Assert.Contains($"Meeting: PCC Accountability Meeting, {MailText.Day(MeetingDate)}", Body(submitted));
        Assert.Contains($"Papers due by: {MailText.Day(Deadline)}", Body(submitted));
        Assert.Contains($"Approve it, or return it with a reason, here:\n{Link}/app/approvals/reducing-harm/{Period}", Body(submitted));
        Assert.Equal($"paper-submitted.reducing-harm.{Period}.v{paper.Version}.dcc=example.org@planservices", submitted.Message.MessageId);
        Assert.Equal("auto-generated", submitted.Message.Headers["Auto-Submitted"]);

        paper = await ChangeAsync(DccToken, PaperAction.Return, paper.Version, "Table 8 needs the mean answer time weighted by calls.");
        await _smtp.WaitForAsync(m => m.Any(x => x.Recipients.Contains(HarmAnalyst)), "the returned paper's mail");
        var returned = Assert.Single(_smtp.To(HarmAnalyst));
        Assert.Equal("Reducing Harm paper returned to draft: please change it", returned.Message.Subject);
        Assert.Contains("Deputy Chief Constable returned the Reducing Harm paper to draft. The reason given:\n\n    Table 8 needs the mean answer time weighted by calls.", Body(returned));
        Assert.Contains($"Change the paper and submit it again here:\n{Link}/app/papers/{Period}", Body(returned));
        Assert.Contains($"Choose which emails you get: {Link}/app/notifications", Body(returned));

        paper = await ChangeAsync(HarmToken, PaperAction.Submit, paper.Version);
        paper = await ChangeAsync(DccToken, PaperAction.Approve, paper.Version, "Checked against the force's own figures.");
        await _smtp.WaitForAsync(m => m.Count(x => x.Message.Subject == "Reducing Harm paper approved") == 2, "the approval's two mails");
        await AllSettledAsync();

        var approved = _smtp.Received.Where(m => m.Message.Subject == "Reducing Harm paper approved").ToDictionary(m => m.Recipients.Single());
        Assert.Equal([HarmLead, Scrutiny], approved.Keys.Order());
        Assert.Contains("Deputy Chief Constable approved the Reducing Harm paper", Body(approved[HarmLead]));
        Assert.Contains("The note given:\n\n    Checked against the force's own figures.", Body(approved[HarmLead]));
        Assert.Contains($"See the paper here:\n{Link}/app/papers/{Period}", Body(approved[HarmLead]));
        Assert.Contains($"See the meeting's papers here:\n{Link}/app/meetings/{MeetingId}", Body(approved[Scrutiny]));

        // Harm Lead switched returns off in the settings, Harm Analyst approvals in the application; Preventing Crime hears nothing of Reducing Harm.
        Assert.Equal(2, _smtp.To(Dcc).Count);
        Assert.Single(_smtp.To(HarmAnalyst));
        Assert.Single(_smtp.To(HarmLead));
        Assert.Empty(_smtp.To(CrimeAnalyst));
        Assert.Equal(_smtp.Received.Count, _smtp.Received.Select(m => m.Message.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task A_redelivered_event_and_a_second_event_about_the_same_change_send_one_mail()
    {
        await _smtp.StartAsync();
        await Accountability.ScheduleMeetingAsync(new Meeting { Id = MeetingId, Title = "PCC Accountability Meeting", Date = $"{MeetingDate:yyyy-MM-dd}", PeriodEnd = Period });
        var submitted = new PaperStatusChanged("reducing-harm", Period, MeetingId, "Submitted", 7, "Harm Analyst") { Change = "Submitted" };
        for (var i = 0; i < 3; i++) Assert.Equal("SUCCESS", await EventSuite.DeliverAsync(_suite.Accountability, Topics.PaperStatusChanged, submitted));
        Assert.Equal("SUCCESS", await EventSuite.DeliverAsync(_suite.Accountability, Topics.PaperStatusChanged, submitted with { Id = Guid.NewGuid() }));
        await _smtp.WaitForAsync(m => m.Count > 0, "the DCC's mail");
        await AllSettledAsync();

        var mail = Assert.Single(_smtp.Received);
        Assert.Equal([Dcc], mail.Recipients);
        Assert.Equal($"paper-submitted.reducing-harm.{Period}.v7.dcc=example.org@planservices", mail.Message.MessageId);
    }

    [Fact]
    public async Task A_published_pack_and_its_correction_reach_everyone_who_wants_them_the_correction_with_its_note()
    {
        await _smtp.StartAsync();
        await _suite.WaitUntilAsync(async () => (await Accountability.GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = Suite.April })).Ready, "the April papers signed off");
        foreach (var (version, note) in new[] { (1, ""), (2, "Table 7's 2024 total corrected from 412 to 417.") })
        {
            var publish = new PublishPackRequest { MeetingId = Suite.April, Version = version, Note = note };
            publish.Files.AddRange(new[] { "html", "pdf", "docx", "json" }.Select(f => new Plan.Accountability.V1.PackFile
            {
                Format = f, ContentType = "application/octet-stream", Content = Google.Protobuf.ByteString.CopyFromUtf8($"the {f} of version {version}"),
            }));
            await Accountability.PublishPackAsync(publish);
        }
        await _smtp.WaitForAsync(m => m.Count == 9, "five publication mails and four correction mails");
        await AllSettledAsync();

        var published = _smtp.Received.Where(m => m.Message.Subject == "The pack of the PCC Accountability Meeting on Tuesday 21 April 2026 is published").ToList();
        Assert.Equal([CrimeAnalyst, Dcc, HarmAnalyst, HarmLead, Scrutiny], published.SelectMany(m => m.Recipients).Order());
        Assert.Contains($"Anyone can read it here:\n{Link}/packs/{Suite.April}", Body(published[0]));
        var corrected = _smtp.Received.Where(m => m.Message.Subject == "The pack of the PCC Accountability Meeting on Tuesday 21 April 2026 is corrected (version 2)").ToList();
        Assert.Equal([Dcc, HarmAnalyst, HarmLead, Scrutiny], corrected.SelectMany(m => m.Recipients).Order());
        Assert.Contains("The correction note:\n\n    Table 7's 2024 total corrected from 412 to 417.", Body(corrected[0]));
    }

    [Fact]
    public async Task A_paper_past_its_deadline_is_late_once_to_its_command_area_and_the_opccn()
    {
        await _smtp.StartAsync();
        await Accountability.ScheduleMeetingAsync(new Meeting { Id = MeetingId, Title = "PCC Accountability Meeting", Date = $"{MeetingDate:yyyy-MM-dd}", PeriodEnd = Period });
        await _suite.WaitUntilAsync(async () => (await Accountability.GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = MeetingId })).Papers.All(p => p.Status == "Draft"), "three drafts");
        await ScanAsync();
        Assert.Equal(0, await _suite.Accountability.WithDbAsync<AccountabilityDb, int>(db => db.Notifications.CountAsync()));

        _clock.MoveTo(Deadline.AddDays(1).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc));
        await ScanAsync();
        await ScanAsync();
        _clock.Advance(TimeSpan.FromDays(1));
        await ScanAsync();
        await _smtp.WaitForAsync(m => m.Count == 6, "six late-paper mails");
        await AllSettledAsync();

        var late = _smtp.Received.Select(m => (m.Recipients.Single(), m.Message.Subject)).Order().ToList();
        Assert.Equal([
            (CrimeAnalyst, "Preventing Crime paper is late"), (HarmAnalyst, "Reducing Harm paper is late"), (HarmLead, "Reducing Harm paper is late"),
            (Scrutiny, "Cohesive Communities paper is late"), (Scrutiny, "Preventing Crime paper is late"), (Scrutiny, "Reducing Harm paper is late"),
        ], late);
        var analyst = Assert.Single(_smtp.To(HarmAnalyst));
        Assert.Contains($"The Reducing Harm paper is late: papers were due by {MailText.Day(Deadline)}, and it is still a draft.", Body(analyst));
        Assert.Contains($"Finish the paper and submit it here:\n{Link}/app/papers/{Period}", Body(analyst));
        Assert.Contains($"{Link}/app/meetings/{MeetingId}", Body(_smtp.To(Scrutiny)[0]));
    }

    [Fact]
    public async Task An_action_falling_due_and_then_overdue_mails_its_owner_once_in_each_state()
    {
        await _smtp.StartAsync();
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        await Accountability.RaiseActionAsync(new RaiseActionRequest { Number = 30, MeetingId = Suite.April, Owner = "reducing-harm", Description = "Report 999 answer times weighted by calls.", Author = "OPCCN", DueDate = $"{today.AddDays(5):yyyy-MM-dd}" });
        await Accountability.RaiseActionAsync(new RaiseActionRequest { Number = 31, MeetingId = Suite.April, Owner = "opccn", Description = "Publish the survey's method.", Author = "OPCCN", DueDate = $"{today.AddDays(20):yyyy-MM-dd}" });
        await ScanAsync();
        await ScanAsync();
        await _smtp.WaitForAsync(m => m.Count == 2, "action 30 falling due, to both Reducing Harm people");
        var due = Assert.Single(_smtp.To(HarmAnalyst));
        Assert.Equal($"Action 30 is due on {MailText.Day(today.AddDays(5))}", due.Message.Subject);
        Assert.Contains("Report 999 answer times weighted by calls.", Body(due));
        Assert.Contains($"Send your update here:\n{Link}/app/your-actions", Body(due));

        _clock.Advance(TimeSpan.FromDays(6));
        await ScanAsync();
        await ScanAsync();
        await _smtp.WaitForAsync(m => m.Count == 4, "action 30 overdue, to both Reducing Harm people");
        Assert.Equal($"Action 30 is overdue (it was due on {MailText.Day(today.AddDays(5))})", _smtp.To(HarmLead)[^1].Message.Subject);

        _clock.Advance(TimeSpan.FromDays(8));
        await ScanAsync();
        await _smtp.WaitForAsync(m => m.Count == 5, "action 31 falling due, to the OPCCN");
        await AllSettledAsync();
        var opccn = Assert.Single(_smtp.To(Scrutiny));
        Assert.Contains($"{Link}/app/actions/31", Body(opccn));
        Assert.Equal(2, _smtp.To(HarmAnalyst).Count);
        Assert.Empty(_smtp.To(CrimeAnalyst));
    }

    [Fact]
    public async Task Mail_waits_while_the_smtp_server_is_down_and_across_a_crash_then_arrives_once()
    {
        await Accountability.ScheduleMeetingAsync(new Meeting { Id = MeetingId, Title = "PCC Accountability Meeting", Date = $"{MeetingDate:yyyy-MM-dd}", PeriodEnd = Period });
        var submitted = new PaperStatusChanged("reducing-harm", Period, MeetingId, "Submitted", 3, "Harm Analyst") { Change = "Submitted" };
        Assert.Equal("SUCCESS", await EventSuite.DeliverAsync(_suite.Accountability, Topics.PaperStatusChanged, submitted));
        var waiting = await _suite.Accountability.WithDbAsync<AccountabilityDb, NotificationRow>(db => db.Notifications.SingleAsync());
        Assert.Equal((Dcc, (DateTimeOffset?)null), (waiting.ToEmail, waiting.SentAt));

        await _suite.Accountability.DisposeAsync();
        await _smtp.StartAsync();
        _suite.Accountability = _suite.Start<Accountability.Host>("accountability");
        await _smtp.WaitForAsync(m => m.Count > 0, "the mail once the server is up");
        await AllSettledAsync();
        Assert.Equal([Dcc], Assert.Single(_smtp.Received).Recipients);
    }

    [Fact]
    public async Task A_recipient_the_server_refuses_for_good_is_marked_refused_and_the_others_still_arrive()
    {
        _smtp.Refused.Add(Dcc);
        await _smtp.StartAsync();
        await Accountability.ScheduleMeetingAsync(new Meeting { Id = MeetingId, Title = "PCC Accountability Meeting", Date = $"{MeetingDate:yyyy-MM-dd}", PeriodEnd = Period });
        var approved = new PaperStatusChanged("reducing-harm", Period, MeetingId, "Approved", 4, "Deputy Chief Constable") { Change = "Approved" };
        var submitted = new PaperStatusChanged("reducing-harm", Period, MeetingId, "Submitted", 3, "Harm Analyst") { Change = "Submitted" };
        Assert.Equal("SUCCESS", await EventSuite.DeliverAsync(_suite.Accountability, Topics.PaperStatusChanged, submitted));
        Assert.Equal("SUCCESS", await EventSuite.DeliverAsync(_suite.Accountability, Topics.PaperStatusChanged, approved));
        await AllSettledAsync();

        Assert.Equal([HarmAnalyst, HarmLead, Scrutiny], _smtp.Received.SelectMany(m => m.Recipients).Order());
        var refused = await _suite.Accountability.WithDbAsync<AccountabilityDb, NotificationRow>(db => db.Notifications.SingleAsync(n => n.RefusedAt != null));
        Assert.Equal(Dcc, refused.ToEmail);
        Assert.StartsWith("550 ", refused.LastError);
    }
}
