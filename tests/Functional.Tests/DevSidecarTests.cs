using System.Net.Http.Json;
using System.Text.Json;
using Dapr;
using Dapr.Client;
using PlanServices.DevSidecar;
using PlanServices.Testing;

namespace PlanServices.Functional.Tests;

/// <summary>The dev sidecar is a stand-in for daprd: Dapr's own SDK must work against it unchanged.</summary>
public sealed class DevSidecarTests
{
    [Fact]
    public void Its_publish_api_has_daprs_own_package_service_method_and_fields()
    {
        var ours = DevSidecar.DaprApi.DaprReflection.Descriptor;
        var dapr = Dapr.Client.Autogen.Grpc.v1.DaprReflection.Descriptor;
        Assert.Equal(dapr.Package, ours.Package);
        var method = ours.Services.Single().Methods.Single();
        var theirs = dapr.Services.Single().FindMethodByName(method.Name);
        Assert.Equal(theirs.FullName, method.FullName);
        Assert.Equal(theirs.InputType.FullName, method.InputType.FullName);
        Assert.Equal(theirs.OutputType.FullName, method.OutputType.FullName);
        Assert.Equal(theirs.InputType.Fields.InFieldNumberOrder().Select(f => (f.FieldNumber, f.Name, f.FieldType, f.IsMap)),
            method.InputType.Fields.InFieldNumberOrder().Select(f => (f.FieldNumber, f.Name, f.FieldType, f.IsMap)));
    }

    [Fact]
    public async Task An_app_that_subscribes_late_gets_what_was_already_published_on_its_topic_once()
    {
        var store = new DevSidecar.SidecarStore(Path.Combine(Path.GetTempPath(), $"sidecar-{Guid.NewGuid():N}.db"));
        await store.PublishAsync("m1", "meeting-scheduled", "{}");
        await store.PublishAsync("m2", "figures-changed", "{}");
        Assert.Empty(await store.DueAsync(10));

        StoredSubscription[] subscriptions = [new("reducing-harm", "meeting-scheduled", "/events/meeting-scheduled", "dead-letter")];
        await store.ReplaceSubscriptionsAsync("reducing-harm", subscriptions);
        Assert.Equal(["m1"], (await store.DueAsync(10)).Select(d => d.MessageId));

        // Discovered again (every few seconds): nothing is queued twice.
        await store.ReplaceSubscriptionsAsync("reducing-harm", subscriptions);
        await store.PublishAsync("m3", "meeting-scheduled", "{}");
        Assert.Equal(["m1", "m3"], (await store.DueAsync(10)).Select(d => d.MessageId));
    }

    [Fact]
    public async Task Daprs_client_checks_its_health_and_publishes_over_grpc_only_with_the_api_token()
    {
        await using var sidecar = new ServiceServer<DevSidecar.Host>("dev-sidecar", new Dictionary<string, string> { ["Sidecar:ApiToken"] = "publisher-secret" });
        DaprClient Client(string? token)
        {
            var builder = new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcAddress.ToString()).UseHttpEndpoint(sidecar.HttpAddress.ToString());
            return (token is null ? builder : builder.UseDaprApiToken(token)).Build();
        }

        using var anonymous = Client(null);
        Assert.True(await anonymous.CheckHealthAsync());
        var refused = await Assert.ThrowsAsync<DaprException>(() => anonymous.PublishEventAsync("pubsub", "test-topic", new { n = 1 }));
        Assert.Equal(StatusCode.Unauthenticated, Assert.IsType<RpcException>(refused.InnerException).StatusCode);

        using var publisher = Client("publisher-secret");
        var id = Guid.NewGuid().ToString();
        await publisher.PublishEventAsync("pubsub", "test-topic", new { n = 2 }, new Dictionary<string, string>
        {
            ["cloudevent.id"] = id, ["cloudevent.source"] = "tests", ["cloudevent.type"] = "plan.test-topic.v1",
        });
        var unknown = await Assert.ThrowsAsync<DaprException>(() => publisher.PublishEventAsync("no-such-pubsub", "test-topic", new { n = 3 }));
        Assert.Contains("ERR_PUBSUB_NOT_FOUND", Assert.IsType<RpcException>(unknown.InnerException).Status.Detail);

        using var http = new HttpClient { BaseAddress = sidecar.HttpAddress };
        var message = Assert.Single(await http.GetFromJsonAsync<List<JsonElement>>("/dev/messages?topic=test-topic") ?? []);
        var cloudEvent = message.GetProperty("cloudEvent");
        Assert.Equal((id, "tests", "plan.test-topic.v1", "application/json", "test-topic", "pubsub", 2),
            (cloudEvent.GetProperty("id").GetString(), cloudEvent.GetProperty("source").GetString(), cloudEvent.GetProperty("type").GetString(),
             cloudEvent.GetProperty("datacontenttype").GetString(), cloudEvent.GetProperty("topic").GetString(), cloudEvent.GetProperty("pubsubname").GetString(),
             cloudEvent.GetProperty("data").GetProperty("n").GetInt32()));
    }
}
