using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlanServices.Accountability.Data;
using PlanServices.Accountability.Domain;
using PlanServices.Accountability.Extensions;
using PlanServices.Accountability.Notifications;
using PlanServices.Contracts.Events;
using PlanServices.ServiceDefaults;
using PlanServices.Testing;

namespace PlanServices.Accountability.Tests;

/// <summary>The settings of email notifications: checked on start, each broken rule named with its key and row.</summary>
public sealed class NotificationSettingsTests
{
    [Fact]
    public async Task Settings_that_break_a_rule_are_listed_one_a_line_and_the_service_does_not_start()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Accountability.dll"),
            "--contentRoot", Repo.Path("services", "Accountability"),
            "--Notifications:People:0:Name=Harm Analyst", "--Notifications:People:0:Email=harm analyst", "--Notifications:People:0:Roles:0=chief",
            "--Notifications:People:1:Name=Harm Lead", "--Notifications:People:1:Email=harm.lead@example.org", "--Notifications:People:1:Roles:0=command-area",
            "--Notifications:People:1:Off:0=paper-lost",
            "--Smtp:Host=mail.example.org", "--Smtp:User=planservices"])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(3, process.ExitCode);
        Assert.Equal([
            "Notifications:People[0].Email: 'harm analyst' is not an email address",
            "Notifications:People[0].Roles: 'chief' is not a role (command-area, originator, opccn)",
            "Notifications:People[1].Pillar: a command area names its priority (preventing-crime, cohesive-communities, reducing-harm); '' is not one",
            "Notifications:People[1].Off: 'paper-lost' is not a kind of notification (paper-submitted, paper-returned, paper-approved, paper-figures-revised, paper-late, action-due, action-overdue, pack-published, pack-corrected)",
            "Smtp:From: '' is not an email address; it is required with Smtp:Host",
            "Smtp:User and Smtp:Password: give both or neither",
        ], errors.ReplaceLineEndings("\n").Trim().Split('\n'));
    }

    [Fact]
    public void The_demo_people_are_the_local_issuers_demo_users_at_example_org_and_a_person_listed_twice_is_refused()
    {
        var options = new NotificationOptions { DemoPeople = true };
        Assert.Equal(DemoPeople.Of(Repo.Shape).Keys.Select(u => $"{u}@example.org"), options.Everyone(Repo.Shape).Select(p => p.Email));
        var harm = options.Everyone(Repo.Shape).Single(p => p.Email == "analyst-reducing-harm@example.org");
        Assert.Equal(("Analyst, Reducing Harm", "reducing-harm"), (harm.Name, harm.Pillar));
        Assert.Equal([Roles.CommandArea], harm.Roles);
        Assert.Empty(options.Problems(Repo.Shape));

        options.People.Add(new NotificationPerson { Name = "Deputy", Email = "DCC@example.org", Roles = [Roles.Originator] });
        Assert.Equal(["Notifications:People: dcc@example.org is listed 2 times; list each person once"], options.Problems(Repo.Shape));
    }
}

/// <summary>Mail recorded with its event on a real PostgreSQL server: once, whatever is delivered twice.</summary>
[Collection(PostgresCollection.Name)]
public sealed class NotificationPostgresTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_paper_change_is_recorded_once_per_person_and_a_change_after_its_meeting_not_at_all()
    {
        await using var db = new PostgresAccountabilityDb(new DbContextOptionsBuilder<PostgresAccountabilityDb>().UseNpgsql(await postgres.CreateDatabaseAsync()).Options);
        await db.Database.MigrateAsync();
        var meetings = new MeetingBook(db, Repo.Shape);
        await meetings.ScheduleAsync(new Meeting(Id: "pam-2027-01-20", Title: "PCC Accountability Meeting", Date: "2027-01-20", PeriodEnd: "2026-09"));
        await meetings.ScheduleAsync(new Meeting(Id: "pam-2026-04-21", Title: "PCC Accountability Meeting", Date: "2026-04-21", PeriodEnd: "2025-12"));
        var options = Options.Create(new NotificationOptions { DemoPeople = true, PublicBaseUrl = "https://planservices.example.org" });
        var notifier = new Notifier(db, new Recipients(db, Repo.Shape, options, TimeProvider.System), Repo.Shape, options, Options.Create(new AccountabilityOptions()), TimeProvider.System);

        var returned = new PaperStatusChanged("reducing-harm", "2026-09", "pam-2027-01-20", "Draft", 4, "Deputy Chief Constable Dave Marshall")
        {
            Change = "Returned", Reason = "Say why Table 8 has no September figures.", OccurredAt = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero),
        };
        foreach (var change in new[] { returned, returned with { Id = Guid.NewGuid() } })
        {
            await notifier.PaperChangedAsync(change, CancellationToken.None);
            await db.SaveChangesAsync();
        }
        await notifier.PaperChangedAsync(new PaperStatusChanged("reducing-harm", "2025-12", "pam-2026-04-21", "Submitted", 3, "Analyst")
        {
            Change = "Submitted", OccurredAt = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero),
        }, CancellationToken.None);
        await db.SaveChangesAsync();

        var mail = Assert.Single(await db.Notifications.ToListAsync());
        Assert.Equal(("analyst-reducing-harm@example.org", "paper-returned.reducing-harm.2026-09.v4.analyst-reducing-harm=example.org@planservices"),
            (mail.ToEmail, mail.MessageId));
        Assert.Equal("""
            Dear Analyst, Reducing Harm,

            Deputy Chief Constable Dave Marshall returned the Reducing Harm paper to draft. The reason given:

                Say why Table 8 has no September figures.

            Meeting: PCC Accountability Meeting, Wednesday 20 January 2027
            Papers due by: Wednesday 6 January 2027
            Reporting period: 1 July 2026 to 30 September 2026

            Change the paper and submit it again here:
            https://planservices.example.org/app/papers/2026-09

            -- 
            PlanServices, for the Office of the Police and Crime Commissioner for Norfolk.
            You get this email because of your role in the PCC Accountability Meetings. Choose which emails you get: https://planservices.example.org/app/notifications

            """, mail.Body);
    }
}
