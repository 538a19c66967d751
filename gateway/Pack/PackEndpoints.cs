using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Authorization;
using Grpc.Core;
using Plan.Accountability.V1;
using PlanServices.Gateway.Routing;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Pack;

/// <summary>
/// <c>GET /packs/{meeting}.{html|pdf|docx|json}</c>: a meeting's pack, assembled on request, named by the
/// meeting id the OPCCN gave it (e.g. <c>pam-2026-04-21</c>). A pack with a missing part is still served,
/// marked where the part belongs, with <c>Pack-Partial: true</c> and <c>Pack-Missing</c> naming the parts.
/// </summary>
public static class PackEndpoints
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private static readonly Dictionary<string, string> Types = new()
    {
        ["html"] = "text/html; charset=utf-8",
        ["pdf"] = "application/pdf",
        ["docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ["json"] = "application/json; charset=utf-8",
    };

    public static IServiceCollection AddPacks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PackOptions>().BindConfiguration(PackOptions.Section)
            .Validate(o => o.Pillars.Count > 0, "Pack:Pillars names the pillars whose papers the pack holds").ValidateOnStart();
        var addresses = new ServiceAddresses(configuration);
        foreach (var name in configuration.GetSection($"{PackOptions.Section}:{nameof(PackOptions.Pillars)}").Get<string[]>() ?? [])
            services.AddServiceGrpcClient<Plan.Pillar.V1.PillarService.PillarServiceClient>(name, addresses.Grpc(name), "gateway");
        services.AddServiceGrpcClient<AccountabilityService.AccountabilityServiceClient>(ServiceClients.AccountabilityName,
            addresses.Grpc(ServiceClients.AccountabilityName), "gateway");
        services.AddSingleton<ServiceClients>();
        services.AddSingleton<PackAssembler>();
        services.AddSingleton<PackPdf>();
        services.AddSingleton<PackCache>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static IEndpointRouteBuilder MapPacks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/packs", async (ServiceClients clients, CancellationToken ct) =>
        {
            var meetings = await clients.Accountability.ListMeetingsAsync(new ListMeetingsRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct);
            return meetings.Meetings.Select(m => new { id = m.Id, title = m.Title, date = m.Date, formats = Types.Keys.Select(f => $"/packs/{m.Id}.{f}") });
        });
        app.MapGet("/packs/{file}", async (string file, HttpContext http, PackAssembler assembler, PackCache cache, PackPdf pdf,
            ServiceClients clients, IAuthorizationService authorization, CancellationToken ct) =>
        {
            var dot = file.LastIndexOf('.');
            var (meeting, format) = dot > 0 ? (file[..dot], file[(dot + 1)..].ToLowerInvariant()) : (file, "");
            if (!Types.TryGetValue(format, out var type))
                return Results.Problem(statusCode: 404, title: "Unknown format", detail: $"'{format}' is not a pack format: use .html, .pdf, .docx or .json, e.g. /packs/pam-2026-04-21.pdf");
            if (await AccessAsync(meeting, http, clients, authorization, ct) is { } refused) return refused;
            var pack = await cache.GetOrAssembleAsync(meeting, () => assembler.AssembleAsync(meeting, ct));
            if (pack is null) return Results.Problem(statusCode: 404, title: "Unknown meeting", detail: $"There is no meeting '{meeting}'. GET /packs lists them.");

            http.Response.Headers["Pack-Partial"] = pack.Partial ? "true" : "false";
            if (pack.Partial) http.Response.Headers["Pack-Missing"] = string.Join(", ", pack.Missing);
            return format switch
            {
                "html" => Results.Content(PackHtml.Render(pack), type),
                "pdf" => Results.File((await pdf.RenderAsync(pack, ct)).Pdf, type, $"{meeting}.pdf"),
                "docx" => Results.File(PackDocx.Render(pack), type, $"{meeting}.docx"),
                _ => Results.Text(JsonSerializer.Serialize(pack, Json), type),
            };
        });
        PackCache.MapCacheInvalidation(app);
        return app;
    }

    /// <summary>A published pack is public; one that is not yet published only for the suite's roles. Null when access is granted.</summary>
    private static async Task<IResult?> AccessAsync(string meeting, HttpContext http, ServiceClients clients, IAuthorizationService authorization, CancellationToken ct)
    {
        try
        {
            var readiness = await clients.Accountability.GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = meeting }, deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct);
            if (readiness.PublishedAt.Length > 0) return null;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return Results.Problem(statusCode: 404, title: "Unknown meeting", detail: $"There is no meeting '{meeting}'. GET /packs lists them.");
        }
        if (http.User.Identity?.IsAuthenticated != true)
            return Results.Problem(statusCode: 401, title: "Not published", detail: $"The pack of {meeting} is not published yet: sign in to see the draft.");
        return (await authorization.AuthorizeAsync(http.User, Policies.Reader)).Succeeded ? null
            : Results.Problem(statusCode: 403, title: "Not published", detail: $"The pack of {meeting} is not published yet, and your role may not see drafts.");
    }
}
