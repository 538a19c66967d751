using System.Globalization;
using Microsoft.Extensions.Options;
using Plan.Accountability.V1;
using Plan.Pillar.V1;
using Grpc.Core;
using PlanServices.Common;
using PlanServices.ServiceDefaults;
using Grpc.Net.ClientFactory;

namespace PlanServices.Gateway.Pack;

/// <summary>
/// Assembles a meeting's pack: the meeting from Accountability, then the previous minutes, the action log
/// and each pillar's catalogue, tables and paper, all in parallel, each call with its own deadline. A part
/// that cannot be read is marked missing where it belongs and the pack says it is partial.
/// </summary>
public sealed class PackAssembler(IOptions<PackOptions> options, SuiteShape shape, ServiceClients clients, ILogger<PackAssembler> logger)
{
    public const string MethodNote =
        "Last 12 months and Previous 12 months are totals over the 12 months ending with the reporting period and the 12 before. " +
        "The long-term average is the mean of the three 12-month periods before the last 12 months. Rates are numerator over " +
        "denominator for the same period; means and rates over several months are weighted by their denominators. Counts " +
        "compare as percent change, rates in percentage points; differences are computed from the figures as printed, and " +
        "targets are judged on unrounded values.";

    private static readonly CultureInfo UK = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>
    /// The pack, or null when the meeting does not exist. <paramref name="publishedAt"/>, the time the pack was first
    /// published, bounds its action log: what was recorded after it belongs to a later pack.
    /// </summary>
    public async Task<PackDocument?> AssembleAsync(string meetingId, CancellationToken ct, DateTimeOffset? publishedAt = null)
    {
        var missing = new List<string>();
        Meeting meeting;
        try
        {
            meeting = await clients.Accountability.GetMeetingAsync(new GetMeetingRequest { Id = meetingId }, Call(ct));
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return null;
        }

        var previous = meeting.Agenda.FirstOrDefault(a => a.MinutesOf.Length > 0)?.MinutesOf;
        var minutesTask = previous is null ? Task.FromResult<Minutes?>(null) : Try(() => clients.Accountability.GetMinutesAsync(new GetMinutesRequest { MeetingId = previous }, Call(ct)).ResponseAsync, "minutes", missing);
        var actionsTask = Try(() => clients.Accountability.ListActionsAsync(new ListActionsRequest(), Call(ct)).ResponseAsync, "action log", missing);
        var meetingsTask = Try(() => clients.Accountability.ListMeetingsAsync(new ListMeetingsRequest(), Call(ct)).ResponseAsync, "action log", missing);
        var papersTask = Task.WhenAll(shape.PillarIds.Select(pillar => PaperAsync(pillar, meeting.PeriodEnd, missing, ct)));
        await Task.WhenAll(minutesTask, actionsTask, meetingsTask, papersTask);

        var papers = Number(await papersTask);
        var minuted = await minutesTask is { } m
            ? await Try(() => clients.Accountability.GetMeetingAsync(new GetMeetingRequest { Id = m.MeetingId }, Call(ct)).ResponseAsync, "minutes", missing)
            : null;
        var before = minuted is not null && (await minutesTask)!.PreviousMeetingId is { Length: > 0 } previousId
            ? await Try(() => clients.Accountability.GetMeetingAsync(new GetMeetingRequest { Id = previousId }, Call(ct)).ResponseAsync, "minutes", missing)
            : null;
        var minutes = minuted is not null ? MinutesSection((await minutesTask)!, minuted, before) : null;
        var actions = await actionsTask is { } a && await meetingsTask is { } all
            ? ActionLog(a, all.Meetings.ToDictionary(x => x.Id, x => Date(x.Date)), previous, meeting, publishedAt)
            : null;
        return new PackDocument(meeting.Id, missing.Count > 0, missing, Front(meeting), minutes, actions, papers, MethodNote);
    }

    private async Task<PaperSection> PaperAsync(string pillar, string periodEnd, List<string> missing, CancellationToken ct)
    {
        var client = clients.Pillar(pillar);
        var catalogue = Try(() => client.GetCatalogueAsync(new GetCatalogueRequest(), Call(ct)).ResponseAsync, pillar, null);
        var tables = Try(() => client.GetTablesAsync(new GetTablesRequest { PeriodEnd = periodEnd }, Call(ct)).ResponseAsync, pillar, null);
        var paper = Try(() => client.GetPaperAsync(new GetPaperRequest { PeriodEnd = periodEnd }, Call(ct)).ResponseAsync, pillar, null);
        await Task.WhenAll(catalogue, tables, paper);
        var title = shape.Title(pillar);
        if (await catalogue is not { } c || await tables is not { } t)
        {
            lock (missing) missing.Add(pillar);
            return new PaperSection(pillar, title, null, null,
                $"The {title} paper could not be retrieved: its service did not answer in time. It is missing from this pack.", null, [], []);
        }
        var p = await paper;
        return new PaperSection(pillar, c.Title, p?.Status.ToString().Replace("PaperStatus", "", StringComparison.Ordinal), p?.Version,
            p is null ? $"No {c.Title} paper has been opened for this period." : null,
            p is null ? null : new CoverLine(p.Cover.Originator, p.Cover.ReasonForSubmission, p.Cover.SubmittedTo, p.Cover.Subject, p.Cover.Summary, p.Cover.Recommendation),
            c.Objectives.Select(o => new ObjectiveSection(o.Id, o.Title, o.Description,
                t.Tables.Where(x => x.Objective == o.Id).Select(x => Table(x) with { DataNote = p?.TableNotes.FirstOrDefault(n => n.Table == x.Id)?.Note ?? "" }).ToList(),
                (p?.FilledNarratives.Count > 0 ? p.FilledNarratives : p?.Narratives)?.FirstOrDefault(n => n.Objective == o.Id)?.Markdown ?? "")
            {
                Charts = t.Charts.Where(x => x.Objective == o.Id).Select(Chart).ToList(),
                Claims = p?.Claims.Where(x => x.Objective == o.Id).Select(x => new PackClaim(x.Text, x.Kind, x.Indicator, x.Window, Kebab(x.Status), x.Derived, x.Rule)).ToList() ?? [],
            }).ToList(),
            p?.CorrectionNotes.ToList() ?? [])
        {
            FiguresChecked = p?.FiguresChecked ?? "",
        };
    }

    /// <summary>Numbers the tables across the whole pack, in paper order.</summary>
    private static List<PaperSection> Number(IEnumerable<PaperSection> papers)
    {
        var number = 0;
        return papers.Select(p => p with
        {
            Objectives = p.Objectives.Select(o => o with { Tables = o.Tables.Select(t => t with { Number = ++number }).ToList() }).ToList(),
        }).ToList();
    }

    public static PackChart Chart(VariationChart chart) => new(chart.Id, chart.Indicator, chart.Title, chart.From, chart.To,
        Kebab(chart.Variation), Kebab(chart.Assurance), chart.Summary, chart.HasTarget ? chart.Target : null, chart.TargetText, chart.Improvement,
        chart.Segments.Select(s => new PackChartSegment(s.From, s.To, s.ChangeReason,
            s.HasMean ? s.Mean : null, s.HasUpperLimit ? s.UpperLimit : null, s.HasLowerLimit ? s.LowerLimit : null,
            s.MeanText, s.UpperLimitText, s.LowerLimitText,
            s.Points.Select(p => new PackChartPoint(p.Month, p.Value, p.Text, p.Rules.Select(Kebab).ToList(), Kebab(p.Variation))).ToList())).ToList(),
        chart.MissingMonths.ToList());

    /// <summary>A contract enum value as the JSON pack names it: Variation.CommonCause (VARIATION_COMMON_CAUSE) → "common-cause".</summary>
    private static string Kebab<T>(T value) where T : struct, Enum =>
        System.Text.RegularExpressions.Regex.Replace(value.ToString(), "(?<=[a-z0-9])([A-Z])", "-$1").ToLowerInvariant();

    private static PackTable Table(Table table)
    {
        var labelColumns = table.Columns.Count - (table.Rows.FirstOrDefault()?.Cells.Count ?? 0);
        return new PackTable(0, table.Id, table.Caption, table.Columns.ToList(), labelColumns,
            table.Rows.Select(r => new PackRow(r.Group, r.Label,
                r.Cells.Select(c => new PackCell(c.Text, c.HasValue ? c.Value : null, c.HasTargetMet ? c.TargetMet : null)).ToList(), r.Summary, r.Indicator)).ToList(),
            table.DateRangeNote, table.Note);
    }

    private FrontPage Front(Meeting meeting) => new(
        meeting.Title, meeting.Purpose, DateOnly.Parse(meeting.Date, CultureInfo.InvariantCulture), Clock(meeting.StartTime), meeting.Venue,
        ReportingPeriod.Parse(meeting.PeriodEnd).Dates,
        meeting.Agenda.Select(a => new AgendaLine(a.Number == 0 ? null : a.Number, Clock(a.Time), a.Title,
            a.Kind == AgendaItemKind.VerbalUpdate ? "Verbal Update" : "",
            a.Pillar.Length > 0 ? $"paper-{a.Pillar}" : a.MinutesOf.Length > 0 ? "minutes" : null)).ToList(),
        meeting.NextMeetings.Select(n => new NextMeetingLine(n.Title, DateOnly.Parse(n.Date, CultureInfo.InvariantCulture), Clock(n.StartTime), Clock(n.EndTime))).ToList(),
        options.Value.Contact, options.Value.LanguageNotices.Select(n => new LanguageNotice(n.Key, n.Value)).ToList());

    private MinutesSection MinutesSection(Minutes minutes, Meeting meeting, Meeting? before)
    {
        static PersonLine Person(Person p) => new(p.Name, p.Role, p.Organisation);
        var attendance = minutes.Attendance.Select(Person).ToList();
        return new MinutesSection(minutes.MeetingId, DateOnly.Parse(meeting.Date, CultureInfo.InvariantCulture), minutes.Venue,
            minutes.Status == MinutesStatus.Confirmed ? "Confirmed" : "Draft, to be confirmed at this meeting",
            attendance, minutes.Apologies.Select(Person).ToList(), minutes.Declarations.ToList(),
            minutes.PublicQuestions.Select(q => new QuestionLine(q.Question, q.Answer)).ToList(),
            minutes.Priorities.Select(p => new PriorityLine(p.Pillar, PackWording.Priority(shape.Priority(p.Pillar), shape.Title(p.Pillar)), p.Title,
                p.Questions.Select(q => new QuestionLine(q.Question, q.Answer)).ToList())).ToList(),
            before is null ? null : new PreviousMinutesLine(DateOnly.Parse(before.Date, CultureInfo.InvariantCulture), minutes.PreviousMinutes.ToList()),
            minutes.EmergingRisks.ToList(), minutes.AnyOtherBusiness.ToList(),
            attendance.Where(a => a.Role is "Police and Crime Commissioner" or "Chief Constable").ToList());
    }

    /// <summary>
    /// The action log as the pack of <paramref name="meeting"/> prints it, as it stood for that meeting when its pack was
    /// first published (docs/gateway.md, "The action log of a pack"): the actions raised at an earlier meeting, less those
    /// closed before the meeting whose minutes it confirms (<paramref name="previous"/>); each with the updates given from
    /// that meeting up to this one, then its status after them. An update at or for a later meeting, or recorded after
    /// <paramref name="publishedAt"/>, belongs to a later pack.
    /// </summary>
    private ActionLogSection ActionLog(ActionList list, IReadOnlyDictionary<string, DateOnly> meetings, string? previous, Meeting meeting,
        DateTimeOffset? publishedAt)
    {
        var date = Date(meeting.Date);
        var since = previous is not null && meetings.TryGetValue(previous, out var held) ? held : (DateOnly?)null;
        // The day an update belongs to: its meeting's, or for one given between meetings the day it was recorded (UK time).
        DateOnly Day(ActionUpdate update) => update.MeetingId.Length > 0
            ? meetings.GetValueOrDefault(update.MeetingId, DateOnly.MaxValue)
            : Norfolk.DateOf(Recorded(update));
        var lines = new List<ActionLine>();
        foreach (var action in list.Actions.Where(a => Date(a.DateRaised) < date))
        {
            var known = action.History.Where(h => Day(h) <= date && (publishedAt is null || Recorded(h) <= publishedAt)).ToList();
            if (known.Count == 0) continue;
            var printed = known.Where(h => since is { } from && Day(h) >= from && h.Status != ActionStatus.New).ToList();
            var status = known[^1].Status;
            if (status == ActionStatus.Closed && !printed.Contains(known[^1])) continue;
            var word = status.ToString().Replace("ActionStatus", "", StringComparison.Ordinal);
            lines.Add(new ActionLine(action.Number, Date(action.DateRaised), action.Description, action.Owner,
                string.Join(" ", printed.Select(h => h.Text).Append(PackWording.ActionStatus(word))), word, shape.Title(action.Owner)));
        }
        return new ActionLogSection(lines, date);
    }

    private static DateOnly Date(string date) => DateOnly.Parse(date, CultureInfo.InvariantCulture);

    private static DateTimeOffset Recorded(ActionUpdate update) => DateTimeOffset.Parse(update.At, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private CallOptions Call(CancellationToken ct) => new(deadline: DateTime.UtcNow + options.Value.CallTimeout, cancellationToken: ct);

    private async Task<T?> Try<T>(Func<Task<T>> call, string part, List<string>? missing) where T : class
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        catch (RpcException e)
        {
            logger.LogWarning("Pack part {Part} missing: {Status} {Detail}", part, e.StatusCode, e.Status.Detail);
            if (missing is not null) lock (missing) missing.Add(part);
            return null;
        }
    }

    /// <summary>"14:00" → "2:00pm", as the pack prints times.</summary>
    public static string Clock(string time) =>
        TimeOnly.TryParseExact(time, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t.ToString("h:mmtt", CultureInfo.InvariantCulture).ToLowerInvariant() : "";

    public static string Day(DateOnly date) => date.ToString("dddd d MMMM yyyy", UK);
}

/// <summary>
/// The generated gRPC clients of the services the pack is assembled from, calling as the gateway (a service token).
/// Each is named by its service and addressed from the gateway's routes (<see cref="ServiceAddresses"/>).
/// </summary>
public sealed class ServiceClients(GrpcClientFactory factory)
{
    /// <summary>The Accountability service's name, as its client and its routes know it.</summary>
    public const string AccountabilityName = "accountability";

    public AccountabilityService.AccountabilityServiceClient Accountability =>
        factory.CreateClient<AccountabilityService.AccountabilityServiceClient>(AccountabilityName);

    public PillarService.PillarServiceClient Pillar(string pillar) => factory.CreateClient<PillarService.PillarServiceClient>(pillar);
}
