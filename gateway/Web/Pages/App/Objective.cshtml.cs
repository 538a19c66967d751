using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plan.Pillar.V1;
using PlanServices.Gateway.Pack;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>Edits one objective's narrative: the other objectives are sent back as they are; a preview as the pack will print it.</summary>
[Authorize(Roles = Roles.CommandArea)]
public sealed class ObjectiveModel(AppData data, UserCalls calls) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Period { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string Objective { get; set; } = "";

    public string Pillar => calls.Pillars.First();
    public string Title { get; private set; } = "";
    public string Markdown { get; private set; } = "";
    public string Reason { get; private set; } = "";
    public int Version { get; private set; }
    public string PreviewHtml { get; private set; } = "<p>Nothing yet.</p>";
    public IReadOnlyList<string> Refusals { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } paper) return NotFound();
        Markdown = paper.Narratives.FirstOrDefault(n => n.Objective == Objective)?.Markdown ?? "";
        PreviewHtml = await PreviewAsync(Markdown, ct);
        return Page();
    }

    /// <summary>The narrative as the pack will print it, references filled in, each figure marked as the tables bear it out.</summary>
    private async Task<string> PreviewAsync(string markdown, CancellationToken ct)
    {
        if (markdown.Trim().Length == 0) return "<p>Nothing yet.</p>";
        var review = await data.Pillar(Pillar).CheckNarrativeAsync(new CheckNarrativeRequest { PeriodEnd = Period, Objective = Objective, Markdown = markdown },
            await data.AsUserAsync(), cancellationToken: ct);
        return ClaimMarks.Preview(review.FilledMarkdown, review.Claims) + "<h3>Figures in this narrative</h3>" + ClaimMarks.List(review.Claims);
    }

    public async Task<IActionResult> OnPostPreviewAsync(string markdown, string? reason, int version, CancellationToken ct)
    {
        if (await LoadAsync(ct) is null) return NotFound();
        (Markdown, Reason, Version) = (markdown ?? "", reason ?? "", version);
        PreviewHtml = await PreviewAsync(Markdown, ct);
        return Page();
    }

    /// <summary>The preview alone, for the page's script as the person types.</summary>
    public async Task<IActionResult> OnPostFragmentAsync(string markdown, CancellationToken ct)
    {
        try
        {
            return Content(await PreviewAsync(markdown ?? "", ct), "text/html; charset=utf-8");
        }
        catch (RpcException e) when (AppData.Refused(e))
        {
            return Content(NarrativeText.Html(markdown ?? ""), "text/html; charset=utf-8");
        }
    }

    public async Task<IActionResult> OnPostSaveAsync(string markdown, string reason, int version, CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } paper) return NotFound();
        (Markdown, Reason) = (markdown ?? "", reason ?? "");
        Version = version;
        var edit = new EditPaperRequest { PeriodEnd = Period, BaseVersion = version, Reason = Reason, ReplaceNarratives = true };
        edit.Narratives.AddRange(paper.Narratives.Where(n => n.Objective != Objective));
        if (Markdown.Trim().Length > 0) edit.Narratives.Add(new ObjectiveNarrative { Objective = Objective, Markdown = Markdown });
        try
        {
            await data.Pillar(Pillar).EditPaperAsync(edit, await data.AsUserAsync(), cancellationToken: ct);
            return Redirect($"/app/papers/{Period}#o-{Objective}");
        }
        catch (RpcException e) when (AppData.Refused(e))
        {
            Refusals = AppData.Sentences(e);
            PreviewHtml = NarrativeText.Html(Markdown);
            return Page();
        }
    }

    private async Task<Paper?> LoadAsync(CancellationToken ct)
    {
        var catalogue = await data.Pillar(Pillar).GetCatalogueAsync(new GetCatalogueRequest(), await data.AsUserAsync(), cancellationToken: ct);
        if (catalogue.Objectives.FirstOrDefault(o => o.Id == Objective) is not { } objective) return null;
        Title = objective.Title;
        var paper = await data.PaperAsync(Pillar, Period, ct);
        Version = paper?.Version ?? 0;
        return paper;
    }
}
