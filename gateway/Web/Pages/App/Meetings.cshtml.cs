using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plan.Accountability.V1;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>The OPCCN's meetings: every meeting with the state of its pack, and a form to schedule the next.</summary>
[Authorize(Roles = Roles.Opccn)]
public sealed class MeetingsModel(AppData data) : PageModel
{
    public sealed record Row(Meeting Meeting, PackReadiness Readiness, bool Working)
    {
        /// <summary>"Published (version 2)", "Ready to publish", "Not ready: 3 to do"; a meeting held without a pack here says so.</summary>
        public string Pack => Readiness.PublishedVersion > 0 ? $"Published (version {Readiness.PublishedVersion})"
            : !Working ? "Held; no pack was published here"
            : Readiness.Ready ? "Ready to publish" : $"Not ready: {Readiness.Problems.Count} to do";
    }

    /// <summary>The schedule form, kept when refused.</summary>
    public sealed class Schedule
    {
        public string? Id { get; set; }
        public string? Title { get; set; } = "PCC Accountability Meeting";
        public string? Date { get; set; }
        public string? StartTime { get; set; } = "14:00";
        public string? Venue { get; set; }
        public string? PeriodEnd { get; set; }
        public string? Purpose { get; set; }
    }

    [BindProperty] public Schedule Form { get; set; } = new();
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<string> Refusals { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var meeting = new Meeting
        {
            Id = Form.Id?.Trim() ?? "", Title = Form.Title?.Trim() ?? "", Date = Form.Date ?? "", StartTime = Form.StartTime ?? "", Venue = Form.Venue?.Trim() ?? "",
            PeriodEnd = Form.PeriodEnd?.Trim() ?? "", Purpose = Form.Purpose?.Trim() ?? "",
        };
        try
        {
            await data.Accountability.ScheduleMeetingAsync(meeting, await data.AsUserAsync(), cancellationToken: ct);
            return Redirect($"/app/meetings/{meeting.Id}?scheduled=true");
        }
        catch (RpcException e) when (AppData.Refused(e))
        {
            Refusals = AppData.Sentences(e);
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var working = (await data.WorkingAsync(ct)).Select(m => m.Meeting.Id).ToHashSet();
        var rows = new List<Row>();
        foreach (var meeting in (await data.MeetingsAsync(ct)).OrderByDescending(AppData.Date))
            rows.Add(new Row(meeting, await data.ReadinessAsync(meeting.Id, ct), working.Contains(meeting.Id)));
        Rows = rows;
    }
}
