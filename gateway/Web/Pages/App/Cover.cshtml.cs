using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plan.Pillar.V1;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>The paper's cover block (originator, reason, submitted to, subject, summary, recommendation); narratives and notes are left as they are.</summary>
[Authorize(Roles = Roles.CommandArea)]
public sealed class CoverModel(AppData data, UserCalls calls) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Period { get; set; } = "";
    public CoverBlock Form { get; private set; } = new();

    public string Pillar => calls.Pillars.First();
    public int Version { get; private set; }
    public string Reason { get; private set; } = "";
    public IReadOnlyList<string> Refusals { get; private set; } = [];

    /// <summary>The cover's fields: form name, label, and how each is read from and written to the block.</summary>
    public static readonly IReadOnlyList<(string Field, string Label, Func<CoverBlock, string> Get, Action<CoverBlock, string> Set)> Fields =
    [
        ("originator", "Originator", c => c.Originator, (c, v) => c.Originator = v),
        ("reason", "Reason for submission", c => c.ReasonForSubmission, (c, v) => c.ReasonForSubmission = v),
        ("submitted-to", "Submitted to", c => c.SubmittedTo, (c, v) => c.SubmittedTo = v),
        ("subject", "Subject", c => c.Subject, (c, v) => c.Subject = v),
        ("summary", "Summary", c => c.Summary, (c, v) => c.Summary = v),
        ("recommendation", "Recommendation", c => c.Recommendation, (c, v) => c.Recommendation = v),
    ];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await data.PaperAsync(Pillar, Period, ct) is not { } paper) return NotFound();
        (Form, Version) = (paper.Cover, paper.Version);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int version, string? reason, CancellationToken ct)
    {
        (Version, Reason) = (version, reason?.Trim() ?? "");
        var cover = new CoverBlock();
        foreach (var (field, _, _, set) in Fields) set(cover, Request.Form[$"cover-{field}"].ToString().Trim());
        Form = cover;
        try
        {
            await data.Pillar(Pillar).EditPaperAsync(new EditPaperRequest { PeriodEnd = Period, BaseVersion = version, Cover = cover, Reason = Reason },
                await data.AsUserAsync(), cancellationToken: ct);
            return Redirect($"/app/papers/{Period}");
        }
        catch (RpcException e) when (AppData.Refused(e))
        {
            Refusals = AppData.Sentences(e);
            return Page();
        }
    }
}
