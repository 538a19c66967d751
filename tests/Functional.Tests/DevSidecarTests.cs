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
    public async Task Its_smtp_sink_keeps_the_mail_it_receives_across_a_restart_and_lists_it_at_dev_mail()
    {
        var settings = new Dictionary<string, string>
        {
            ["Sidecar:SmtpPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sidecar:DataFile"] = Path.Combine(Path.GetTempPath(), $"sidecar-{Guid.NewGuid():N}.db"),
        };
        var mail = new MimeKit.MimeMessage { Subject = "Reducing Harm paper returned to draft: please change it", MessageId = "paper-returned.test@planservices" };
        mail.From.Add(new MimeKit.MailboxAddress("PlanServices", "planservices@example.org"));
        mail.To.Add(new MimeKit.MailboxAddress("Analyst, Reducing Harm", "analyst-reducing-harm@example.org"));
        mail.Body = new MimeKit.TextPart("plain") { Text = "The reason given:\n\n    <script>alert(1)</script> Table 8.\n\nChange it here:\nhttp://localhost:5100/app/papers/2026-12\n" };
        await using (var sidecar = new ServiceServer<DevSidecar.Host>("dev-sidecar", settings))
        {
            using var smtp = new MailKit.Net.Smtp.SmtpClient();
            for (var attempt = 1; !smtp.IsConnected; attempt++)
            {
                try
                {
                    await smtp.ConnectAsync("127.0.0.1", int.Parse(settings["Sidecar:SmtpPort"], System.Globalization.CultureInfo.InvariantCulture), MailKit.Security.SecureSocketOptions.None);
                }
                catch (System.Net.Sockets.SocketException) when (attempt < 50)
                {
                    await Task.Delay(100);
                }
            }
            await smtp.SendAsync(mail);
            await smtp.DisconnectAsync(true);
        }

        await using var restarted = new ServiceServer<DevSidecar.Host>("dev-sidecar", settings);
        using var http = new HttpClient { BaseAddress = restarted.HttpAddress };
        using var json = new HttpRequestMessage(HttpMethod.Get, "/dev/mail") { Headers = { { "Accept", "application/json" } } };
        var stored = Assert.Single(await (await http.SendAsync(json)).Content.ReadFromJsonAsync<List<JsonElement>>() ?? []);
        Assert.Equal(("paper-returned.test@planservices", "\"PlanServices\" <planservices@example.org>", "analyst-reducing-harm@example.org", "Reducing Harm paper returned to draft: please change it"),
            (stored.GetProperty("messageId").GetString(), stored.GetProperty("from").GetString(), stored.GetProperty("to").EnumerateArray().Single().GetString(),
             stored.GetProperty("subject").GetString()));

        var page = await http.GetStringAsync("/dev/mail");
        Assert.Contains("<html lang=\"en-GB\">", page);
        Assert.Contains("<h2 id=\"mail-0\">Reducing Harm paper returned to draft: please change it</h2>", page);
        Assert.Contains("<dt>To</dt><dd>analyst-reducing-harm@example.org</dd>", page);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; Table 8.", page);
        Assert.DoesNotContain("<script>", page);
        Assert.Contains("<a href=\"http://localhost:5100/app/papers/2026-12\">http://localhost:5100/app/papers/2026-12</a>", page);
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
