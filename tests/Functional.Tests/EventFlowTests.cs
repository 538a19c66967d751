using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Plan.Accountability.V1;
using Plan.Pillar.V1;
using PlanServices.Contracts.Events;
using PlanServices.Eventing;
using Grpc.Core;
using PlanServices.Pillars.Data;
using PlanServices.Testing;

namespace PlanServices.Functional.Tests;

/// <summary>The flows between the services, end to end through the dev sidecar, and what must survive crashes and redeliveries.</summary>
public sealed class EventFlowTests : IAsyncLifetime
{
    private EventSuite _suite = null!;

    public async Task InitializeAsync() => _suite = await EventSuite.StartAsync();

    public async Task DisposeAsync() => await _suite.DisposeAsync();

    private AccountabilityService.AccountabilityServiceClient Accountability => _suite.Accountability.CreateAccountability();

    private static Meeting October => new() { Id = "pam-2026-10-14", Title = "PCC Accountability Meeting", Date = "2026-10-14", StartTime = "14:00", PeriodEnd = "2026-06" };

    [Fact]
    public async Task A_scheduled_meeting_opens_each_pillars_draft_paper_and_accountability_sees_their_readiness()
    {
        await Accountability.ScheduleMeetingAsync(October);
        foreach (var pillar in new[] { _suite.PreventingCrime.CreateClient(), _suite.CohesiveCommunities.CreateClient(), _suite.ReducingHarm.CreateClient() })
            await _suite.WaitUntilAsync(async () => (await pillar.GetPaperAsync(new GetPaperRequest { PeriodEnd = "2026-06" })).MeetingId == "pam-2026-10-14", "each pillar's draft paper");

        await _suite.WaitUntilAsync(async () => (await Accountability.GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = "pam-2026-10-14" })).Papers.All(p => p.Status == "Draft"), "readiness: three drafts");
        var harm = _suite.ReducingHarm.CreateClient();
        var paper = await harm.GetPaperAsync(new GetPaperRequest { PeriodEnd = "2026-06" });
        // Complete, as sign-off requires: a narrative for every objective, a note on each table without data.
        var catalogue = await harm.GetCatalogueAsync(new GetCatalogueRequest());
        var tables = await harm.GetTablesAsync(new GetTablesRequest { PeriodEnd = "2026-06" });
        var edit = new EditPaperRequest { PeriodEnd = "2026-06", BaseVersion = paper.Version, Reason = "Quarter update", ReplaceNarratives = true, ReplaceTableNotes = true };
        edit.Narratives.AddRange(catalogue.Objectives.Select(o => new ObjectiveNarrative { Objective = o.Id, Markdown = "- An update." }));
        edit.TableNotes.AddRange(tables.Tables.Where(t => t.Rows.All(r => r.Cells.All(c => !c.HasValue))).Select(t => new TableNote { Table = t.Id, Note = "Not yet extracted." }));
        paper = await harm.EditPaperAsync(edit);
        await harm.ChangePaperStatusAsync(new ChangePaperStatusRequest { PeriodEnd = "2026-06", BaseVersion = paper.Version, Action = PaperAction.Submit, Author = "Analyst" });
        await _suite.WaitUntilAsync(async () => (await Accountability.GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = "pam-2026-10-14" })).Papers.Single(p => p.Pillar == "reducing-harm") is { Status: "Submitted", Version: 3 }, "readiness: Submitted");
    }

    [Fact]
    public async Task A_figure_revised_after_approval_sends_the_paper_back_and_readiness_says_so()
    {
        var harm = _suite.ReducingHarm.CreateClient();
        await _suite.WaitUntilAsync(async () => (await harm.GetPaperAsync(new GetPaperRequest { PeriodEnd = "2026-03" })).MeetingId == "pam-2026-07-01", "the July paper opened");
        var paper = await harm.GetPaperAsync(new GetPaperRequest { PeriodEnd = "2026-03" });
        var catalogue = await harm.GetCatalogueAsync(new GetCatalogueRequest());
        var edit = new EditPaperRequest { PeriodEnd = "2026-03", BaseVersion = paper.Version, Reason = "Quarter update", ReplaceNarratives = true };
        edit.Narratives.AddRange(catalogue.Objectives.Select(o => new ObjectiveNarrative { Objective = o.Id, Markdown = "- An update." }));
        paper = await harm.EditPaperAsync(edit);
        paper = await harm.ChangePaperStatusAsync(new ChangePaperStatusRequest { PeriodEnd = "2026-03", BaseVersion = paper.Version, Action = PaperAction.Submit, Author = "Analyst" });
        paper = await harm.ChangePaperStatusAsync(new ChangePaperStatusRequest { PeriodEnd = "2026-03", BaseVersion = paper.Version, Action = PaperAction.Approve, Author = "DCC" });
        await _suite.WaitUntilAsync(async () => (await Accountability.GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = "pam-2026-07-01" }))
            .Papers.Single(p => p.Pillar == "reducing-harm").Status == "Approved", "readiness: Approved");

        var march = (await harm.GetTablesAsync(new GetTablesRequest { PeriodEnd = "2026-03" })).Tables.Single(t => t.Id == "calls-999").Rows.Single(r => r.Label == "March 2026");
        await harm.RecordObservationsAsync(new RecordObservationsRequest
        {
            Source = "call handling, corrected",
            Observations = { new Plan.Pillar.V1.Observation { Indicator = "calls.under-10s", From = "2026-03", To = "2026-03", Value = 9000 } },
        });
        await _suite.WaitUntilAsync(async () => (await harm.GetPaperAsync(new GetPaperRequest { PeriodEnd = "2026-03" })).Status == PaperStatus.Submitted, "the paper sent back for approval");
        var revised = await harm.GetPaperAsync(new GetPaperRequest { PeriodEnd = "2026-03" });
        Assert.Equal(PaperChange.FiguresRevised, revised.Change);
        Assert.Contains(revised.FigureRevisions, r => r.Row == "March 2026" && r.Column == "% 999 calls answered in under 10 seconds"
            && r.OldText == march.Cells[2].Text && r.NewText == $"{9000m / 10646 * 100:0.0}%");
        await _suite.WaitUntilAsync(async () => (await Accountability.GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = "pam-2026-07-01" })).Problems
            .Contains("The Reducing Harm paper's figures were revised after it was approved: the Deputy Chief Constable must approve it again on the new figures."), "readiness naming the revision");
    }

    [Fact]
    public async Task An_action_reaches_its_owner_pillar_whose_answer_reaches_the_action_log()
    {
        await Accountability.RaiseActionAsync(new RaiseActionRequest { Number = 26, MeetingId = "pam-2026-04-21", Owner = "reducing-harm", Description = "Report the weighted mean answer time.", Author = "OPCCN" });
        var harm = _suite.ReducingHarm.CreateClient();
        await _suite.WaitUntilAsync(async () => (await harm.ListOpenActionsAsync(new ListOpenActionsRequest())).Actions.Any(a => a.Number == 26), "action 26 at reducing-harm");
        Assert.DoesNotContain((await _suite.CohesiveCommunities.CreateClient().ListOpenActionsAsync(new ListOpenActionsRequest())).Actions, a => a.Number == 26);

        var headOfContact = TestAuth.Token([ServiceDefaults.Roles.CommandArea], ["reducing-harm"], "Head of Contact and Control");
        await _suite.ReducingHarm.CreateClient(headOfContact).SubmitActionUpdateAsync(new SubmitActionUpdateRequest { Number = 26, Text = "Table 8 now weights the mean by calls: 7.53 s." });
        await _suite.WaitUntilAsync(async () => (await Accountability.GetActionAsync(new GetActionRequest { Number = 26 })).History.Count == 2, "the update in the action log");
        var action = await Accountability.GetActionAsync(new GetActionRequest { Number = 26 });
        Assert.Equal(("Table 8 now weights the mean by calls: 7.53 s.", ActionStatus.Live), (action.History[1].Text, action.Status));
        Assert.Equal("Head of Contact and Control (reducing-harm)", action.History[1].Author);
        await _suite.WaitUntilAsync(async () => (await harm.ListOpenActionsAsync(new ListOpenActionsRequest())).Actions.Single(a => a.Number == 26).LastUpdate.StartsWith("Table 8", StringComparison.Ordinal), "the pillar's copy updated");

        await Accountability.UpdateActionAsync(new UpdateActionRequest { Number = 26, Text = "Done.", Status = ActionStatus.Closed, Author = "OPCCN" });
        await _suite.WaitUntilAsync(async () => (await harm.ListOpenActionsAsync(new ListOpenActionsRequest())).Actions.All(a => a.Number != 26), "the closed action gone from the pillar's list");
    }

    [Fact]
    public async Task Publishing_the_pack_locks_the_pillars_papers_except_for_corrections()
    {
        await _suite.WaitUntilAsync(async () => (await Accountability.GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = "pam-2026-04-21" })).Ready, "the April papers reported published");
        // The files are opaque to Accountability: the gateway renders them (its tests check what they hold).
        var publish = new PublishPackRequest { MeetingId = "pam-2026-04-21", Version = 1 };
        publish.Files.AddRange(new[] { "html", "pdf", "docx", "json" }.Select(f => new Plan.Accountability.V1.PackFile
        {
            Format = f, ContentType = "application/octet-stream", Content = Google.Protobuf.ByteString.CopyFromUtf8($"the {f} of the pack"),
        }));
        await Accountability.PublishPackAsync(publish);
        var harm = _suite.ReducingHarm.CreateClient();
        await _suite.WaitUntilAsync(async () => await _suite.ReducingHarm.WithDbAsync(db => db.Papers.AnyAsync(p => p.Locked)), "the paper locked");

        var paper = await harm.GetPaperAsync(new GetPaperRequest { PeriodEnd = "2025-12" });
        var refused = await Assert.ThrowsAsync<RpcException>(() => harm.ChangePaperStatusAsync(new ChangePaperStatusRequest { PeriodEnd = "2025-12", BaseVersion = paper.Version, Action = PaperAction.Return, Author = "DCC", Reason = "x" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("locked", refused.Status.Detail);
        var corrected = await harm.CorrectPaperAsync(new CorrectPaperRequest { PeriodEnd = "2025-12", BaseVersion = paper.Version, Author = "OPCCN", Note = "Typo in the conviction rates narrative." });
        Assert.Equal(PaperChange.Corrected, corrected.Change);
    }

    [Fact]
    public async Task Recorded_figures_publish_figures_changed_and_the_gateway_subscribes_to_it()
    {
        await _suite.ReducingHarm.CreateClient().RecordObservationsAsync(new RecordObservationsRequest
        {
            Observations = { new Plan.Pillar.V1.Observation { Indicator = "calls.total", From = "2026-01", To = "2026-01", Value = 9800 } },
        });
        await _suite.WaitUntilAsync(async () => (await _suite.MessagesAsync(Topics.FiguresChanged)).Any(m => m.GetProperty("cloudEvent").GetProperty("data").GetProperty("from").GetString() == "2026-01"), "figures-changed");

        await using var gateway = new ServiceServer<Gateway.Host>("gateway");
        using var http = new HttpClient { BaseAddress = gateway.HttpAddress };
        var subscriptions = await http.GetFromJsonAsync<JsonElement>("/dapr/subscribe");
        Assert.Equal([Topics.FiguresChanged, Topics.PackPublished, Topics.PaperStatusChanged], subscriptions.EnumerateArray().Select(s => s.GetProperty("topic").GetString()).Order());
    }

    [Fact]
    public async Task An_event_committed_while_the_sidecar_was_unreachable_is_published_after_a_crash_and_restart()
    {
        await _suite.ReducingHarm.DisposeAsync();
        _suite.ReducingHarm = _suite.Start<ReducingHarm.Host>("reducing-harm", sidecarReachable: false);
        await _suite.ReducingHarm.CreateClient().RecordObservationsAsync(new RecordObservationsRequest
        {
            Observations = { new Plan.Pillar.V1.Observation { Indicator = "calls.total", From = "2026-02", To = "2026-02", Value = 9100 } },
        });
        Assert.Contains(Topics.FiguresChanged, await _suite.ReducingHarm.WithDbAsync(db => db.Set<OutboxRow>().Where(o => o.SentAt == null).Select(o => o.Topic).ToListAsync()));

        await _suite.ReducingHarm.DisposeAsync();
        _suite.ReducingHarm = _suite.Start<ReducingHarm.Host>("reducing-harm");
        await _suite.WaitUntilAsync(async () => (await _suite.MessagesAsync(Topics.FiguresChanged)).Any(m => m.GetProperty("cloudEvent").GetProperty("data").GetProperty("from").GetString() == "2026-02"), "the event published after the restart");
        await _suite.WaitUntilAsync(async () => await _suite.ReducingHarm.WithDbAsync(db => db.Set<OutboxRow>().CountAsync(o => o.SentAt == null && o.Topic == Topics.FiguresChanged)) == 0, "the outbox emptied");
    }

    [Fact]
    public async Task A_subscriber_that_is_down_receives_everything_when_it_comes_back()
    {
        await _suite.CohesiveCommunities.DisposeAsync();
        await Accountability.ScheduleMeetingAsync(October);
        await Accountability.RaiseActionAsync(new RaiseActionRequest { Number = 27, MeetingId = "pam-2026-04-21", Owner = "cohesive-communities", Description = "Report cyclist KSI by district.", Author = "OPCCN" });
        await _suite.WaitUntilAsync(() => _suite.TriedAndFailedAsync(Topics.MeetingScheduled, "cohesive-communities"), "a delivery tried while cohesive-communities is down");

        _suite.CohesiveCommunities = _suite.Start<CohesiveCommunities.Host>("cohesive-communities");
        var cohesive = _suite.CohesiveCommunities.CreateClient();
        await _suite.WaitUntilAsync(async () => (await cohesive.GetPaperAsync(new GetPaperRequest { PeriodEnd = "2026-06" })).MeetingId == "pam-2026-10-14", "the paper opened after the restart");
        await _suite.WaitUntilAsync(async () => (await cohesive.ListOpenActionsAsync(new ListOpenActionsRequest())).Actions.Any(a => a.Number == 27), "the action after the restart");
    }

    [Fact]
    public async Task A_redelivered_event_has_one_effect()
    {
        var raised = new ActionRaised(40, "pam-2026-04-21", new DateOnly(2026, 4, 21), "A test action.", "reducing-harm");
        var delivery = Delivery(Topics.ActionRaised, raised);
        using var http = new HttpClient { BaseAddress = _suite.ReducingHarm.HttpAddress };
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.PostAsync("/events/action-raised", Content(delivery));
            Assert.Equal("SUCCESS", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }
        Assert.Equal(1, await _suite.ReducingHarm.WithDbAsync(db => db.OpenActions.CountAsync(a => a.Number == 40)));
        Assert.Equal(1, await _suite.ReducingHarm.WithDbAsync(db => db.Set<InboxRow>().CountAsync(i => i.EventId == raised.Id)));
    }

    [Fact]
    public async Task Flows_do_not_rely_on_delivery_order_older_news_never_overwrites_newer()
    {
        using var http = new HttpClient { BaseAddress = _suite.ReducingHarm.HttpAddress };
        await http.PostAsync("/events/action-raised", Content(Delivery(Topics.ActionRaised, new ActionRaised(41, "pam-2026-04-21", new DateOnly(2026, 4, 21), "Ordering.", "reducing-harm"))));
        await http.PostAsync("/events/action-updated", Content(Delivery(Topics.ActionUpdated, new ActionUpdated(41, "reducing-harm", "Live", "Newer", 3))));
        await http.PostAsync("/events/action-updated", Content(Delivery(Topics.ActionUpdated, new ActionUpdated(41, "reducing-harm", "Live", "Older", 2))));
        Assert.Equal("Newer", await _suite.ReducingHarm.WithDbAsync(db => db.OpenActions.Where(a => a.Number == 41).Select(a => a.LastUpdate).SingleAsync()));

        using var accountability = new HttpClient { BaseAddress = _suite.Accountability.HttpAddress };
        await accountability.PostAsync("/events/paper-status-changed", Content(Delivery(Topics.PaperStatusChanged, new PaperStatusChanged("reducing-harm", "2026-06", null, "Approved", 5, "DCC"))));
        await accountability.PostAsync("/events/paper-status-changed", Content(Delivery(Topics.PaperStatusChanged, new PaperStatusChanged("reducing-harm", "2026-06", null, "Submitted", 4, "Analyst"))));
        await Accountability.ScheduleMeetingAsync(October);
        var readiness = await Accountability.GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = "pam-2026-10-14" });
        var harm = readiness.Papers.Single(p => p.Pillar == "reducing-harm");
        Assert.Equal(("Approved", 5), (harm.Status, harm.Version));
    }

    [Fact]
    public async Task A_poison_message_is_dropped_into_the_dead_letter_topic_and_an_endless_retry_ends_there_too()
    {
        using var http = new HttpClient { BaseAddress = _suite.ReducingHarm.HttpAddress };
        using var poison = await http.PostAsync("/events/meeting-scheduled", new StringContent("""{"specversion":"1.0","id":"x","source":"s","type":"t","datacontenttype":"application/json","data":{"meetingId":7}}""", System.Text.Encoding.UTF8, "application/cloudevents+json"));
        Assert.Equal("DROP", (await poison.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await _suite.WaitUntilAsync(async () => (await _suite.MessagesAsync(Topics.DeadLetter)).Any(m => m.GetProperty("cloudEvent").GetProperty("data") is { ValueKind: JsonValueKind.Object } data
            && data.GetProperty("subscriber").GetString() == "reducing-harm" && data.GetProperty("topic").GetString() == Topics.MeetingScheduled), "the poison message in dead-letter");

        // Published with Dapr's SDK, as the services do; the update's action never arrives, so every delivery is answered RETRY.
        var orphan = new ActionUpdated(999, "reducing-harm", "Live", "An update for an action that never arrives.", 5);
        using var dapr = new Dapr.Client.DaprClientBuilder().UseGrpcEndpoint(_suite.SidecarGrpcAddress.ToString()).UseHttpEndpoint(_suite.SidecarAddress.ToString()).Build();
        await dapr.PublishEventAsync("pubsub", Topics.ActionUpdated, orphan);
        await _suite.WaitUntilAsync(async () => (await _suite.MessagesAsync(Topics.DeadLetter)).Any(m =>
            m.GetProperty("cloudEvent").GetProperty("data").TryGetProperty("id", out var id) && id.GetString() == orphan.Id.ToString()), "the retried message dead-lettered after its attempts");
    }

    [Fact]
    public async Task Subscriptions_and_cloud_events_have_daprs_documented_shape()
    {
        using var http = new HttpClient { BaseAddress = _suite.PreventingCrime.HttpAddress };
        var subscriptions = await http.GetFromJsonAsync<JsonElement>("/dapr/subscribe");
        Assert.Equal([Topics.ActionRaised, Topics.ActionUpdated, Topics.FiguresChanged, Topics.MeetingScheduled, Topics.PackPublished],
            subscriptions.EnumerateArray().Select(s => s.GetProperty("topic").GetString()).Order());
        foreach (var subscription in subscriptions.EnumerateArray())
        {
            Assert.Equal(["topic", "pubsubName", "route", "deadLetterTopic"], subscription.EnumerateObject().Select(p => p.Name));
            Assert.Equal(("pubsub", Topics.DeadLetter), (subscription.GetProperty("pubsubName").GetString(), subscription.GetProperty("deadLetterTopic").GetString()));
            Assert.Equal($"events/{subscription.GetProperty("topic").GetString()}", subscription.GetProperty("route").GetString());
        }

        await Accountability.ScheduleMeetingAsync(October);
        await _suite.WaitUntilAsync(async () => (await _suite.MessagesAsync(Topics.MeetingScheduled)).Count == 6, "the meeting-scheduled event");
        var cloudEvent = (await _suite.MessagesAsync(Topics.MeetingScheduled)).Last().GetProperty("cloudEvent");
        Assert.Equal("1.0", cloudEvent.GetProperty("specversion").GetString());
        Assert.Equal("accountability", cloudEvent.GetProperty("source").GetString());
        Assert.Equal("plan.meeting-scheduled.v1", cloudEvent.GetProperty("type").GetString());
        Assert.Equal("application/json", cloudEvent.GetProperty("datacontenttype").GetString());
        Assert.Equal((Topics.MeetingScheduled, "pubsub"), (cloudEvent.GetProperty("topic").GetString(), cloudEvent.GetProperty("pubsubname").GetString()));
        var data = cloudEvent.GetProperty("data");
        Assert.Equal(cloudEvent.GetProperty("id").GetString(), data.GetProperty("id").GetString());
        Assert.Equal(("pam-2026-10-14", "2026-06"), (data.GetProperty("meetingId").GetString(), data.GetProperty("periodEnd").GetString()));
    }

    private static string Delivery<T>(string topic, T integrationEvent) where T : IntegrationEvent => EventSuite.CloudEvent(topic, integrationEvent);

    private static StringContent Content(string cloudEvent) => new(cloudEvent, System.Text.Encoding.UTF8, "application/cloudevents+json");
}
