using Microsoft.EntityFrameworkCore;
using Plan.Accountability.V1;
using PlanServices.Accountability.Data;
using Grpc.Core;
using PlanServices.Testing;

namespace PlanServices.Accountability.Tests;

/// <summary>The Accountability service over gRPC on real HTTP/2, seeded with the OPCCN's sample records.</summary>
public sealed class AccountabilityTests : IAsyncLifetime
{
    private ServiceServer<Accountability.Host> _server = null!;
    private AccountabilityService.AccountabilityServiceClient _client = null!;

    public Task InitializeAsync()
    {
        _server = new ServiceServer<Accountability.Host>("accountability");
        _client = _server.CreateAccountability();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<StatusCode> Refused(Func<Task> call) => (await Assert.ThrowsAsync<RpcException>(call)).StatusCode;

    private static async Task<RpcException> Refusal(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

    [Fact]
    public async Task The_april_2026_meeting_has_its_agenda_reporting_period_and_next_meetings()
    {
        var meeting = await _client.GetMeetingAsync(new GetMeetingRequest { Id = "pam-2026-04-21" });
        Assert.Equal(("2026-04-21", "14:00", "2025-12"), (meeting.Date, meeting.StartTime, meeting.PeriodEnd));
        Assert.Equal([1, 2, 3, 4, 5, 6, 0, 7, 8, 9], meeting.Agenda.Select(a => a.Number));
        Assert.Equal(["preventing-crime", "cohesive-communities", "reducing-harm"], meeting.Agenda.Where(a => a.Pillar != "").Select(a => a.Pillar));
        Assert.Equal("pam-2026-01-19", meeting.Agenda.Single(a => a.Number == 3).MinutesOf);
        Assert.Equal(["2026-07-01", "2026-07-29", "2026-09-02"], meeting.NextMeetings.Select(n => n.Date));
        Assert.Equal(5, (await _client.ListMeetingsAsync(new ListMeetingsRequest())).Meetings.Count);
    }

    [Fact]
    public async Task The_july_2026_meeting_starts_from_aprils_agenda_and_an_emptied_agenda_blocks_its_pack()
    {
        var july = await _client.GetMeetingAsync(new GetMeetingRequest { Id = "pam-2026-07-01" });
        var april = await _client.GetMeetingAsync(new GetMeetingRequest { Id = "pam-2026-04-21" });
        Assert.Equal(april.Agenda.Select(a => (a.Number, a.Time, a.Pillar)), july.Agenda.Select(a => (a.Number, a.Time, a.Pillar)));
        var minutes = july.Agenda.Single(a => a.MinutesOf != "");
        Assert.Equal(("pam-2026-04-21", "To confirm the minutes and actions of the previous meeting held on Tuesday 21 April 2026"), (minutes.MinutesOf, minutes.Title));
        Assert.Equal((april.Venue, april.Purpose, "2026-03"), (july.Venue, july.Purpose, july.PeriodEnd));
        Assert.Equal(["2026-07-29", "2026-09-02"], july.NextMeetings.Select(n => n.Date));

        var readiness = await _client.GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = "pam-2026-07-01" });
        Assert.DoesNotContain(readiness.Problems, p => p.StartsWith("The agenda", StringComparison.Ordinal));

        var withoutReducingHarm = new SetAgendaRequest { MeetingId = july.Id };
        withoutReducingHarm.Agenda.AddRange(july.Agenda.Where(a => a.Pillar != "reducing-harm" && a.MinutesOf == ""));
        await _client.SetAgendaAsync(withoutReducingHarm);
        readiness = await _client.GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = "pam-2026-07-01" });
        Assert.Contains("The agenda has no item for the Reducing Harm paper.", readiness.Problems);
        Assert.Contains("The agenda has no item confirming the minutes of the previous meeting (pam-2026-04-21).", readiness.Problems);

        await _client.SetAgendaAsync(new SetAgendaRequest { MeetingId = july.Id });
        readiness = await _client.GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = "pam-2026-07-01" });
        Assert.Contains("The agenda has no items yet: add them on the meeting's agenda page.", readiness.Problems);
        Assert.False(readiness.Ready);
    }

    [Fact]
    public async Task The_minutes_of_19_january_are_a_draft_until_confirmed_at_a_later_meeting_then_never_change()
    {
        var minutes = await _client.GetMinutesAsync(new GetMinutesRequest { MeetingId = "pam-2026-01-19" });
        Assert.Equal((MinutesStatus.Draft, 12, 5), (minutes.Status, minutes.Attendance.Count, minutes.Apologies.Count));
        Assert.Equal(["cohesive-communities", "preventing-crime", "reducing-harm"], minutes.Priorities.Select(p => p.Pillar));
        Assert.Empty(minutes.Declarations);

        var earlier = await Refusal(() => _client.ConfirmMinutesAsync(new ConfirmMinutesRequest { MeetingId = "pam-2026-01-19", AtMeetingId = "pam-2025-10-22" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, earlier.StatusCode);
        Assert.StartsWith("at_meeting_id: minutes are confirmed at a later meeting", earlier.Status.Detail);

        var confirmed = await _client.ConfirmMinutesAsync(new ConfirmMinutesRequest { MeetingId = "pam-2026-01-19", AtMeetingId = "pam-2026-04-21" });
        Assert.Equal((MinutesStatus.Confirmed, "pam-2026-04-21"), (confirmed.Status, confirmed.ConfirmedAtMeetingId));

        var edit = minutes.Clone();
        edit.EmergingRisks.Add("A risk added afterwards.");
        Assert.Equal(StatusCode.FailedPrecondition, await Refused(() => _client.SaveMinutesAsync(edit).ResponseAsync));
        Assert.DoesNotContain("A risk added afterwards.", (await _client.GetMinutesAsync(new GetMinutesRequest { MeetingId = "pam-2026-01-19" })).EmergingRisks);
    }

    [Fact]
    public async Task The_action_log_keeps_each_action_with_its_owner_status_and_history()
    {
        var live = await _client.ListActionsAsync(new ListActionsRequest { Statuses = { ActionStatus.Live, ActionStatus.New } });
        Assert.Equal([22, 24, 25], live.Actions.Select(a => a.Number));

        var action = await _client.GetActionAsync(new GetActionRequest { Number = 24 });
        Assert.Equal(("pam-2025-10-22", "2025-10-22", "cohesive-communities", ActionStatus.Live), (action.RaisedAtMeetingId, action.DateRaised, action.Owner, action.Status));
        Assert.Equal([ActionStatus.New, ActionStatus.Live], action.History.Select(h => h.Status));
        Assert.Equal("pam-2026-01-19", action.History[1].MeetingId);

        var updated = await _client.UpdateActionAsync(new UpdateActionRequest
        {
            Number = 24, Text = "Discussed at the spring meeting as agreed.", Status = ActionStatus.Closed, MeetingId = "pam-2026-04-21", Author = "OPCCN",
        });
        Assert.Equal(ActionStatus.Closed, updated.Status);
        Assert.Equal(3, updated.History.Count);
        Assert.Equal("Discussed at the spring meeting as agreed.", updated.History[2].Text);

        var closed = await Refusal(() => _client.UpdateActionAsync(new UpdateActionRequest { Number = 24, Text = "More.", Author = "OPCCN" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, closed.StatusCode);
        Assert.Equal("action 24 is Closed and takes no more updates; raise a new action", closed.Status.Detail);
        Assert.Equal(3, (await _client.GetActionAsync(new GetActionRequest { Number = 24 })).History.Count);
    }

    [Fact]
    public async Task A_new_action_has_the_next_number_and_a_reused_number_is_refused()
    {
        var raised = await _client.RaiseActionAsync(new RaiseActionRequest
        {
            Number = 26, MeetingId = "pam-2026-04-21", Owner = "reducing-harm", Author = "OPCCN",
            Description = "Norfolk Constabulary is to report the weighted 12-month mean answer time.",
        });
        Assert.Equal((ActionStatus.New, "2026-04-21"), (raised.Status, raised.DateRaised));
        Assert.Equal("New Action.", raised.History.Single().Text);

        var reused = await Refusal(() => _client.RaiseActionAsync(new RaiseActionRequest
        {
            Number = 25, MeetingId = "pam-2026-04-21", Owner = "opccn", Description = "Something else.", Author = "OPCCN",
        }).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, reused.StatusCode);
        Assert.Equal("number: action 25 already exists (raised at pam-2026-01-19); numbers are never reused", reused.Status.Detail);
        var resource = reused.GetRpcStatus()!.GetDetail<Google.Rpc.ResourceInfo>();
        Assert.Equal(("number", "action 25 already exists (raised at pam-2026-01-19); numbers are never reused"), (resource.ResourceName, resource.Description));
    }

    [Fact]
    public async Task Bad_input_is_refused_naming_each_field()
    {
        var owner = await Refusal(() => _client.RaiseActionAsync(new RaiseActionRequest
        {
            Number = 30, MeetingId = "pam-2026-04-21", Owner = "police", Description = "", Author = "OPCCN",
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, owner.StatusCode);
        Assert.Equal("description: required; owner: 'police' is not an owner (preventing-crime, cohesive-communities, reducing-harm, opccn)", owner.Status.Detail);
        var status = owner.GetRpcStatus()!;
        Assert.Equal("INVALID", status.GetDetail<Google.Rpc.ErrorInfo>().Reason);
        Assert.Equal([("description", "required"), ("owner", "'police' is not an owner (preventing-crime, cohesive-communities, reducing-harm, opccn)")],
            status.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => (v.Field, v.Description)));

        var meeting = await Refusal(() => _client.ScheduleMeetingAsync(new Meeting
        {
            Id = "PAM 1 July", Title = "PCC Accountability Meeting", Date = "2026-07-32", StartTime = "2pm", PeriodEnd = "2026-03",
            Agenda = { new AgendaItem { Number = 5, Title = "Priority 1", Kind = AgendaItemKind.Paper, Pillar = "policing" } },
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, meeting.StatusCode);
        Assert.Contains("id: 'PAM 1 July' is not a meeting id", meeting.Status.Detail);
        Assert.Contains("start_time: '2pm' is not a time (HH:MM)", meeting.Status.Detail);
        Assert.Contains("date: '2026-07-32' is not a date (YYYY-MM-DD)", meeting.Status.Detail);
        Assert.Contains("agenda[0].pillar: 'policing' is not a pillar", meeting.Status.Detail);
        Assert.Equal(["id", "start_time", "date", "agenda[0].pillar"],
            meeting.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field).Where(f => f is "id" or "date" or "start_time" or "agenda[0].pillar"));

        Assert.Equal(StatusCode.NotFound, await Refused(() => _client.GetMeetingAsync(new GetMeetingRequest { Id = "pam-1999-01-01" }).ResponseAsync));
        Assert.Equal(StatusCode.NotFound, await Refused(() => _client.GetActionAsync(new GetActionRequest { Number = 999 }).ResponseAsync));
        Assert.Equal(5, await _server.WithDbAsync<AccountabilityDb, int>(db => db.Meetings.CountAsync()));
    }

    [Fact]
    public async Task Scheduling_the_same_meeting_again_succeeds_and_other_details_under_its_id_are_refused()
    {
        var meeting = await _client.GetMeetingAsync(new GetMeetingRequest { Id = "pam-2026-04-21" });
        Assert.Equal(meeting, await _client.ScheduleMeetingAsync(meeting));
        var changed = meeting.Clone();
        changed.Venue = "Somewhere else";
        Assert.Equal(StatusCode.AlreadyExists, await Refused(() => _client.ScheduleMeetingAsync(changed).ResponseAsync));
    }

    [Fact]
    public async Task Importing_the_sample_records_again_adds_nothing()
    {
        var before = await _server.WithDbAsync<AccountabilityDb, int>(db => db.ActionUpdates.CountAsync());
        await _server.WithDbAsync<IServiceProvider, Accountability.Domain.RecordFile.Summary>(services =>
            Accountability.Extensions.AccountabilityExtensions.ImportAsync(services, Repo.Path("services", "Accountability", "sample", "pam-2026-04-21.yaml")));
        Assert.Equal(before, await _server.WithDbAsync<AccountabilityDb, int>(db => db.ActionUpdates.CountAsync()));
    }
}

/// <summary>The Accountability store on a real PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AccountabilityPostgresTests(PostgresServer postgres)
{
    [Fact]
    public async Task The_sample_records_import_into_postgresql_and_again_add_nothing()
    {
        var options = new DbContextOptionsBuilder<PostgresAccountabilityDb>().UseNpgsql(await postgres.CreateDatabaseAsync()).Options;
        await using var db = new PostgresAccountabilityDb(options);
        await db.Database.MigrateAsync();
        var meetings = new Accountability.Domain.MeetingBook(db, Repo.Shape);
        var actions = new Accountability.Domain.ActionLog(db, Repo.Shape, TimeProvider.System);
        var yaml = await File.ReadAllTextAsync(Repo.Path("services", "Accountability", "sample", "pam-2026-04-21.yaml"));

        var first = await Accountability.Domain.RecordFile.ImportAsync(yaml, "sample", meetings, actions);
        var second = await Accountability.Domain.RecordFile.ImportAsync(yaml, "sample", meetings, actions);

        Assert.Equal((5, 1, 6, 5), (first.Meetings, first.Minutes, first.Actions, first.Updates));
        Assert.Equal(0, second.Updates);
        Assert.Equal(11, await db.ActionUpdates.CountAsync());
        Assert.Equal(12, (await meetings.GetMinutesAsync("pam-2026-01-19")).Attendance.Count);
    }
}
