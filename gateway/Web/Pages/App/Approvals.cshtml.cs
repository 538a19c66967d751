using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plan.Accountability.V1;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>The Deputy Chief Constable's list: every paper of a pack not yet published, those waiting for approval first.</summary>
[Authorize(Roles = Roles.Originator)]
public sealed class ApprovalsModel(AppData data) : PageModel
{
    public sealed record Entry(Meeting Meeting, PaperReadiness Paper);

    public IReadOnlyList<Entry> Waiting { get; private set; } = [];
    public IReadOnlyList<Entry> Others { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var entries = new List<Entry>();
        foreach (var meeting in (await data.MeetingsAsync(ct)).OrderBy(AppData.Date))
        {
            var readiness = await data.ReadinessAsync(meeting.Id, ct);
            if (readiness.PublishedVersion == 0) entries.AddRange(readiness.Papers.Select(p => new Entry(meeting, p)));
        }
        Waiting = entries.Where(e => e.Paper.Status == "Submitted").ToList();
        Others = entries.Where(e => e.Paper.Status != "Submitted").ToList();
    }
}
