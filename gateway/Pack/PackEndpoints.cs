using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Net.Http.Headers;
using Grpc.Core;
using Plan.Accountability.V1;
using PlanServices.Gateway.Routing;
using PlanServices.Gateway.Web;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Pack;

/// <summary>
/// The packs, named by the meeting id the OPCCN gave the meeting (e.g. <c>pam-2026-04-21</c>):
/// <c>GET /packs/{meeting}.{html|pdf|docx|json}</c> serves the latest published version exactly as stored (public),
/// <c>GET /packs/{meeting}/v{N}.{format}</c> an earlier one; a pack not yet published is assembled on request for the
/// Deputy Chief Constable and the OPCCN only (it holds every priority's draft), and one with a missing part is marked where the part belongs (<c>Pack-Partial</c>,
/// <c>Pack-Missing</c>). The OPCCN publishes (<c>POST /packs/{meeting}/publish</c>) and corrects
/// (<c>GET</c>/<c>POST /packs/{meeting}/correction</c>). <c>GET /</c> and <c>GET /packs</c> are the public pages.
/// </summary>
public static class PackEndpoints
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private static readonly IReadOnlyDictionary<string, string> Types = PackPublisher.ContentTypes;

    public static IServiceCollection AddPacks(this IServiceCollection services, IConfiguration configuration, SuiteShape shape)
    {
        services.AddOptions<PackOptions>().BindConfiguration(PackOptions.Section);
        var addresses = new ServiceAddresses(configuration);
        foreach (var name in shape.PillarIds)
            services.AddServiceGrpcClient<Plan.Pillar.V1.PillarService.PillarServiceClient>(name, addresses.Grpc(name));
        services.AddServiceGrpcClient<AccountabilityService.AccountabilityServiceClient>(ServiceClients.AccountabilityName,
            addresses.Grpc(shape.Accountability.Id));
        services.AddSingleton<ServiceClients>();
        services.AddSingleton<PackAssembler>();
        services.AddSingleton<PublicPages>();
        services.AddSingleton<PackHtml>();
        services.AddWebEncoders(PackHtml.Encoders);
        services.AddSingleton<PackPdf>();
        services.AddSingleton<PackPublisher>();
        services.AddSingleton<PackCache>();
        services.AddSingleton<PublishedFiles>();
        services.AddPublicForms();
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static IEndpointRouteBuilder MapPacks(this IEndpointRouteBuilder app)
    {
        string[] read = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/", read, (HttpContext http, PublicPages pages) => pages.LandingAsync(http));
        app.MapMethods("/packs", read, async (HttpContext http, PublishedFiles files, PublicPages pages, CancellationToken ct) =>
        {
            var published = await files.IndexAsync(ct);
            return http.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase)
                ? Results.Json(published.Select(p => new
                {
                    id = p.MeetingId, title = p.Title, date = p.Date, version = p.Latest,
                    formats = Types.Keys.ToDictionary(f => f, f => $"/packs/{p.MeetingId}.{f}"),
                    versions = p.Versions.Select(v => new { version = v.Version, publishedAt = v.PublishedAt, note = v.Note, formats = Types.Keys.ToDictionary(f => f, f => $"/packs/{p.MeetingId}/v{v.Version}.{f}") }),
                }), Json)
                : await pages.IndexAsync(http, published);
        });
        app.MapMethods("/packs/{file}", read, (string file, HttpContext http, IServiceProvider services, CancellationToken ct) =>
            Split(file) is var (meeting, format) ? ServeAsync(meeting, 0, format, http, services, ct)
            : file.Contains('.') ? Task.FromResult(UnknownFormat(file))
            : PackPageAsync(file, http, services.GetRequiredService<PublishedFiles>(), ct));
        app.MapMethods("/packs/{meeting}/tables/{file}", read, async (string meeting, string file, int? version, PublishedFiles files, CancellationToken ct) =>
        {
            if (!file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || !int.TryParse(file[..^4], out var number))
                return NotFoundPages.Result("Unknown table", $"'{file}' is not a table: use its number, e.g. /packs/{meeting}/tables/1.csv");
            if (await PublishedModelAsync(meeting, version ?? 0, files, ct) is not { } pack) return NotPublished(meeting);
            return pack.Papers.SelectMany(p => p.Objectives).SelectMany(o => o.Tables).FirstOrDefault(t => t.Number == number) is { } table
                ? Results.File(TableCsv.Render(table), "text/csv; charset=utf-8", $"{meeting}-table-{number}.csv")
                : NotFoundPages.Result("Unknown table", $"The pack of {meeting} has no table {number}.");
        });
        app.MapMethods("/packs/{meeting}/{file}", read, (string meeting, string file, HttpContext http, IServiceProvider services, CancellationToken ct) =>
            Split(file) is var (version, format) && version.StartsWith('v') && int.TryParse(version[1..], out var n) && n > 0
                ? ServeAsync(meeting, n, format, http, services, ct)
                : Task.FromResult(NotFoundPages.Result("Unknown version", $"'{file}' is not a version of a pack: use e.g. /packs/{meeting}/v1.pdf")));

        app.MapPost("/packs/{meeting}/publish", async (string meeting, HttpContext http, PackPublisher publisher, PackCache cache, CancellationToken ct) =>
        {
            var outcome = await publisher.PublishAsync(meeting, Caller(http), ct);
            cache.Clear();
            return Outcome(meeting, outcome);
        }).RequireAuthorization(Policies.Opccn);
        app.MapGet("/packs/{meeting}/correction", async (string meeting, HttpContext http, PackPublisher publisher, CancellationToken ct) =>
            await publisher.PreviewCorrectionAsync(meeting, Caller(http), ct) is var (latest, _, changes)
                ? Results.Json(new { meetingId = meeting, latestVersion = latest.Publication?.Version, changes }, Json)
                : NotPublished(meeting)).RequireAuthorization(Policies.Opccn);
        app.MapPost("/packs/{meeting}/correction", async (string meeting, CorrectionRequest request, HttpContext http, PackPublisher publisher, CancellationToken ct) =>
            Outcome(meeting, await publisher.CorrectAsync(meeting, request.Reason ?? "", Caller(http), ct))).RequireAuthorization(Policies.Opccn);
        app.MapMethods("/measures", read, async (HttpContext http, PublishedFiles files, PublicPages pages, CancellationToken ct) =>
            await pages.MeasuresAsync(http, await MeasureStories.ReadAsync(files, ct)));
        app.MapMethods("/measures/{pillar}/{indicator}", read, async (string pillar, string indicator, HttpContext http, PublishedFiles files, PublicPages pages, CancellationToken ct) =>
            (await MeasureStories.ReadAsync(files, ct)).FirstOrDefault(s => s.Pillar == pillar && s.Indicator == indicator) is { } story
                ? await pages.MeasureAsync(http, story)
                : NotFoundPages.Result("Unknown measure", $"No published pack charts '{indicator}' of '{pillar}'; /measures lists the measures they chart."));
        PackCache.MapCacheInvalidation(app);
        app.MapPublicFeeds();
        app.MapMeetingPages();
        app.MapSearch();
        return app;
    }

    /// <summary>The body of a correction: why it is made (printed in the pack's correction note).</summary>
    public sealed record CorrectionRequest(string? Reason);

    /// <summary>
    /// A published pack: its stored bytes, whatever happened to the data since, served as a file is (its hash as the ETag, so
    /// that a conditional request gets 304 Not Modified; HEAD; byte ranges). A version's own address never changes and may
    /// be cached for good; the latest is revalidated. An unpublished one: assembled now, for the suite's roles only.
    /// </summary>
    private static async Task<IResult> ServeAsync(string meeting, int version, string format, HttpContext http, IServiceProvider services, CancellationToken ct)
    {
        var files = services.GetRequiredService<PublishedFiles>();
        var entry = (await files.IndexAsync(ct)).FirstOrDefault(p => p.MeetingId == meeting);
        if (entry is null || await files.FileAsync(entry, version, format, ct) is not { } file)
            return version == 0 ? await DraftAsync(meeting, format, http, services, ct)
                : NotFoundPages.Result("Unknown version", $"The pack of '{meeting}' has no published version {version}.");
        http.Response.Headers["Pack-Version"] = file.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers["Pack-Latest-Version"] = entry.Latest.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers["Pack-Partial"] = "false";
        http.Response.Headers.CacheControl = version == 0 ? "no-cache" : "public, max-age=31536000, immutable";
        var name = format is "html" or "json" ? null : version == 0 ? $"{meeting}.{format}" : $"{meeting}-v{version}.{format}";
        return Results.File(file.Content, file.ContentType, name, enableRangeProcessing: true, file.PublishedAt, new EntityTagHeaderValue($"\"{file.Sha256}\""));
    }

    private static async Task<IResult> DraftAsync(string meeting, string format, HttpContext http, IServiceProvider services, CancellationToken ct)
    {
        var clients = services.GetRequiredService<ServiceClients>();
        try
        {
            await clients.Accountability.GetMeetingAsync(new GetMeetingRequest { Id = meeting }, deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return UnknownMeeting(meeting);
        }
        if (http.User.Identity?.IsAuthenticated != true)
            return Results.Problem(statusCode: 401, title: "Not published", detail: $"The pack of {meeting} is not published yet: sign in to see the draft.");
        if (!(await services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, Policies.Reviewer)).Succeeded)
            return Results.Problem(statusCode: 403, title: "Not published", detail: $"The pack of {meeting} is not published yet: its draft, which holds every priority's paper, is for the Deputy Chief Constable and the OPCCN.");

        var pack = await services.GetRequiredService<PackCache>().GetOrAssembleAsync(meeting, () => services.GetRequiredService<PackAssembler>().AssembleAsync(meeting, ct));
        if (pack is null) return UnknownMeeting(meeting);
        http.Response.Headers["Pack-Partial"] = pack.Partial ? "true" : "false";
        if (pack.Partial) http.Response.Headers["Pack-Missing"] = string.Join(", ", pack.Missing);
        http.Response.Headers.CacheControl = "no-store";
        var type = Types[format];
        return format switch
        {
            "html" => Results.Content(await services.GetRequiredService<PackHtml>().RenderAsync(pack), type),
            "pdf" => Results.File((await services.GetRequiredService<PackPdf>().RenderAsync(pack, ct)).Pdf, type, $"{meeting}.pdf"),
            "docx" => Results.File(PackDocx.Render(pack), type, $"{meeting}.docx"),
            _ => Results.Text(JsonSerializer.Serialize(pack, Json), type),
        };
    }

    /// <summary>A published pack's own public page: what it holds, its downloads, each table as CSV, and its versions.</summary>
    private static async Task<IResult> PackPageAsync(string meeting, HttpContext http, PublishedFiles files, CancellationToken ct)
    {
        if (await PublishedModelAsync(meeting, 0, files, ct) is not { } pack) return NotPublished(meeting);
        var entry = (await files.IndexAsync(ct)).Single(p => p.MeetingId == meeting);
        return await http.RequestServices.GetRequiredService<PublicPages>().PackAsync(http, entry, pack);
    }

    /// <summary>The model of a published version (0: the latest), as stored with it; null when not published.</summary>
    private static async Task<PackDocument?> PublishedModelAsync(string meeting, int version, PublishedFiles files, CancellationToken ct) =>
        await files.FileAsync(meeting, version, "json", ct) is { } json ? JsonSerializer.Deserialize<PackDocument>(json.Content, Json) : null;

    /// <summary>Calls made for a signed-in user carry their own token, so that Accountability records who published.</summary>
    private static Metadata Caller(HttpContext http) => new() { { "authorization", http.Request.Headers.Authorization.ToString() } };

    private static IResult Outcome(string meeting, PublishOutcome? outcome) => outcome switch
    {
        null => NotPublished(meeting),
        { Published: true } => Results.Json(new
        {
            meetingId = meeting, version = outcome.Version, changes = outcome.Changes,
            formats = Types.Keys.ToDictionary(f => f, f => $"/packs/{meeting}/v{outcome.Version}.{f}"),
        }, Json, statusCode: 201),
        _ => Results.Json(new { title = "Not published", meetingId = meeting, problems = outcome.Refusals }, Json, statusCode: 409),
    };

    private static (string Name, string Format)? Split(string file)
    {
        var dot = file.LastIndexOf('.');
        return dot > 0 && Types.ContainsKey(file[(dot + 1)..].ToLowerInvariant()) ? (file[..dot], file[(dot + 1)..].ToLowerInvariant()) : null;
    }

    private static IResult UnknownFormat(string file) =>
        NotFoundPages.Result("Unknown format", $"'{file}' is not a pack file: use .html, .pdf, .docx or .json, e.g. /packs/pam-2026-04-21.pdf");

    private static IResult UnknownMeeting(string meeting) =>
        NotFoundPages.Result("Unknown meeting", $"There is no meeting '{meeting}'; /packs lists the published packs.");

    private static IResult NotPublished(string meeting) =>
        NotFoundPages.Result("Not found", $"There is no published pack of '{meeting}' (or no such meeting).");
}

/// <summary>A published pack in the public index.</summary>
public sealed record PublishedEntry(string MeetingId, string Title, DateOnly Date, int Latest, IReadOnlyList<PublishedVersion> Versions);

public sealed record PublishedVersion(int Version, string PublishedAt, string Note);
