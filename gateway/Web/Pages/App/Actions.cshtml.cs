using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plan.Accountability.V1;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>The OPCCN's action log: every action by owner and status, with its due date and latest update; raising a new one.</summary>
[Authorize(Roles = Roles.Opccn)]
public sealed class ActionsModel(AppData data) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Owner { get; set; }
    [BindProperty(SupportsGet = true)] public ActionStatus? Status { get; set; }

    public IReadOnlyList<Plan.Accountability.V1.Action> Actions { get; private set; } = [];
    public IReadOnlyList<Meeting> Meetings { get; private set; } = [];
    public IReadOnlyList<string> Owners => [.. data.Pillars, "opccn"];
    public IReadOnlyList<string> Refusals { get; private set; } = [];
    public int NextNumber { get; private set; }
    public (string Meeting, string Description, string Owner, string Due) Raised { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(int number, string? meeting, string? description, string? owner, string? due, CancellationToken ct)
    {
        try
        {
            await data.Accountability.RaiseActionAsync(new RaiseActionRequest
            {
                Number = number, MeetingId = meeting ?? "", Description = description?.Trim() ?? "", Owner = owner ?? "", DueDate = due ?? "",
            }, await data.AsUserAsync(), cancellationToken: ct);
            return Redirect($"/app/actions/{number}?raised=true");
        }
        catch (RpcException e) when (AppData.Refused(e))
        {
            Refusals = AppData.Sentences(e);
            Raised = (meeting ?? "", description ?? "", owner ?? "", due ?? "");
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var all = (await data.Accountability.ListActionsAsync(new ListActionsRequest(), await data.AsUserAsync(), cancellationToken: ct)).Actions;
        Actions = all.Where(a => (string.IsNullOrEmpty(Owner) || a.Owner == Owner) && (Status is null or ActionStatus.Unspecified || a.Status == Status)).ToList();
        NextNumber = all.Count == 0 ? 1 : all.Max(a => a.Number) + 1;
        Meetings = (await data.MeetingsAsync(ct)).OrderByDescending(AppData.Date).ToList();
    }

    /// <summary>"Overdue" for an open action past its due date.</summary>
    public bool Overdue(Plan.Accountability.V1.Action action) =>
        action.Status != ActionStatus.Closed && action.DueDate.Length > 0 && DateOnly.Parse(action.DueDate, System.Globalization.CultureInfo.InvariantCulture) < data.Today;
}
