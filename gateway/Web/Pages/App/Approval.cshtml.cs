using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plan.Pillar.V1;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>
/// One submitted paper for the Deputy Chief Constable: each part side by side with the version last submitted before
/// (the one they last saw), word by word, each objective with its tables and charts for the paper's period as the
/// command area sees them; approve, or return to the command area with a reason.
/// </summary>
[Authorize(Roles = Roles.Originator)]
public sealed class ApprovalModel(AppData data) : PageModel
{
    /// <summary>A part of the paper compared; <see cref="Objective"/> names the objective whose tables follow it.</summary>
    public sealed record Part(string Title, WordDiff.Sides Sides, string Html, string? Objective = null);

    [BindProperty(SupportsGet = true)] public string Pillar { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string Period { get; set; } = "";

    public Paper? Paper { get; private set; }
    public Paper? Previous { get; private set; }
    public IReadOnlyList<Part> Parts { get; private set; } = [];
    public IReadOnlyList<Table> Tables { get; private set; } = [];
    public IReadOnlyList<VariationChart> Charts { get; private set; } = [];
    public IReadOnlyList<string> Refusals { get; private set; } = [];
    public string Done { get; private set; } = "";
    public string Reason { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostApproveAsync(int version, string? reason, CancellationToken ct) =>
        ChangeAsync(PaperAction.Approve, version, reason, "The paper is approved. It is published with the pack.", ct);

    public Task<IActionResult> OnPostReturnAsync(int version, string? reason, CancellationToken ct) =>
        ChangeAsync(PaperAction.Return, version, reason, "The paper is returned to the command area with your reason.", ct);

    private async Task<IActionResult> ChangeAsync(PaperAction action, int version, string? reason, string done, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Reason = reason?.Trim() ?? "";
        if (action == PaperAction.Return && Reason.Length == 0)
            Refusals = ["Say why the paper is returned: the command area reads your reason."];
        else
            try
            {
                await data.Pillar(Pillar).ChangePaperStatusAsync(new ChangePaperStatusRequest { PeriodEnd = Period, BaseVersion = version, Action = action, Reason = Reason },
                    await data.AsUserAsync(), cancellationToken: ct);
                Done = done;
                Reason = "";
                await LoadAsync(ct);
            }
            catch (RpcException e) when (AppData.Refused(e))
            {
                Refusals = AppData.Sentences(e);
            }
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var headers = await data.AsUserAsync();
        var client = data.Pillar(Pillar);
        if (!data.IsPillar(Pillar) || await data.PaperAsync(Pillar, Period, ct) is not { } paper) return false;
        Paper = paper;
        var history = (await client.ListPaperVersionsAsync(new ListPaperVersionsRequest { PeriodEnd = Period }, headers, cancellationToken: ct)).Versions;
        var lastSubmitted = history.LastOrDefault(v => v.Change == PaperChange.Submitted)?.Version ?? paper.Version;
        Previous = history.LastOrDefault(v => v.Change == PaperChange.Submitted && v.Version < lastSubmitted);
        var catalogue = await client.GetCatalogueAsync(new GetCatalogueRequest(), headers, cancellationToken: ct);
        var figures = await client.GetTablesAsync(new GetTablesRequest { PeriodEnd = Period }, headers, cancellationToken: ct);
        (Tables, Charts) = (figures.Tables, figures.Charts);
        var parts = new List<Part>();
        void Add(string title, string before, string after, string html, string? objective = null) =>
            parts.Add(new Part(title, WordDiff.Compare(before, after), html, objective));
        Add("Summary", Previous?.Cover.Summary ?? "", paper.Cover.Summary, System.Net.WebUtility.HtmlEncode(paper.Cover.Summary));
        Add("Recommendation", Previous?.Cover.Recommendation ?? "", paper.Cover.Recommendation, System.Net.WebUtility.HtmlEncode(paper.Cover.Recommendation));
        foreach (var objective in catalogue.Objectives)
        {
            string Narrative(Paper? p) => p?.Narratives.FirstOrDefault(n => n.Objective == objective.Id)?.Markdown ?? "";
            Add(objective.Title, Narrative(Previous), Narrative(paper), Pack.NarrativeText.Html(Narrative(paper)), objective.Id);
        }
        foreach (var table in catalogue.Tables)
        {
            string Note(Paper? p) => p?.TableNotes.FirstOrDefault(n => n.Table == table.Id)?.Note ?? "";
            if (Note(Previous).Length + Note(paper).Length > 0) Add($"Note under “{table.Caption}”", Note(Previous), Note(paper), System.Net.WebUtility.HtmlEncode(Note(paper)));
        }
        Parts = parts;
        return true;
    }
}
