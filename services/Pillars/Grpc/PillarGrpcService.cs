using Microsoft.EntityFrameworkCore;
using Plan.Pillar.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PlanServices.ServiceDefaults;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Import;
using PlanServices.Pillars.Papers;
using PlanServices.Pillars.Records;
using PlanServices.Pillars.Tables;
using Domain = PlanServices.Pillars.Domain;
using Proto = Plan.Pillar.V1;
using Table = PlanServices.Pillars.Tables.Table;

namespace PlanServices.Pillars.Grpc;

/// <summary>
/// The pillar API (protos/pillar/v1/pillar.proto) over the pillar's catalogue, store and tables. Domain refusals
/// become statuses in <see cref="RefusalInterceptor"/>; who may call each method is in its attribute.
/// </summary>
/// <remarks><paramref name="catalogueMessage"/> is the catalogue as a message, built once: it does not change while the service runs.</remarks>
[Authorize(Policy = Policies.Reader)]
public sealed class PillarGrpcService(Domain.Catalogue catalogue, Proto.Catalogue catalogueMessage, PillarDb db,
    ObservationImporter importer, RecordImporter records, TablesCache tables, PaperWorkflow papers, PaperReviews reviews, ActionUpdates actions, IAuthorizationService authorization)
    : PillarService.PillarServiceBase
{
    [AllowAnonymous]
    public override Task<Proto.Catalogue> GetCatalogue(GetCatalogueRequest request, ServerCallContext context) => Task.FromResult(catalogueMessage);

    [Authorize(Policy = Policies.OwnPillar)]
    public override Task<RecordObservationsResponse> RecordObservations(RecordObservationsRequest request, ServerCallContext context) =>
        RecordAsync(request.Observations, Source(request.Source, context), context);

    [Authorize(Policy = Policies.OwnPillar)]
    public override async Task<RecordObservationsResponse> StreamObservations(IAsyncStreamReader<Proto.Observation> requests, ServerCallContext context)
    {
        var observations = new List<Proto.Observation>();
        while (await requests.MoveNext(context.CancellationToken)) observations.Add(requests.Current);
        return await RecordAsync(observations, Source("", context), context);
    }

    [Authorize(Policy = Policies.OwnPillar)]
    public override async Task<RecordObservationsResponse> ImportFigures(ImportFiguresRequest request, ServerCallContext context)
    {
        var (bytes, source) = (request.Content.ToByteArray(), $"{Who(context)}: {request.FileName}");
        if (!RecordFile.IsRecordFile(request.FileName, bytes))
            return Response(await importer.ImportFileAsync(request.FileName, bytes, source, request.DryRun, ct: context.CancellationToken), request.DryRun);
        var receipt = await records.ImportFileAsync(request.FileName, new MemoryStream(bytes), source, request.DryRun, context.CancellationToken);
        return new RecordObservationsResponse
        {
            DryRun = request.DryRun,
            Records = new RecordsImported
            {
                Kind = receipt.Kind, Received = receipt.Received, Added = receipt.Added, Revised = receipt.Revised, Unchanged = receipt.Unchanged,
                ChangedFrom = receipt.Changed?.From.ToString() ?? "", ChangedTo = receipt.Changed?.To.ToString() ?? "",
            },
        };
    }

    /// <summary>How many figures of each kind (added, revised, unchanged) a response lists; the counts cover them all.</summary>
    public const int Listed = 200;

    private static RecordObservationsResponse Response(ImportResult result, bool dryRun)
    {
        static Proto.Observation Figure(Domain.Observation o) => new()
        {
            Indicator = o.Indicator, From = o.Period.From.ToString(), To = o.Period.To.ToString(), Value = (double)o.Value, Reported = o.Reported,
        };
        var response = new RecordObservationsResponse { Received = result.Rows, Added = result.Added, Revised = result.Revised, Unchanged = result.Unchanged, DryRun = dryRun };
        response.Additions.AddRange(result.Additions.Take(Listed).Select(Figure));
        response.Revisions.AddRange(result.Revisions.Take(Listed).Select(r => new RevisedObservation
        {
            Indicator = r.Indicator, From = r.Period.From.ToString(), To = r.Period.To.ToString(), OldValue = (double)r.Old, NewValue = (double)r.New,
            Reported = r.Reported,
        }));
        response.UnchangedObservations.AddRange(result.Repeats.Take(Listed).Select(Figure));
        return response;
    }

    [Authorize(Policy = Policies.Reader)]
    public override async Task ListObservations(ListObservationsRequest request, IServerStreamWriter<Proto.Observation> responses, ServerCallContext context)
    {
        if (catalogue.Find(request.Indicator) is null)
            throw new RefusedException(Refusal.NotFound, "indicator", $"'{request.Indicator}' is not in the {catalogue.Pillar} catalogue");
        var from = ParseMonth(request.From, "from").FirstDay;
        var to = ParseMonth(request.To, "to").FirstDay;
        var rows = db.Observations.AsNoTracking()
            .Where(o => o.Indicator == request.Indicator && o.From >= from && o.To <= to)
            .OrderBy(o => o.From)
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(context.CancellationToken))
            await responses.WriteAsync(new Proto.Observation
            {
                Indicator = row.Indicator, From = Month.Of(row.From).ToString(), To = Month.Of(row.To).ToString(), Value = (double)row.Value,
                Reported = row.Reported,
            });
    }

    [Authorize(Policy = Policies.Reader)]
    public override async Task<GetTablesResponse> GetTables(GetTablesRequest request, ServerCallContext context)
    {
        var period = PaperGrpc.Period(request.PeriodEnd);
        var district = District(request.District, "district");
        return ProtoMapping.ToProto(catalogue.Pillar, period, await tables.GetAsync(db, period, context.CancellationToken, district));
    }

    [Authorize(Policy = Policies.OwnPillar)]
    public override Task<Proto.Paper> OpenPaper(OpenPaperRequest request, ServerCallContext context) =>
        PaperGrpc.Run(catalogue, () => papers.OpenAsync(PaperGrpc.Period(request.PeriodEnd), Optional(request.MeetingId),
            Optional(request.MeetingTitle), Who(context), context.CancellationToken));

    [Authorize(Policy = Policies.PaperReader)]
    public override async Task<Proto.Paper> GetPaper(GetPaperRequest request, ServerCallContext context)
    {
        var period = PaperGrpc.Period(request.PeriodEnd);
        var paper = await PaperGrpc.Run(catalogue, () => papers.GetAsync(period, request.Version == 0 ? null : request.Version, context.CancellationToken));
        var review = await reviews.ReviewAsync(period, paper.Narratives.ToDictionary(n => n.Objective, n => n.Markdown), context.CancellationToken);
        paper.FilledNarratives.AddRange(review.Objectives.Select(o => new Proto.ObjectiveNarrative { Objective = o.Objective, Markdown = o.Filled }));
        paper.Claims.AddRange(review.Claims.Select(PaperGrpc.ToProto));
        paper.FiguresChecked = review.StatementFor(await papers.ApprovalReasonAsync(period, paper.Version, context.CancellationToken));
        return paper;
    }

    [Authorize(Policy = Policies.PaperReader)]
    public override async Task<Proto.NarrativeReview> CheckNarrative(CheckNarrativeRequest request, ServerCallContext context)
    {
        var review = await reviews.CheckAsync(PaperGrpc.Period(request.PeriodEnd), request.Objective, request.Markdown, context.CancellationToken);
        var message = new Proto.NarrativeReview { FilledMarkdown = review.Filled };
        message.Claims.AddRange(review.Check.Claims.Select(PaperGrpc.ToProto));
        return message;
    }

    [Authorize(Policy = Policies.PaperReader)]
    public override async Task<PaperHistory> ListPaperVersions(ListPaperVersionsRequest request, ServerCallContext context)
    {
        var versions = await papers.HistoryAsync(PaperGrpc.Period(request.PeriodEnd), context.CancellationToken);
        var history = new PaperHistory();
        history.Versions.AddRange(versions.Select(v => PaperGrpc.ToProto(catalogue, v)));
        return history;
    }

    [Authorize(Policy = Policies.OwnPillar)]
    public override Task<Proto.Paper> EditPaper(EditPaperRequest request, ServerCallContext context) =>
        PaperGrpc.Run(catalogue, () => papers.EditAsync(PaperGrpc.Period(request.PeriodEnd), request.BaseVersion,
            PaperGrpc.Content(request.Cover, request.Narratives, request.ReplaceNarratives, request.TableNotes, request.ReplaceTableNotes), Who(context), request.Reason, context.CancellationToken));

    /// <summary>Submit: the command area; approve: the originator; return: the originator or the OPCCN; publish: the OPCCN.</summary>
    [Authorize(Policy = Policies.Reader)]
    public override async Task<Proto.Paper> ChangePaperStatus(ChangePaperStatusRequest request, ServerCallContext context)
    {
        var policy = request.Action switch
        {
            PaperAction.Submit => Policies.OwnPillar,
            PaperAction.Approve => Policies.Originator,
            PaperAction.Return => Policies.Reviewer,
            PaperAction.Publish => Policies.Opccn,
            _ => throw new RefusedException(Refusal.Invalid, "action", $"'{request.Action}' is not one of SUBMIT, APPROVE, RETURN, PUBLISH"),
        };
        var user = context.GetHttpContext().User;
        if (!(await authorization.AuthorizeAsync(user, policy)).Succeeded)
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"{user.Who()} may not {request.Action.ToString().ToLowerInvariant()} a paper (policy '{policy}')"));
        var (period, basedOn, author, reason, ct) = (PaperGrpc.Period(request.PeriodEnd), request.BaseVersion, user.Who(), Optional(request.Reason), context.CancellationToken);
        return await PaperGrpc.Run(catalogue, request.Action switch
        {
            PaperAction.Submit => () => papers.SubmitAsync(period, basedOn, author, reason, ct),
            PaperAction.Approve => () => reviews.ApproveAsync(period, basedOn, author, reason, ct),
            PaperAction.Return => () => papers.ReturnAsync(period, basedOn, author, reason ?? "", ct),
            _ => () => papers.PublishAsync(period, basedOn, author, reason, ct),
        });
    }

    [Authorize(Policy = Policies.Opccn)]
    public override Task<Proto.Paper> CorrectPaper(CorrectPaperRequest request, ServerCallContext context) =>
        PaperGrpc.Run(catalogue, () => papers.CorrectAsync(PaperGrpc.Period(request.PeriodEnd), request.BaseVersion,
            PaperGrpc.Content(request.Cover, request.Narratives, request.ReplaceNarratives, request.TableNotes, request.ReplaceTableNotes), Who(context), request.Note, context.CancellationToken));

    [Authorize(Policy = Policies.Reader)]
    public override async Task<OpenActionList> ListOpenActions(ListOpenActionsRequest request, ServerCallContext context)
    {
        var list = new OpenActionList();
        list.Actions.AddRange((await actions.OpenAsync(context.CancellationToken))
            .Select(a => new OpenAction
            {
                Number = a.Number, MeetingId = a.MeetingId, DateRaised = a.DateRaised.ToString("yyyy-MM-dd"), Description = a.Description,
                Status = a.Status, LastUpdate = a.LastUpdate ?? "",
            }));
        return list;
    }

    [Authorize(Policy = Policies.OwnPillar)]
    public override async Task<SubmitActionUpdateResponse> SubmitActionUpdate(SubmitActionUpdateRequest request, ServerCallContext context) =>
        new() { EventId = (await actions.SubmitAsync(request.Number, request.Text, Who(context), context.CancellationToken)).ToString() };

    private static string? Optional(string text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string Who(ServerCallContext context) => context.GetHttpContext().User.Who();

    private async Task<RecordObservationsResponse> RecordAsync(IReadOnlyList<Proto.Observation> observations, string source, ServerCallContext context) =>
        Response(await importer.ImportSentAsync([.. observations.Select(o => new SentObservation(o.Indicator, o.From, o.To, o.Value, o.Reported))],
            source, context.CancellationToken), dryRun: false);

    private static string Source(string given, ServerCallContext context) =>
        $"{Who(context)}: {(string.IsNullOrWhiteSpace(given) ? "gRPC" : given.Trim()[..Math.Min(given.Trim().Length, 300)])}";

    /// <summary>A district asked for by name, slug or number; null when none is.</summary>
    public static int? District(string text, string field) =>
        string.IsNullOrWhiteSpace(text) ? null
        : Norfolk.District(text) is > 0 and var district ? district
        : throw new RefusedException(Refusal.Invalid, field, $"'{Records.RecordRules.Clip(text)}' is not one of Norfolk's districts ({string.Join(", ", Norfolk.Districts)})");

    private static Month ParseMonth(string text, string field) =>
        Month.TryParse(text, out var month) ? month
        : throw new RefusedException(Refusal.Invalid, field, $"'{text}' is not a month (expected YYYY-MM)");
}

/// <summary>Domain to proto messages.</summary>
public static class ProtoMapping
{
    public static Proto.Catalogue ToProto(Domain.Catalogue catalogue)
    {
        var message = new Proto.Catalogue { Pillar = catalogue.Pillar, Title = catalogue.Title };
        message.Objectives.AddRange(catalogue.Objectives.Select(o => new Proto.Objective { Id = o.Id, Title = o.Title, Description = o.Description }));
        message.Indicators.AddRange(catalogue.Indicators.Select(i =>
        {
            var indicator = new Proto.Indicator
            {
                Id = i.Id, Name = i.Name, Unit = ProtoEnums.ToProto(i.Unit), Comparison = ProtoEnums.ToProto(i.Comparison),
                Decimals = i.Decimals, Stored = i.IsStored && i.Measure is null, Numerator = i.Numerator ?? "", Denominator = i.Denominator ?? "",
                TargetSource = i.Target?.Source ?? "", ChangeDecimals = i.ChangeDecimals, Clock = i.Clock,
            };
            indicator.SumOf.AddRange(i.SumOf);
            if (i.Target?.AtLeast is { } min) indicator.TargetAtLeast = (double)min;
            if (i.Target?.AtMost is { } max) indicator.TargetAtMost = (double)max;
            return indicator;
        }));
        message.Tables.AddRange(catalogue.Tables.Select(t =>
        {
            var layout = new Proto.TableLayout { Id = t.Id, Objective = t.Objective, Kind = Kind(t.Layout), Caption = t.Caption };
            layout.Indicators.AddRange(t.Indicator is { } single ? [single]
                : t.Rows.Where(r => !r.IsSubtotal).SelectMany(r => new[] { r.Indicator, r.Outturn }.OfType<string>()).Concat(t.Columns.Select(c => c.Indicator)));
            return layout;
        }));
        return message;
    }

    public static GetTablesResponse ToProto(string pillar, ReportingPeriod period, PaperFigures figures)
    {
        var message = new GetTablesResponse { Pillar = pillar, ReportingPeriod = period.Description, PeriodDates = period.Dates };
        message.Charts.AddRange(figures.Charts.Select(ToProto));
        message.Tables.AddRange(figures.Tables.Select(t =>
        {
            var table = new Proto.Table
            {
                Id = t.Id, Objective = t.Objective, Kind = Kind(t.Layout), Caption = t.Caption,
                DateRangeNote = t.DateRangeNote ?? "", Note = t.Note ?? "",
            };
            table.Columns.AddRange(t.Columns);
            table.Rows.AddRange(t.Rows.Select(r =>
            {
                var row = new Proto.Row { Group = r.Group ?? "", Label = r.Label, Summary = r.IsSummary, Indicator = r.Indicator };
                row.Cells.AddRange(r.Cells.Select(c =>
                {
                    var cell = new Proto.Cell { Text = c.Text, Reported = c.Reported };
                    if (c.Value is { } value) cell.Value = (double)value;
                    if (c.TargetMet is { } met) cell.TargetMet = met;
                    return cell;
                }));
                return row;
            }));
            return table;
        }));
        return message;
    }

    private static TableLayoutKind Kind(Domain.TableLayout layout) => ProtoEnums.ToProto(layout);

    public static Proto.VariationChart ToProto(Tables.VariationChart chart)
    {
        var message = new Proto.VariationChart
        {
            Id = chart.Spec.Id, Objective = chart.Spec.Objective, Indicator = chart.Indicator.Id, Title = chart.Spec.Title,
            From = chart.Months.From.ToString(), To = chart.Months.To.ToString(),
            Variation = ProtoEnums.ToProto(chart.Analysis.Variation), Assurance = ProtoEnums.ToProto(chart.Analysis.Assurance),
            Summary = chart.Summary, TargetText = chart.Target is { } t ? chart.Text(t) : "",
            Improvement = CatalogueFile.Kebab(chart.Indicator.Improvement.ToString()),
        };
        if (chart.Target is { } target) message.Target = (double)target;
        message.MissingMonths.AddRange(chart.Analysis.MissingMonths.Select(m => m.ToString()));
        message.Segments.AddRange(chart.Analysis.Segments.Select(s =>
        {
            var segment = new ChartSegment
            {
                From = s.From.ToString(), To = s.To.ToString(), ChangeReason = s.ChangeReason ?? "",
                MeanText = s.Mean is null ? "" : chart.Text(s.Mean), UpperLimitText = s.UpperLimit is null ? "" : chart.Text(s.UpperLimit),
                LowerLimitText = s.LowerLimit is null ? "" : chart.Text(s.LowerLimit),
            };
            if (s.Mean is { } mean) segment.Mean = (double)mean;
            if (s.MeanMovingRange is { } range) segment.MeanMovingRange = (double)range;
            if (s.UpperLimit is { } upper) segment.UpperLimit = (double)upper;
            if (s.LowerLimit is { } lower) segment.LowerLimit = (double)lower;
            segment.Points.AddRange(s.Points.Select(p =>
            {
                var point = new ChartPoint
                {
                    Month = p.Month.ToString(), Value = (double)p.Value, Text = chart.Text(p.Value), High = p.High,
                    Variation = ProtoEnums.ToProto(Xmr.Classify(p, chart.Indicator.Improvement)),
                };
                if (p.MovingRange is { } mr) point.MovingRange = (double)mr;
                point.Rules.AddRange(p.Rules.Select(ProtoEnums.ToProto));
                return point;
            }));
            return segment;
        }));
        return message;
    }
}
