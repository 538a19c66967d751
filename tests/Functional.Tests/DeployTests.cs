using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Plan.Accountability.V1;
using PlanServices.Testing;
using YamlDotNet.RepresentationModel;

namespace PlanServices.Functional.Tests;

/// <summary>
/// Everything that names the suite's services agrees with its shape (deploy/suite.json): the catalogues' titles, run.sh,
/// tye.yaml, the Kubernetes manifests and the Dapr scopes.
/// </summary>
public sealed class DeployTests
{
    private static readonly ServiceDefaults.SuiteShape Shape = Repo.Shape;
    private static readonly string[] Services = [.. Shape.Services.Select(s => s.Id)];
    private static readonly string[] Apps = [.. Shape.Apps.Select(s => s.Id)];

    private static List<YamlMappingNode> Documents(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Repo.Path(path));
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => n is YamlSequenceNode seq ? seq[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)] : ((YamlMappingNode)n)[key]);

    private static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    [Fact]
    public void Every_pillar_of_the_shape_has_its_catalogue_s_id_and_title()
    {
        foreach (var pillar in Shape.Pillars)
        {
            var catalogue = File.ReadAllText(Repo.Path(pillar.Project, "catalogue.yaml"));
            string Top(string key) => System.Text.RegularExpressions.Regex.Match(catalogue, $"^{key}: *(.+?) *$", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value;
            Assert.Equal((pillar.Id, pillar.Title), (Top("pillar"), Top("title")));
        }
        Assert.Equal(Shape.Pillars.Count(p => p.Host.Length == 0), Repo.PillarHosts.Length);
    }

    [Fact]
    public async Task Run_sh_starts_every_service_of_the_shape_on_its_ports()
    {
        var start = new ProcessStartInfo("bash", ["run.sh", "--services"]) { WorkingDirectory = Repo.Root, RedirectStandardOutput = true };
        using var bash = Process.Start(start)!;
        var listed = (await bash.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
        await bash.WaitForExitAsync();
        Assert.Equal(Shape.Services.Append(Shape.Sidecar).Select(s => $"{s.Id} {s.Project} {s.Http} {s.Grpc} {(s.Host.Length > 0 ? s.Host : s.Project)}"),
            listed.Select(l => string.Join(' ', l)));
        Assert.All(listed, l => Assert.True(Directory.EnumerateFiles(Repo.Path(l[4]), "*.csproj").Any(), $"{l[4]} has no project"));
    }

    [Fact]
    public void Tye_names_every_service_with_its_project_and_the_ports_it_listens_on()
    {
        var tye = Documents("tye.yaml").Single();
        Assert.True(Directory.Exists(Repo.Path(Text(tye, "extensions", "0", "components-path"))));
        Assert.Equal("dapr", Text(tye, "extensions", "0", "name"));
        var all = ((YamlSequenceNode)tye["services"]).Cast<YamlMappingNode>().ToList();
        var services = all.Where(s => s.Children.ContainsKey("project")).ToList();
        Assert.Equal(Services.Order(), services.Select(s => Text(s, "name")).Order());
        foreach (var service in services)
        {
            var project = Text(service, "project");
            Assert.True(File.Exists(Repo.Path(project)), $"{project} does not exist");
            var bindings = ((YamlSequenceNode)service["bindings"]).Cast<YamlMappingNode>().ToDictionary(b => Text(b, "name"), b => int.Parse(Text(b, "port"), System.Globalization.CultureInfo.InvariantCulture));
            var own = Shape.Services.Single(s => s.Id == Text(service, "name"));
            Assert.Equal((own.Http, own.Grpc, Path.GetDirectoryName(project)), (bindings["http"], bindings["grpc"], own.Host.Length > 0 ? own.Host : own.Project));
        }
        var ports = all.SelectMany(s => ((YamlSequenceNode)s["bindings"]).Select(b => Text(b, "port"))).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());

        // Accountability sends its mail to the mail server tye runs.
        var mail = all.Single(s => Text(s, "name") == "mail");
        var smtp = ((YamlSequenceNode)mail["bindings"]).Cast<YamlMappingNode>().Single(b => Text(b, "name") == "smtp");
        var env = ((YamlSequenceNode)services.Single(s => Text(s, "name") == "accountability")["env"]).Cast<YamlMappingNode>().ToDictionary(e => Text(e, "name"), e => Text(e, "value"));
        Assert.Equal((Text(smtp, "port"), "localhost"), (env["Smtp__Port"], env["Smtp__Host"]));
    }

    [Fact]
    public async Task Run_sh_points_accountability_at_the_port_the_dev_sidecars_smtp_sink_is_given()
    {
        var lines = File.ReadAllLines(Repo.Path("run.sh"));
        Assert.Contains(lines, l => l.Contains("Smtp__Port=\"$smtp_port\"", StringComparison.Ordinal));
        string[] script = [.. lines.TakeWhile(l => !l.StartsWith("if [", StringComparison.Ordinal)), lines.Single(l => l.StartsWith("smtp_port=", StringComparison.Ordinal)), "echo \"$smtp_port\""];
        var start = new ProcessStartInfo("bash", ["-c", string.Join('\n', script)]) { WorkingDirectory = Repo.Root, RedirectStandardOutput = true };
        using var bash = Process.Start(start)!;
        var port = (await bash.StandardOutput.ReadToEndAsync()).Trim();
        Assert.Equal(Shape.Sidecar.Smtp.ToString(System.Globalization.CultureInfo.InvariantCulture), port);
    }

    [Fact]
    public void The_kubernetes_manifests_give_each_app_a_dapr_deployment_a_service_probes_and_its_configuration()
    {
        var documents = Documents("deploy/kubernetes/planservices.yaml");
        var byKind = documents.ToLookup(d => Text(d, "kind"));
        var secretKeys = ((YamlMappingNode)At(byKind["Secret"].Single(s => Text(s, "metadata", "name") == "planservices-db"), "stringData")).Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToHashSet();
        var configMap = Text(byKind["ConfigMap"].Single(), "metadata", "name");
        var settings = ((YamlMappingNode)At(byKind["ConfigMap"].Single(), "data")).Children.ToDictionary(k => ((YamlScalarNode)k.Key).Value!, k => ((YamlScalarNode)k.Value).Value!);
        // Each service is reached by its Service's name and ports; the gateway's routes follow from the shape.
        Assert.Equal(("http://{id}:8080", "http://{id}:8081"), (settings["Suite__HttpAddress"], settings["Suite__GrpcAddress"]));
        Assert.DoesNotContain(settings.Keys, k => k.StartsWith("ReverseProxy__", StringComparison.Ordinal));

        Assert.Equal(Services.Order(), byKind["Deployment"].Select(d => Text(d, "metadata", "name")).Order());
        foreach (var deployment in byKind["Deployment"])
        {
            var name = Text(deployment, "metadata", "name");
            var metadata = (YamlMappingNode)At(deployment, "spec", "template", "metadata");
            // Every app of the suite has its Dapr sidecar; the identity provider publishes no events and has none.
            if (Apps.Contains(name))
            {
                var annotations = (YamlMappingNode)metadata["annotations"];
                Assert.Equal(("true", name, "8080", "http"), (Text(annotations, "dapr.io/enabled"), Text(annotations, "dapr.io/app-id"), Text(annotations, "dapr.io/app-port"), Text(annotations, "dapr.io/app-protocol")));
            }
            else Assert.False(metadata.Children.ContainsKey("annotations"), $"{name} is not a Dapr app");

            var container = At(deployment, "spec", "template", "spec", "containers", "0");
            var ports = ((YamlSequenceNode)At(container, "ports")).Cast<YamlMappingNode>().ToDictionary(p => Text(p, "name"), p => Text(p, "containerPort"));
            Assert.Equal("8080", ports["http"]);
            Assert.Equal("8081", ports["grpc"]);
            Assert.Equal(("/health", "http"), (Text(container, "readinessProbe", "httpGet", "path"), Text(container, "readinessProbe", "httpGet", "port")));
            Assert.Equal(("/alive", "http"), (Text(container, "livenessProbe", "httpGet", "path"), Text(container, "livenessProbe", "httpGet", "port")));
            Assert.NotNull(At(container, "resources", "limits", "memory"));
            Assert.Equal(configMap, Text(container, "envFrom", "0", "configMapRef", "name"));
            if (name != "gateway")
            {
                Assert.Equal((name, "planservices-db"), (Text(container, "env", "0", "valueFrom", "secretKeyRef", "key"), Text(container, "env", "0", "valueFrom", "secretKeyRef", "name")));
                Assert.Contains(name, secretKeys);
                Assert.Equal($"ConnectionStrings__{name}", Text(container, "env", "0", "name"));
            }

            var service = byKind["Service"].Single(s => Text(s, "metadata", "name") == name);
            Assert.Equal(name, Text(service, "spec", "selector", "app"));
            Assert.Equal(["http", "grpc"], ((YamlSequenceNode)At(service, "spec", "ports")).Select(p => Text(p, "targetPort")));
        }
    }

    [Fact]
    public void Dockerfiles_and_dapr_components_exist_for_what_the_manifests_run()
    {
        Assert.True(File.Exists(Repo.Path("deploy", "docker", "service.Dockerfile")));
        Assert.Contains("chromium", File.ReadAllText(Repo.Path("deploy", "docker", "gateway.Dockerfile")));
        foreach (var file in new[] { "deploy/dapr/components/pubsub.yaml", "deploy/dapr/cluster/pubsub-kafka.yaml" })
        {
            var component = Documents(file).Single();
            Assert.Equal(("Component", "pubsub"), (Text(component, "kind"), Text(component, "metadata", "name")));
            Assert.Equal(Apps.Order(), ((YamlSequenceNode)component["scopes"]).Select(s => ((YamlScalarNode)s).Value).Order());
        }
    }

    public static TheoryData<string> Hosts() => new(["preventing-crime", "cohesive-communities", "reducing-harm", "accountability", "gateway", "identity", "dev-sidecar"]);

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Every_host_answers_health_and_alive(string host)
    {
        await using IServiceServer server = host switch
        {
            "preventing-crime" => new ServiceServer<PreventingCrime.Host>(host),
            "cohesive-communities" => new ServiceServer<CohesiveCommunities.Host>(host),
            "reducing-harm" => new ServiceServer<ReducingHarm.Host>(host),
            "accountability" => new ServiceServer<Accountability.Host>(host),
            "gateway" => new ServiceServer<Gateway.Host>(host),
            _ => new ServiceServer<DevSidecar.Host>(host),
        };
        using var client = TestAuth.Http(server.HttpAddress, "");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
    }
}

/// <summary>One W3C trace from a request through the gateway to a service, and through the events it raises.</summary>
public sealed class TracingTests : IDisposable
{
    private readonly List<Activity> _activities = [];
    private readonly ActivityListener _listener;

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (_activities) _activities.Add(activity); },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    private List<Activity> Trace(ActivityTraceId id)
    {
        lock (_activities) return _activities.Where(a => a.TraceId == id).ToList();
    }

    [Fact]
    public async Task A_call_through_the_gateway_and_the_events_it_causes_share_one_trace()
    {
        await using var suite = await EventSuite.StartAsync();
        await using var gateway = new ServiceServer<Gateway.Host>("gateway", new Dictionary<string, string>
        {
            ["ReverseProxy:Clusters:accountability-grpc:Destinations:primary:Address"] = suite.Accountability.GrpcAddress.ToString(),
        });
        using var source = new ActivitySource("PlanServices.Tests");
        using var root = source.StartActivity("schedule a meeting")!;
        var accountability = new AccountabilityService.AccountabilityServiceClient(gateway.Channel());
        await accountability.ScheduleMeetingAsync(new Meeting { Id = "pam-2026-10-14", Title = "PCC Accountability Meeting", Date = "2026-10-14", PeriodEnd = "2026-06" });
        root.Stop();

        // A server's activity stops after its response is written, so each is waited for.
        await suite.WaitUntilAsync(() => Task.FromResult(Trace(root.TraceId).Count(a => a.Source.Name == "Microsoft.AspNetCore") >= 2),
            "the gateway's and Accountability's requests in the trace");
        await suite.WaitUntilAsync(() => Task.FromResult(Trace(root.TraceId).Count(a => a.OperationName == "handle meeting-scheduled") >= 3),
            "each pillar's handling of meeting-scheduled in the same trace");
    }
}
