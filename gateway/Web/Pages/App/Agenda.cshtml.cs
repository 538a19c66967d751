using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plan.Accountability.V1;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>
/// A meeting's agenda and the dates of the next scrutiny meetings (printed on the pack's front page) as rows to edit, with
/// blank rows to add; a row left without a title is dropped.
/// </summary>
[Authorize(Roles = Roles.Opccn)]
public sealed class AgendaModel(AppData data) : PageModel
{
    public const int BlankRows = 4;

    public sealed class Item
    {
        public int? Number { get; set; }
        public string? Time { get; set; }
        public string? Title { get; set; }
        public AgendaItemKind Kind { get; set; } = AgendaItemKind.Paper;
        public string? Pillar { get; set; }
        public string? MinutesOf { get; set; }
    }

    public sealed class Next
    {
        public string? Title { get; set; }
        public string? Date { get; set; }
        public string? StartTime { get; set; }
        public string? EndTime { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";
    [BindProperty] public List<Item> Items { get; set; } = [];
    [BindProperty] public List<Next> NextMeetings { get; set; } = [];

    public Meeting Meeting { get; private set; } = null!;
    public IReadOnlyList<Meeting> Meetings { get; private set; } = [];
    public IReadOnlyList<string> Pillars => data.Pillars;
    public IReadOnlyList<string> Refusals { get; private set; } = [];
    public string Done { get; private set; } = "";

    public static readonly IReadOnlyList<(AgendaItemKind Kind, string Name)> Kinds =
    [
        (AgendaItemKind.Paper, "Paper"), (AgendaItemKind.VerbalUpdate, "Verbal update"), (AgendaItemKind.Procedural, "Procedural"), (AgendaItemKind.Break, "Break (no number)"),
    ];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Fill();
        return Page();
    }

    private void Fill()
    {
        Items = Meeting.Agenda.Select(a => new Item
        {
            Number = a.Number == 0 ? null : a.Number, Time = a.Time, Title = a.Title, Kind = a.Kind, Pillar = a.Pillar, MinutesOf = a.MinutesOf,
        }).Concat(Enumerable.Range(0, BlankRows).Select(_ => new Item())).ToList();
        NextMeetings = [.. Meeting.NextMeetings.Select(n => new Next { Title = n.Title, Date = n.Date, StartTime = n.StartTime, EndTime = n.EndTime }), .. Blank()];
    }

    private static IEnumerable<Next> Blank() => Enumerable.Range(0, 2).Select(_ => new Next());

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var request = new SetAgendaRequest { MeetingId = Id };
        request.NextMeetings.AddRange(NextMeetings.Where(n => !string.IsNullOrWhiteSpace(n.Title)).Select(n => new ScrutinyDate
        {
            Title = n.Title!.Trim(), Date = n.Date ?? "", StartTime = n.StartTime ?? "", EndTime = n.EndTime ?? "",
        }));
        request.Agenda.AddRange(Items.Where(i => !string.IsNullOrWhiteSpace(i.Title)).Select(i => new AgendaItem
        {
            Number = i.Number ?? 0, Time = i.Time ?? "", Title = i.Title!.Trim(), Kind = i.Kind, Pillar = i.Pillar ?? "", MinutesOf = i.MinutesOf ?? "",
        }));
        try
        {
            Meeting = await data.Accountability.SetAgendaAsync(request, await data.AsUserAsync(), cancellationToken: ct);
            Done = $"The agenda is saved: {Meeting.Agenda.Count} items.";
            Items = [.. Items.Where(i => !string.IsNullOrWhiteSpace(i.Title)), .. Enumerable.Range(0, BlankRows).Select(_ => new Item())];
            NextMeetings = [.. NextMeetings.Where(n => !string.IsNullOrWhiteSpace(n.Title)), .. Blank()];
        }
        catch (RpcException e) when (AppData.Refused(e))
        {
            Refusals = AppData.Sentences(e);
        }
        return Page();
    }

    /// <summary>Publishes the agenda with what the public needs to come or watch, or changes those details once published.</summary>
    public async Task<IActionResult> OnPostPublishAsync(string? howToAttend, string? watchAt, string? questionsClose, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var first = Meeting.AgendaPublishedAt.Length == 0;
        try
        {
            Meeting = await data.Accountability.PublishAgendaAsync(new PublishAgendaRequest
            {
                MeetingId = Id, HowToAttend = howToAttend ?? "", WatchAt = watchAt ?? "", QuestionsClose = questionsClose ?? "",
            }, await data.AsUserAsync(), cancellationToken: ct);
            Done = first ? "The agenda is published: the meeting's public page is open, it takes questions, and subscribers are emailed."
                : "What the public sees of the meeting is changed.";
        }
        catch (RpcException e) when (AppData.Refused(e))
        {
            Refusals = AppData.Sentences(e);
            Meeting = Meeting.Clone();
            (Meeting.HowToAttend, Meeting.WatchAt, Meeting.QuestionsClose) = (howToAttend ?? "", watchAt ?? "", questionsClose ?? "");
        }
        Fill();
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Meetings = await data.MeetingsAsync(ct);
        if (Meetings.FirstOrDefault(m => m.Id == Id) is not { } meeting) return false;
        Meeting = meeting;
        return true;
    }
}
