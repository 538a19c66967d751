using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plan.Accountability.V1;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>
/// The signed-in person's email notifications, as the Accountability service knows them (by their email, else their
/// name): each kind that reaches their roles, on or off, changed with one form. Anyone signed in.
/// </summary>
public sealed class NotificationsModel(AppData data) : PageModel
{
    public NotificationChoices? Choices { get; private set; }
    public IReadOnlyList<string> Refusals { get; private set; } = [];
    public string Done { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct) => Choices = await LoadAsync(ct);

    /// <summary>Every kind listed on the page is sent: those ticked (<paramref name="on"/>) on, the others off.</summary>
    public async Task<IActionResult> OnPostAsync(string[] on, CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } current) return Page();
        var request = new SetNotificationChoicesRequest();
        request.Choices.AddRange(current.Choices.Select(c => new NotificationChoice { Kind = c.Kind, On = on.Contains(c.Kind) }));
        try
        {
            Choices = await data.Accountability.SetNotificationChoicesAsync(request, await data.AsUserAsync(), cancellationToken: ct);
            Done = "Your choices are saved.";
        }
        catch (RpcException e) when (AppData.Refused(e))
        {
            (Choices, Refusals) = (current, AppData.Sentences(e));
        }
        return Page();
    }

    /// <summary>The person's choices; null when the service knows no such person.</summary>
    private async Task<NotificationChoices?> LoadAsync(CancellationToken ct)
    {
        try
        {
            return await data.Accountability.GetNotificationChoicesAsync(new GetNotificationChoicesRequest(), await data.AsUserAsync(), cancellationToken: ct);
        }
        catch (RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.NotFound)
        {
            return null;
        }
    }
}
