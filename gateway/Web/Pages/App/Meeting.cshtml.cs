using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plan.Accountability.V1;
using PlanServices.Gateway.Pack;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>
/// One meeting for the OPCCN: how ready its pack is (each paper's status, how late), publishing it with the checks of
/// the published record, and, once published, the changes a correction would make and publishing that correction.
/// </summary>
[Authorize(Roles = Roles.Opccn)]
public sealed class MeetingModel(AppData data, PackPublisher publisher, PackCache cache) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";

    public Meeting Meeting { get; private set; } = null!;
    public PackReadiness Readiness { get; private set; } = null!;
    public IReadOnlyList<string> Refusals { get; private set; } = [];
    public IReadOnlyList<string>? Changes { get; private set; }
    public string Done { get; private set; } = "";
    public string Reason { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(bool scheduled, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (scheduled) Done = "The meeting is scheduled. Each command area's paper for it is opened as a draft.";
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
    {
        var outcome = await publisher.PublishAsync(Id, await data.AsUserAsync(), ct);
        return await AfterAsync(outcome, "The pack is published as version 1. It no longer changes except by a correction.", ct);
    }

    public async Task<IActionResult> OnPostCorrectAsync(string? reason, CancellationToken ct)
    {
        Reason = reason?.Trim() ?? "";
        var outcome = Reason.Length == 0
            ? new PublishOutcome(0, [], ["Say why the pack is corrected: the reason is printed in the new version."])
            : await publisher.CorrectAsync(Id, Reason, await data.AsUserAsync(), ct);
        return await AfterAsync(outcome, $"Version {outcome?.Version} of the pack is published with your note.", ct);
    }

    private async Task<IActionResult> AfterAsync(PublishOutcome? outcome, string done, CancellationToken ct)
    {
        if (outcome is { Published: true })
        {
            cache.Clear();
            (Done, Reason) = (done, "");
        }
        else Refusals = outcome?.Refusals ?? [$"There is no meeting '{Id}'."];
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    /// <summary>"Approved", or "Draft: 3 days late" once the deadline has passed.</summary>
    public string State(PaperReadiness paper)
    {
        if (!paper.Late) return paper.Status;
        var days = data.Today.DayNumber - DateOnly.Parse(Readiness.PaperDeadline, CultureInfo.InvariantCulture).DayNumber;
        return $"{paper.Status}: late by {days} day{(days == 1 ? "" : "s")}";
    }

    public string Deadline => PackAssembler.Day(DateOnly.Parse(Readiness.PaperDeadline, CultureInfo.InvariantCulture));

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        try
        {
            Meeting = await data.Accountability.GetMeetingAsync(new GetMeetingRequest { Id = Id }, await data.AsUserAsync(), cancellationToken: ct);
        }
        catch (RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.NotFound or Grpc.Core.StatusCode.InvalidArgument)
        {
            return false;
        }
        Readiness = await data.ReadinessAsync(Id, ct);
        if (Readiness.PublishedVersion > 0)
            Changes = (await publisher.PreviewCorrectionAsync(Id, await data.AsUserAsync(), ct))?.Changes;
        return true;
    }
}
