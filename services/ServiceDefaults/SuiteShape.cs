using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace PlanServices.ServiceDefaults;

/// <summary>A service of the suite: its id (app id, connection string name, host name), project and one-command run ports.</summary>
public class SuiteService
{
    public string Id { get; set; } = "";
    public string Project { get; set; } = "";

    /// <summary>The project whose binary runs the service, when its folder has none of its own (a pillar on another pillar's host).</summary>
    public string Host { get; set; } = "";

    public int Http { get; set; }
    public int Grpc { get; set; }
}

/// <summary>A priority of the Police and Crime Plan: a pillar service, with the title its catalogue gives it.</summary>
public sealed class SuitePillar : SuiteService
{
    public string Title { get; set; } = "";
}

/// <summary>The dev sidecar of the one-command run, which is also its SMTP sink.</summary>
public sealed class SuiteSidecar : SuiteService
{
    public int Smtp { get; set; }
}

/// <summary>
/// The suite's shape, the "Suite" section, read from deploy/suite.json (copied beside every host): the Plan's pillars
/// in priority order, the other services, and how an address is made from a service's id and ports. Everything that
/// names the pillars or the one-command run's ports follows from it (docs/suite-shape.md).
/// </summary>
public sealed class SuiteShape
{
    public const string Section = "Suite";
    public const string FileName = "suite.json";
    public const string Opccn = "opccn";

    public List<SuitePillar> Pillars { get; set; } = [];
    public SuiteService Accountability { get; set; } = new();
    public SuiteService Gateway { get; set; } = new();

    /// <summary>The embedded OpenID Connect provider (services/Identity), every other service's <c>Auth:Authority</c> by default.</summary>
    public SuiteService Identity { get; set; } = new();
    public SuiteSidecar Sidecar { get; set; } = new();

    /// <summary>A service's HTTP/1.1 address, e.g. "http://localhost:{http}" or, on Kubernetes, "http://{id}:8080".</summary>
    public string HttpAddress { get; set; } = "http://localhost:{http}";

    /// <summary>A service's gRPC (h2c) address, made as <see cref="HttpAddress"/>.</summary>
    public string GrpcAddress { get; set; } = "http://localhost:{grpc}";

    public IReadOnlyList<string> PillarIds => [.. Pillars.Select(p => p.Id)];

    /// <summary>Every service the suite runs (the dev sidecar is the one-command run's, not the suite's).</summary>
    public IEnumerable<SuiteService> Services => [.. Apps, Identity];

    /// <summary>The services that publish and receive events (Dapr apps): all but the identity provider.</summary>
    public IEnumerable<SuiteService> Apps => [.. Pillars, Accountability, Gateway];

    public bool IsPillar(string? id) => Pillars.Any(p => p.Id == id);

    /// <summary>"Reducing Harm" for reducing-harm (its catalogue's title), "OPCCN" for the OPCCN as an action's owner.</summary>
    public string Title(string id) => id == Opccn ? "OPCCN" : Pillars.FirstOrDefault(p => p.Id == id)?.Title ?? id;

    /// <summary>The priority's number in the Plan (1 for the first pillar), 0 for none.</summary>
    public int Priority(string id) => Pillars.FindIndex(p => p.Id == id) + 1;

    public string HttpOf(SuiteService service) => Address(HttpAddress, service);

    public string GrpcOf(SuiteService service) => Address(GrpcAddress, service);

    private static string Address(string pattern, SuiteService service) => pattern
        .Replace("{id}", service.Id, StringComparison.Ordinal)
        .Replace("{http}", service.Http.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{grpc}", service.Grpc.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>The shape as <paramref name="configuration"/> holds it; a pillar without a title or id, or one named twice, is refused.</summary>
    public static SuiteShape From(IConfiguration configuration)
    {
        var shape = configuration.GetSection(Section).Get<SuiteShape>() ?? new SuiteShape();
        var errors = shape.Pillars.Select((p, i) => (p, i))
            .Where(x => string.IsNullOrWhiteSpace(x.p.Id) || string.IsNullOrWhiteSpace(x.p.Title))
            .Select(x => $"Suite:Pillars:{x.i}: a pillar needs an Id and a Title").ToList();
        errors.AddRange(shape.Pillars.GroupBy(p => p.Id).Where(g => g.Count() > 1).Select(g => $"Suite:Pillars: '{g.Key}' is named twice"));
        if (shape.Pillars.Count == 0) errors.Add($"Suite:Pillars: none configured ({FileName} beside the host, or settings)");
        return errors.Count == 0 ? shape : throw new InvalidOperationException(string.Join("; ", errors));
    }

    /// <summary>The shape a suite file gives, read as the hosts read it.</summary>
    public static SuiteShape Load(string file) =>
        From(new ConfigurationBuilder().AddJsonFile(file, optional: false, reloadOnChange: false).Build());

    /// <summary>Settings that follow from the shape, below every other source (so any setting may still override one).</summary>
    public static void Defaults(IHostApplicationBuilder builder, IDictionary<string, string?> settings) =>
        ((IConfigurationBuilder)builder.Configuration).Sources.Insert(1, new MemoryConfigurationSource { InitialData = settings });
}

public static class SuiteShapeExtensions
{
    /// <summary>
    /// Reads deploy/suite.json (copied beside the host) before every other setting, so that appsettings, the environment
    /// and the command line override it, and registers the shape.
    /// </summary>
    public static SuiteShape AddSuiteShape(this IHostApplicationBuilder builder)
    {
        var sources = (IConfigurationBuilder)builder.Configuration;
        if (!sources.Sources.OfType<JsonConfigurationSource>().Any(s => s.Path == SuiteShape.FileName))
            sources.Sources.Insert(0, new JsonConfigurationSource
            {
                Path = SuiteShape.FileName, Optional = false, FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            });
        var shape = SuiteShape.From(builder.Configuration);
        builder.Services.Replace(ServiceDescriptor.Singleton(shape));
        return shape;
    }

    /// <summary>The Kestrel endpoints of <paramref name="service"/> in the one-command run (HTTP/1.1 and h2c), unless set otherwise.</summary>
    public static IHostApplicationBuilder UseSuitePorts(this IHostApplicationBuilder builder, string service)
    {
        var shape = builder.AddSuiteShape();
        if (shape.Services.Append(shape.Sidecar).FirstOrDefault(s => s.Id == service) is { } own)
            SuiteShape.Defaults(builder, new Dictionary<string, string?>
            {
                ["Kestrel:Endpoints:Http:Url"] = $"http://localhost:{own.Http}",
                ["Kestrel:Endpoints:Http:Protocols"] = "Http1",
                ["Kestrel:Endpoints:Grpc:Url"] = $"http://localhost:{own.Grpc}",
                ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
            });
        return builder;
    }
}
