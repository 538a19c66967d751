using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plan.Accountability.V1;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>One action with its whole history (the command areas' answers included), and an update: text, status, due date.</summary>
[Authorize(Roles = Roles.Opccn)]
public sealed class ActionPageModel(AppData data) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Number { get; set; }

    public Plan.Accountability.V1.Action Action { get; private set; } = null!;
    public IReadOnlyList<Meeting> Meetings { get; private set; } = [];
    public IReadOnlyList<string> Refusals { get; private set; } = [];
    public string Done { get; private set; } = "";
    public string Text { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(bool raised, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (raised) Done = $"Action {Number} is raised. Its owner sees it and can answer it.";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? text, ActionStatus status, string? meeting, string? due, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        try
        {
            Action = await data.Accountability.UpdateActionAsync(new UpdateActionRequest
            {
                Number = Number, Text = text?.Trim() ?? "", Status = status, MeetingId = meeting ?? "", DueDate = due == Action.DueDate ? "" : due ?? "",
            }, await data.AsUserAsync(), cancellationToken: ct);
            Done = "The update is recorded.";
        }
        catch (RpcException e) when (AppData.Refused(e))
        {
            Refusals = AppData.Sentences(e);
            Text = text ?? "";
        }
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        try
        {
            Action = await data.Accountability.GetActionAsync(new GetActionRequest { Number = Number }, await data.AsUserAsync(), cancellationToken: ct);
        }
        catch (RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.NotFound)
        {
            return false;
        }
        Meetings = (await data.MeetingsAsync(ct)).OrderByDescending(AppData.Date).ToList();
        return true;
    }
}
