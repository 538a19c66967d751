using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Plan.Accountability.V1;

namespace PlanServices.Gateway.Pack;

/// <summary>The outcome of a publish or a correction: the version recorded, or every reason it was refused.</summary>
public sealed record PublishOutcome(int Version, IReadOnlyList<string> Changes, IReadOnlyList<string> Refusals)
{
    public bool Published => Refusals.Count == 0;
}

/// <summary>
/// Freezes a pack: assembles it from today's data, renders every format once (the PDF first, so that the agenda can
/// name the page each part starts on in all of them), and has Accountability store the files with their hashes as the
/// published record, which is then served as it is, whatever happens to the data. A correction re-assembles the pack,
/// lists what changed cell by cell against the latest version, and publishes the next version with a visible note.
/// Nothing is stored unless every check passes and every file is rendered.
/// </summary>
public sealed class PackPublisher(PackAssembler assembler, PackHtml html, PackPdf pdf, ServiceClients clients, PublishedFiles published, TimeProvider clock)
{
    public static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        ["html"] = "text/html; charset=utf-8",
        ["pdf"] = "application/pdf",
        ["docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ["json"] = "application/json; charset=utf-8",
    };

    /// <summary>Publishes version 1 of the meeting's pack, calling Accountability as <paramref name="caller"/>.</summary>
    public async Task<PublishOutcome?> PublishAsync(string meetingId, Metadata caller, CancellationToken ct)
    {
        var readiness = await clients.Accountability.GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = meetingId }, caller, cancellationToken: ct);
        if (readiness.PublishedVersion > 0)
            return Refused($"Version {readiness.PublishedVersion} of this pack is published. A published pack changes only by a correction.");
        var refusals = readiness.Problems.ToList();
        var pack = await assembler.AssembleAsync(meetingId, ct);
        if (pack is null) return null;
        if (pack.Partial) refusals.Add($"Part of the pack could not be read ({string.Join(", ", pack.Missing)}); try again when every service answers.");
        if (refusals.Count > 0) return new PublishOutcome(0, [], refusals);

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var published = pack with
        {
            Papers = pack.Papers.Select(p => p with { Status = "Published" }).ToList(),
            Publication = new Publication(1, today, today, []),
        };
        return await StoreAsync(published, 1, "", [], caller, ct);
    }

    /// <summary>What a correction would change: the pack assembled now against the latest published version.</summary>
    public async Task<(PackDocument Latest, PackDocument Current, IReadOnlyList<string> Changes)?> PreviewCorrectionAsync(string meetingId, Metadata caller, CancellationToken ct)
    {
        PublishedPack latest;
        try
        {
            latest = await clients.Accountability.GetPublishedPackAsync(new GetPublishedPackRequest { MeetingId = meetingId, Format = "json" }, caller, cancellationToken: ct);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        var before = JsonSerializer.Deserialize<PackDocument>(latest.Files.Single(f => f.Format == "json").Content.Span, PackEndpoints.Json)!;
        // The action log stays as it stood when the pack was first published: later updates belong to a later pack.
        var readiness = await clients.Accountability.GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = meetingId }, caller, cancellationToken: ct);
        var current = await assembler.AssembleAsync(meetingId, ct,
            DateTimeOffset.Parse(readiness.PublishedAt, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal));
        if (current is null) return null;
        return (before, current, PackDiff.Changes(before, current));
    }

    /// <summary>Publishes the next version with <paramref name="reason"/> and the list of changes printed in the pack.</summary>
    public async Task<PublishOutcome?> CorrectAsync(string meetingId, string reason, Metadata caller, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) return Refused("reason: say why the pack is corrected; it is printed in the correction note.");
        if (await PreviewCorrectionAsync(meetingId, caller, ct) is not var (before, current, changes)) return null;
        if (current.Partial) return Refused($"Part of the pack could not be read ({string.Join(", ", current.Missing)}); try again when every service answers.");
        if (changes.Count == 0) return Refused($"Nothing has changed since version {before.Publication!.Version}: there is nothing to correct.");

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var version = before.Publication!.Version + 1;
        var corrected = current with
        {
            Papers = current.Papers.Select(p => p with { Status = "Published" }).ToList(),
            Publication = before.Publication with
            {
                Version = version, ThisVersion = today,
                Corrections = [.. before.Publication.Corrections, new CorrectionEntry(version, today, reason.Trim(), changes)],
            },
        };
        return await StoreAsync(corrected, version, reason.Trim(), changes, caller, ct);
    }

    private async Task<PublishOutcome> StoreAsync(PackDocument pack, int version, string note, IReadOnlyList<string> changes, Metadata caller, CancellationToken ct)
    {
        var (pdfBytes, pages) = await pdf.RenderAsync(pack, ct);
        var paged = pack with
        {
            Front = pack.Front with
            {
                Agenda = pack.Front.Agenda.Select(a => a.Section is { } s && pages.TryGetValue(s, out var n) ? a with { Page = $"Page {n}" } : a).ToList(),
            },
        };
        var files = new Dictionary<string, byte[]>
        {
            ["html"] = System.Text.Encoding.UTF8.GetBytes(await html.RenderAsync(paged)),
            ["pdf"] = pdfBytes,
            ["docx"] = PackDocx.Render(paged),
            ["json"] = JsonSerializer.SerializeToUtf8Bytes(paged, PackEndpoints.Json),
        };
        var request = new PublishPackRequest { MeetingId = pack.MeetingId, Version = version, Note = note };
        request.Files.AddRange(files.Select(f => new Plan.Accountability.V1.PackFile { Format = f.Key, ContentType = ContentTypes[f.Key], Content = ByteString.CopyFrom(f.Value) }));
        request.Search.AddRange(PackSearch.Entries(paged));
        try
        {
            await clients.Accountability.PublishPackAsync(request, caller, cancellationToken: ct);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.InvalidArgument)
        {
            return Refused(e.Status.Detail);
        }
        published.Published();
        return new PublishOutcome(version, changes, []);
    }

    private static PublishOutcome Refused(string reason) => new(0, [], [reason]);
}
