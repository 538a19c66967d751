using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlanServices.Accountability.Data;
using PlanServices.Accountability.Domain;
using PlanServices.Accountability.Extensions;
using PlanServices.Accountability.Notifications;
using PlanServices.ServiceDefaults;
using PlanServices.Testing;
using Proto = Plan.Accountability.V1;

namespace PlanServices.Accountability.Tests;

/// <summary>A migrated Accountability store on a fresh SQLite file or PostgreSQL database.</summary>
public static class AccountabilityStores
{
    public static async Task<AccountabilityDb> CreateAsync(string provider, PostgresServer postgres)
    {
        AccountabilityDb db = provider == Stores.Sqlite
            ? new SqliteAccountabilityDb(new DbContextOptionsBuilder<SqliteAccountabilityDb>()
                .UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), $"accountability-{Guid.NewGuid():N}.db")};Pooling=false").Options)
            : new PostgresAccountabilityDb(new DbContextOptionsBuilder<PostgresAccountabilityDb>().UseNpgsql(await postgres.CreateDatabaseAsync()).Options);
        await db.Database.MigrateAsync();
        return db;
    }
}

/// <summary>
/// The public side of a meeting on a real store (SQLite and PostgreSQL): publishing the agenda, public questions and their
/// moderation, and the public's alerts with double opt-in. The clock is set to 1 April 2027 (Norfolk time).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PublicSideTests(PostgresServer postgres)
{
    private const string Site = "https://pcc.example.org";
    private const string Meeting = "pam-2027-04-21";

    private sealed record World(AccountabilityDb Db, TestClock Clock, PublicMeetings Public, Subscribers Subscribers, PackReadinessBook Packs) : IAsyncDisposable
    {
        public async Task<List<NotificationRow>> MailAsync() => await Db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync();

        public ValueTask DisposeAsync() => Db.DisposeAsync();
    }

    private async Task<World> WorldAsync(string provider)
    {
        var db = await AccountabilityStores.CreateAsync(provider, postgres);
        var clock = new TestClock();
        clock.MoveTo(new DateTimeOffset(2027, 4, 1, 9, 0, 0, TimeSpan.FromHours(1)));
        var options = Options.Create(new NotificationOptions { PublicBaseUrl = Site });
        var accountability = Options.Create(new AccountabilityOptions());
        var notifier = new Notifier(db, new Recipients(db, Repo.Shape, options, clock), Repo.Shape, options, accountability, clock);
        var meetings = new MeetingBook(db, Repo.Shape);
        await meetings.ScheduleAsync(new Meeting(Id: Meeting, Title: "PCC Accountability Meeting", Date: "2027-04-21", PeriodEnd: "2026-12",
            StartTime: "10:00", Venue: "OPCCN, Jubilee House, Falconers Chase, Wymondham"));
        await meetings.ScheduleAsync(new Meeting(Id: "pam-2027-07-21", Title: "PCC Accountability Meeting", Date: "2027-07-21", PeriodEnd: "2027-03"));
        var audit = new AuditLog(db, Repo.Shape);
        return new World(db, clock, new PublicMeetings(db, Repo.Shape, clock, notifier, audit), new Subscribers(db, notifier, clock, Repo.Shape),
            new PackReadinessBook(db, Repo.Shape, accountability, clock, notifier, audit));
    }

    private static Task<Meeting> PublishAsync(World w, string close = "") =>
        w.Public.PublishAgendaAsync(Meeting, "Open to the public: arrive by 9.45.\n\nOr watch it live.", "https://www.youtube.com/@norfolkpcc", close, "Office Manager", default);

    private static async Task<string> TokenAsync(World w, string email) =>
        (await w.Db.Subscribers.AsNoTracking().SingleAsync(s => s.Email == email)).Token;

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task Only_meetings_whose_agenda_or_pack_is_published_are_public_and_the_first_publication_alerts_confirmed_subscribers_once(string provider)
    {
        await using var w = await WorldAsync(provider);
        Assert.Empty(await w.Public.ListAsync(default));

        await w.Subscribers.SubscribeAsync("Reader@Example.org", default);
        await w.Subscribers.SubscribeAsync("pending@example.org", default);
        await w.Subscribers.SubscribeAsync("left@example.org", default);
        Assert.Equal(SubscriptionOutcome.Confirmed, await w.Subscribers.ConfirmAsync(await TokenAsync(w, "reader@example.org"), default));
        await w.Subscribers.ConfirmAsync(await TokenAsync(w, "left@example.org"), default);
        Assert.Equal(SubscriptionOutcome.Unsubscribed, await w.Subscribers.UnsubscribeAsync(await TokenAsync(w, "left@example.org"), default));
        var before = (await w.MailAsync()).Count;

        var published = await PublishAsync(w);
        await PublishAsync(w, close: "2027-04-16");

        var meeting = Assert.Single(await w.Public.ListAsync(default));
        Assert.Equal((Meeting, new DateOnly(2027, 4, 16), false), (meeting.Meeting.Id, meeting.QuestionsClose, meeting.PackPublished));
        Assert.NotNull(published.AgendaPublishedAt);
        Assert.Equal("https://www.youtube.com/@norfolkpcc", meeting.Meeting.WatchAt);
        var alert = Assert.Single((await w.MailAsync()).Skip(before));
        Assert.Equal(("reader@example.org", PublicKinds.Alert, "Agenda published: PCC Accountability Meeting on Wednesday 21 April 2027"), (alert.ToEmail, alert.Kind, alert.Subject));
        Assert.Equal($"{Site}/subscriptions/unsubscribe?token={await TokenAsync(w, "reader@example.org")}", alert.Unsubscribe);
        Assert.Contains($"{Site}/meetings/{Meeting}", alert.Body);
        Assert.EndsWith($"Unsubscribe in one click: {alert.Unsubscribe}\n", alert.Body);
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task An_agenda_is_published_with_what_the_public_needs_before_its_meeting(string provider)
    {
        await using var w = await WorldAsync(provider);
        await new MeetingBook(w.Db, Repo.Shape).ScheduleAsync(new Meeting(Id: "pam-2027-04-07", Title: "Extra meeting", Date: "2027-04-07", PeriodEnd: "2026-12"));
        var refused = await Assert.ThrowsAsync<AccountabilityException>(() =>
            w.Public.PublishAgendaAsync("pam-2027-04-07", " ", "http://insecure.example.org", "2027-08-01", "Office Manager", default));
        Assert.Equal([
            "how_to_attend: required",
            "watch_at: 'http://insecure.example.org' is not an https address",
            "start_time: the public needs the meeting's start time: schedule it with one",
            "venue: the public needs the meeting's venue: schedule it with one",
            "questions_close: questions must close before the meeting's day (2027-04-07)",
        ], refused.Violations.Select(v => v.ToString()));

        w.Clock.MoveTo(new DateTimeOffset(2027, 4, 22, 9, 0, 0, TimeSpan.Zero));
        var late = await Assert.ThrowsAsync<AccountabilityException>(() => PublishAsync(w));
        Assert.Equal((Refusal.WrongState, "the meeting was held on 2027-04-21: an agenda is published before its meeting"), (late.Refusal, late.Message));
        Assert.Empty(await w.Public.ListAsync(default));
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task A_question_is_taken_until_the_end_of_its_last_day_checked_and_its_asker_told_each_step(string provider)
    {
        await using var w = await WorldAsync(provider);
        var early = await Assert.ThrowsAsync<AccountabilityException>(() => w.Public.AskAsync(Meeting, "Ann Smith", "ann@example.org", "Why are 101 calls slow?", default));
        Assert.Equal(Refusal.NotFound, early.Refusal);
        await PublishAsync(w, close: "2027-04-14");

        var invalid = await Assert.ThrowsAsync<AccountabilityException>(() =>
            w.Public.AskAsync(Meeting, "", "ann at example", "Why? see http://a.example http://b.example www.c.example", default));
        Assert.Equal(["name: required", "email: 'ann at example' is not an email address", "question: has more than 2 web addresses"],
            invalid.Violations.Select(v => v.ToString()));
        Assert.Equal(["question: shorter than 10 characters: please say what you would like to ask"],
            (await Assert.ThrowsAsync<AccountabilityException>(() => w.Public.AskAsync(Meeting, "Ann", "ann@example.org", "Why?", default))).Violations.Select(v => v.ToString()));

        var asked = await w.Public.AskAsync(Meeting, " Ann Smith ", "Ann@Example.org", "How long does a 101 call wait to be answered?", default);
        var again = await w.Public.AskAsync(Meeting, "Ann Smith", "ann@example.org", "How long does a 101 call wait to be answered?", default);
        Assert.Equal((asked.Id, "Ann Smith", "ann@example.org", QuestionStatus.Pending), (again.Id, asked.Name, asked.Email, asked.Status));
        await w.Public.AskAsync(Meeting, "Ann Smith", "ann@example.org", "How many officers patrol Thetford at night?", default);
        await w.Public.AskAsync(Meeting, "Ann Smith", "ann@example.org", "What happened to action 12 on rural crime?", default);
        var fourth = await Assert.ThrowsAsync<AccountabilityException>(() => w.Public.AskAsync(Meeting, "Ann Smith", "ann@example.org", "And one more question, please?", default));
        Assert.Equal("each address may put 3 questions to a meeting, and this one has", fourth.Message);

        w.Clock.MoveTo(new DateTimeOffset(2027, 4, 14, 23, 30, 0, TimeSpan.FromHours(1)));
        var last = await w.Public.AskAsync(Meeting, "Bob Jones", "bob@example.org", "Is shoplifting in King's Lynn falling?", default);
        w.Clock.MoveTo(new DateTimeOffset(2027, 4, 15, 0, 30, 0, TimeSpan.FromHours(1)));
        var closed = await Assert.ThrowsAsync<AccountabilityException>(() => w.Public.AskAsync(Meeting, "Cat", "cat@example.org", "Too late, is it not?", default));
        Assert.Equal((Refusal.WrongState, "questions for this meeting closed on Wednesday 14 April 2027"), (closed.Refusal, closed.Message));

        var reasonless = await Assert.ThrowsAsync<AccountabilityException>(() => w.Public.ModerateAsync(last.Id, accept: false, "", "Office Manager", default));
        Assert.Equal(["reason: required"], reasonless.Violations.Select(v => v.ToString()));
        await w.Public.ModerateAsync(asked.Id, accept: true, "", "Office Manager", default);
        await w.Public.ModerateAsync(last.Id, accept: false, "It concerns a case before the courts.", "Office Manager", default);
        var final = await Assert.ThrowsAsync<AccountabilityException>(() => w.Public.ModerateAsync(last.Id, accept: true, "", "Someone else", default));
        Assert.Equal("question " + last.Id + " was already rejected by Office Manager", final.Message);

        var meeting = Assert.Single(await w.Public.ListAsync(default));
        var shown = Assert.Single(meeting.Accepted);
        Assert.Equal(("Ann Smith", "", "How long does a 101 call wait to be answered?"), (shown.Name, shown.Email, shown.Text));

        var bob = (await w.MailAsync()).Where(m => m.ToEmail == "bob@example.org").ToList();
        Assert.Equal(["We have your question: PCC Accountability Meeting on Wednesday 21 April 2027",
            "Your question was not accepted: PCC Accountability Meeting on Wednesday 21 April 2027"], bob.Select(m => m.Subject));
        Assert.Contains("The reason:\n\n    It concerns a case before the courts.", bob[1].Body);
        Assert.StartsWith("Dear Bob Jones,", bob[1].Body);
        Assert.StartsWith("Hello,", bob[0].Body);
        Assert.DoesNotContain("King's Lynn", bob[0].Body);
        Assert.Null(bob[1].Unsubscribe);
        Assert.Equal(4, (await w.MailAsync()).Count(m => m.ToEmail == "ann@example.org"));
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task A_subscription_needs_its_confirmation_and_a_new_request_replaces_the_token(string provider)
    {
        await using var w = await WorldAsync(provider);
        Assert.Equal(["email: 'not an address' is not an email address"],
            (await Assert.ThrowsAsync<AccountabilityException>(() => w.Subscribers.SubscribeAsync("not an address", default))).Violations.Select(v => v.ToString()));

        await w.Subscribers.SubscribeAsync("reader@example.org", default);
        var first = await TokenAsync(w, "reader@example.org");
        w.Clock.Advance(TimeSpan.FromMinutes(59));
        await w.Subscribers.SubscribeAsync("reader@example.org", default);
        Assert.Equal(first, await TokenAsync(w, "reader@example.org"));
        Assert.Single(await w.MailAsync());
        w.Clock.Advance(TimeSpan.FromMinutes(2));
        await w.Subscribers.SubscribeAsync("reader@example.org", default);
        var second = await TokenAsync(w, "reader@example.org");
        var confirmations = await w.MailAsync();
        Assert.Equal(2, confirmations.Count);
        Assert.All(confirmations, m => Assert.Equal(("reader@example.org", PublicKinds.Subscription), (m.ToEmail, m.Kind)));
        Assert.Contains($"{Site}/subscriptions/confirm?token={second}", confirmations[1].Body);

        Assert.Equal(SubscriptionOutcome.Unknown, await w.Subscribers.ConfirmAsync(first, default));
        Assert.Equal(SubscriptionOutcome.Unknown, await w.Subscribers.ConfirmAsync("", default));
        await PublishAsync(w);
        Assert.Equal(2, (await w.MailAsync()).Count);

        Assert.Equal(SubscriptionOutcome.Confirmed, await w.Subscribers.ConfirmAsync(second, default));
        Assert.Equal(SubscriptionOutcome.Confirmed, await w.Subscribers.ConfirmAsync(second, default));
        await w.Subscribers.SubscribeAsync("reader@example.org", default);
        Assert.Equal(second, await TokenAsync(w, "reader@example.org"));
        Assert.Equal(2, (await w.MailAsync()).Count);
    }

    [Fact]
    public void A_public_alert_carries_the_one_click_unsubscribe_headers_and_a_mail_to_a_person_of_the_suite_does_not()
    {
        var row = new NotificationRow
        {
            MessageId = "public-alert.x@planservices", Kind = PublicKinds.Alert, ToName = "", ToEmail = "reader@example.org", Subject = "s", Body = "b",
            Unsubscribe = $"{Site}/subscriptions/unsubscribe?token=abc",
        };
        var smtp = new SmtpOptions { Host = "localhost", From = "planservices@example.org" };
        var message = MailSender.Message(row, smtp);
        Assert.Equal($"<{Site}/subscriptions/unsubscribe?token=abc>", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        row.Unsubscribe = null;
        Assert.Null(MailSender.Message(row, smtp).Headers["List-Unsubscribe"]);
    }

    /// <summary>The public's writes reach Accountability only from the suite's services (the gateway's checked forms).</summary>
    [Fact]
    public async Task Only_a_service_may_ask_or_subscribe_and_anyone_may_list_the_public_meetings_of_which_the_sample_has_none_yet()
    {
        await using var server = new ServiceServer<Accountability.Host>("accountability");
        var ask = new Proto.AskQuestionRequest { MeetingId = "pam-2026-07-01", Name = "Ann", Email = "ann@example.org", Question = "How long does a 101 call wait?" };
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => server.CreateAccountability("").AskQuestionAsync(ask).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => server.CreateAccountability(TestAuth.Admin)
            .SubscribeAsync(new Proto.SubscribeRequest { Email = "ann@example.org" }).ResponseAsync)).StatusCode);
        var service = server.CreateAccountability(TestAuth.Token([Roles.Service], [], "gateway"));
        Assert.Equal(Proto.SubscriptionReply.Types.Outcome.ConfirmationSent, (await service.SubscribeAsync(new Proto.SubscribeRequest { Email = "ann@example.org" })).Outcome);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => service.AskQuestionAsync(ask).ResponseAsync)).StatusCode);

        Assert.Empty((await server.CreateAccountability("").ListPublicMeetingsAsync(new Proto.ListPublicMeetingsRequest())).Meetings);
    }
}

/// <summary>
/// Full-text search of the published packs on each database's own engine: stems, every word in a passage, the latest
/// version of each pack only, typed punctuation harmless, the found words marked.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PublishedSearchTests(PostgresServer postgres)
{
    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task A_search_finds_stems_of_every_word_in_the_latest_version_only_and_marks_them(string provider)
    {
        await using var db = await AccountabilityStores.CreateAsync(provider, postgres);
        foreach (var (id, date) in new[] { ("pam-2031-01-15", new DateOnly(2031, 1, 15)), ("pam-2031-04-16", new DateOnly(2031, 4, 16)) })
            db.Meetings.Add(new MeetingRow { Id = id, Date = date, Document = Documents.Write(new Meeting(Id: id, Title: "PCC Accountability Meeting", Date: $"{date:yyyy-MM-dd}", PeriodEnd: "2030-12")) });
        void Version(string meeting, int version, params (string Anchor, string Kind, string Heading, string Text)[] passages)
        {
            db.PublishedPacks.Add(new PublishedPackRow { MeetingId = meeting, Version = version, PublishedAt = DateTimeOffset.UnixEpoch, PublishedBy = "OPCCN", Note = "" });
            db.PublishedTexts.AddRange(passages.Select(p => new PublishedTextRow { MeetingId = meeting, Version = version, Anchor = p.Anchor, Kind = p.Kind, Heading = p.Heading, Text = p.Text }));
        }
        Version("pam-2031-01-15", 1,
            ("minutes", "minutes", "Public question", "How long do callers wait for 101 to be answered?\nThe average wait was 4 minutes 10 seconds in December."),
            ("table-7", "table", "Table 7: 101 calls", "Calls answered: 41,200 38,950"));
        Version("pam-2031-04-16", 1, ("actions", "actions", "Action 12 (Reducing Harm)", "Report the rural crime figures to the next meeting."));
        Version("pam-2031-04-16", 2, ("actions", "actions", "Action 12 (Reducing Harm)", "Report the rural crime and wildlife crime figures to the next meeting."));
        await db.SaveChangesAsync();
        var search = new PublishedSearch(db);

        var answer = await search.SearchAsync("answering callers", 0, default);
        var hit = Assert.Single(answer);
        Assert.Equal(("pam-2031-01-15", 1, "minutes", "minutes"), (hit.MeetingId, hit.Version, hit.Anchor, hit.Kind));
        Assert.Contains("\u0002callers\u0003", hit.Snippet);

        Assert.Equal(["minutes", "table-7"], (await search.SearchAsync("101 answered", 0, default)).Select(h => h.Anchor).Order());
        var wildlife = Assert.Single(await search.SearchAsync("wildlife", 0, default));
        Assert.Equal(2, wildlife.Version);
        Assert.Equal([2], (await search.SearchAsync("rural crime", 0, default)).Select(h => h.Version));
        Assert.Empty(await search.SearchAsync("callers burglary", 0, default));
        Assert.Empty(await search.SearchAsync("  \"*(:) OR NEAR ", 0, default));
        Assert.Single(await search.SearchAsync("\"callers\" AND (wait*", 0, default));

        // A version published without passages leaves nothing of the earlier ones to find.
        db.PublishedPacks.Add(new PublishedPackRow { MeetingId = "pam-2031-04-16", Version = 3, PublishedAt = DateTimeOffset.UnixEpoch, PublishedBy = "OPCCN", Note = "c" });
        await db.SaveChangesAsync();
        Assert.Empty(await search.SearchAsync("wildlife", 0, default));
    }

    [Fact]
    public void A_query_is_its_words_whatever_else_is_typed()
    {
        Assert.Equal(["101", "calls", "Norwich"], PublishedSearch.Words("101-calls; \"Norwich\"*"));
        Assert.Equal(["Crime", "disorder"], PublishedSearch.Words("Crime AND the disorder"));
        Assert.Equal(12, PublishedSearch.Words(string.Join(' ', Enumerable.Range(1, 30))).Count);
        Assert.Empty(PublishedSearch.Words(" ()\"* "));
    }
}
