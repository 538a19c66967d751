using Microsoft.AspNetCore.Mvc.RazorPages;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>Each role's starting page: its to-do list, then the meetings being prepared and the state of the papers that concern them.</summary>
public sealed class IndexModel(AppData data, UserCalls calls, ToDoList todo) : PageModel
{
    public IReadOnlyList<WorkingMeeting> Working { get; private set; } = [];
    public IReadOnlyList<ToDo> ToDo { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Working = await data.WorkingAsync(ct);
        ToDo = await todo.ForAsync(Working, ct);
    }

    /// <summary>A command area sees its own priority; the Deputy Chief Constable and the OPCCN see every priority.</summary>
    public bool Shows(string pillar) => !User.IsInRole(Roles.CommandArea) || User.IsInRole(Roles.Opccn) || User.IsInRole(Roles.Originator) || calls.Pillars.Contains(pillar);

    public static string Label(Urgency urgency) => urgency switch
    {
        Urgency.Late => "Late",
        Urgency.Waiting => "Waiting for you",
        Urgency.Due => "Due",
        _ => "For information",
    };
}
