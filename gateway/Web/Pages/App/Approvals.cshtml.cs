using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plan.Accountability.V1;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>The Deputy Chief Constable's list: every paper of the meetings being prepared, those waiting for approval first.</summary>
[Authorize(Roles = Roles.Originator)]
public sealed class ApprovalsModel(AppData data) : PageModel
{
    public sealed record Entry(Meeting Meeting, PaperReadiness Paper);

    public IReadOnlyList<Entry> Waiting { get; private set; } = [];
    public IReadOnlyList<Entry> Others { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var entries = (await data.WorkingAsync(ct)).SelectMany(m => m.Readiness.Papers.Select(p => new Entry(m.Meeting, p))).ToList();
        Waiting = entries.Where(e => e.Paper.Status == "Submitted").ToList();
        Others = entries.Where(e => e.Paper.Status != "Submitted").ToList();
    }
}
