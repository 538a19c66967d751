using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plan.Pillar.V1;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>A command area's paper for a reporting period: its narratives by objective, its tables, notes on empty tables, and submission.</summary>
[Authorize(Roles = Roles.CommandArea)]
public sealed class PapersModel(AppData data, UserCalls calls) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }

    public string Pillar => calls.Pillars.First();
    public Paper? Paper { get; private set; }
    public Catalogue? Catalogue { get; private set; }
    public IReadOnlyList<Table> Tables { get; private set; } = [];
    public IReadOnlyList<VariationChart> Charts { get; private set; } = [];
    public IReadOnlyList<(string Period, string Meeting)> Periods { get; private set; } = [];
    public string Message { get; private set; } = "";
    public IReadOnlyList<string> Refusals { get; private set; } = [];
    public string Done { get; private set; } = "";
    public bool Editable => Paper?.Status == PaperStatus.Draft;

    public static bool Empty(Table table) => table.Rows.All(r => r.Cells.All(c => !c.HasValue));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Period is null)
        {
            var upcoming = await data.WorkingAsync(ct);
            if (upcoming.Count > 0) return Redirect($"/app/papers/{upcoming[0].Meeting.PeriodEnd}");
            Periods = (await data.MeetingsAsync(ct)).OrderByDescending(AppData.Date).Take(4).Select(m => (m.PeriodEnd, $"{m.Title}, {Pack.PackAssembler.Day(AppData.Date(m))}")).ToList();
            Message = "No meeting is being prepared now. Earlier papers:";
            return Page();
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(int version, CancellationToken ct)
    {
        try
        {
            await data.Pillar(Pillar).ChangePaperStatusAsync(new ChangePaperStatusRequest { PeriodEnd = Period, BaseVersion = version, Action = PaperAction.Submit },
                await data.AsUserAsync(), cancellationToken: ct);
            Done = "The paper was submitted. The Deputy Chief Constable will approve it or return it with a reason.";
        }
        catch (RpcException e) when (AppData.Refused(e))
        {
            Refusals = AppData.Sentences(e);
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostNoteAsync(string table, string note, int version, CancellationToken ct)
    {
        await LoadAsync(ct);
        var edit = new EditPaperRequest { PeriodEnd = Period, BaseVersion = version, Reason = $"Note on the empty table {table}", ReplaceTableNotes = true };
        edit.TableNotes.AddRange(Paper!.TableNotes.Where(n => n.Table != table));
        if (!string.IsNullOrWhiteSpace(note)) edit.TableNotes.Add(new TableNote { Table = table, Note = note.Trim() });
        try
        {
            await data.Pillar(Pillar).EditPaperAsync(edit, await data.AsUserAsync(), cancellationToken: ct);
            Done = "The note was saved.";
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
        var headers = await data.AsUserAsync();
        var pillar = data.Pillar(Pillar);
        Paper = await data.PaperAsync(Pillar, Period!, ct);
        if (Paper is null) { Message = $"No paper has been opened for {AppData.Period(Period!)}: it opens when the OPCCN schedules the meeting."; return; }
        Catalogue = await pillar.GetCatalogueAsync(new GetCatalogueRequest(), headers, cancellationToken: ct);
        var figures = await pillar.GetTablesAsync(new GetTablesRequest { PeriodEnd = Period }, headers, cancellationToken: ct);
        (Tables, Charts) = (figures.Tables, figures.Charts);
    }

}
