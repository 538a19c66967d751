using Microsoft.AspNetCore.Mvc.RazorPages;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>Each role's starting page: the next meeting and the state of the papers that concern them.</summary>
public sealed class IndexModel(AppData data, UserCalls calls) : PageModel
{
    public IReadOnlyList<UpcomingMeeting> Upcoming { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Upcoming = await data.UpcomingAsync(ct);

    /// <summary>A command area sees its own priority; the Deputy Chief Constable and the OPCCN see every priority.</summary>
    public bool Shows(string pillar) => !User.IsInRole(Roles.CommandArea) || User.IsInRole(Roles.Opccn) || User.IsInRole(Roles.Originator) || calls.Pillars.Contains(pillar);

    public static string Deadline(UpcomingMeeting meeting) =>
        Pack.PackAssembler.Day(DateOnly.Parse(meeting.Readiness.PaperDeadline, System.Globalization.CultureInfo.InvariantCulture));
}
