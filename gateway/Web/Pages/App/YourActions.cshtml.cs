using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plan.Accountability.V1;
using Plan.Pillar.V1;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>
/// A command area's open actions, as the action log holds them, each with an answer form. Answers go through the
/// priority's own service, which sends them to the action log; they show here once it has recorded them.
/// </summary>
[Authorize(Roles = Roles.CommandArea)]
public sealed class YourActionsModel(AppData data, UserCalls calls) : PageModel
{
    public string Pillar => calls.Pillars.First();
    public IReadOnlyList<Plan.Accountability.V1.Action> Actions { get; private set; } = [];
    public IReadOnlyList<string> Refusals { get; private set; } = [];
    public string Done { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(int number, string? text, CancellationToken ct)
    {
        try
        {
            await data.Pillar(Pillar).SubmitActionUpdateAsync(new SubmitActionUpdateRequest { Number = number, Text = text?.Trim() ?? "" }, await data.AsUserAsync(), cancellationToken: ct);
            Done = $"Your answer to action {number} is sent to the OPCCN's action log; it shows here once recorded.";
        }
        catch (RpcException e) when (AppData.Refused(e))
        {
            Refusals = AppData.Sentences(e);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var request = new ListActionsRequest { Owner = Pillar };
        request.Statuses.Add([ActionStatus.New, ActionStatus.Live]);
        Actions = (await data.Accountability.ListActionsAsync(request, await data.AsUserAsync(), cancellationToken: ct)).Actions;
    }
}
