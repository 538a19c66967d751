using PlanServices.Pillars.Domain;

namespace PlanServices.Pillars.Tables;

/// <summary>
/// One printed cell: its text, the unrounded value behind it, whether it meets a target, and whether the figure is
/// a value as the source reported it rather than derived from observations.
/// </summary>
public sealed record Cell(string Text, decimal? Value, bool? TargetMet = null, bool Reported = false);

/// <summary>A table's row; <see cref="Indicator"/> names the indicator it shows, when it shows one (not a month, a total).</summary>
public sealed record Row(string? Group, string Label, IReadOnlyList<Cell> Cells, bool IsSummary = false, string Indicator = "");

/// <summary>A table as the paper prints it. <see cref="Columns"/> includes the label columns; a row's cells are the rest.</summary>
public sealed record Table(
    string Id,
    string Objective,
    TableLayout Layout,
    string Caption,
    IReadOnlyList<string> Columns,
    IReadOnlyList<Row> Rows,
    string? DateRangeNote,
    string? Note);

/// <summary>Lays out a pillar's tables for a reporting period, every figure derived by <see cref="FigureCalculator"/>.</summary>
public sealed class PaperTables(FigureCalculator figures)
{
    public const string LastLabel = "Last 12 months";
    public const string PreviousLabel = "Previous 12 months";
    public const string AverageLabel = "Long-term average";

    public IReadOnlyList<Table> Build(ReportingPeriod period) =>
        figures.Catalogue.Tables.Select(spec => Build(spec, period)).ToList();

    public Table Build(TableSpec spec, ReportingPeriod period) => spec.Layout switch
    {
        TableLayout.Comparison or TableLayout.Difference => Comparison(spec, period),
        TableLayout.MonthlySeries => MonthlySeries(spec, period),
        TableLayout.MonthlyMeasures => MonthlyMeasures(spec, period),
        TableLayout.Snapshot => Snapshot(spec, period),
        TableLayout.Budget => Budget(spec, period),
        _ => throw new ArgumentOutOfRangeException(nameof(spec)),
    };

    /// <summary>The windows and comparisons the table shows, one row per indicator.</summary>
    private Table Comparison(TableSpec spec, ReportingPeriod period)
    {
        var rows = spec.Rows.Select(row =>
        {
            var indicator = figures.Catalogue[row.Indicator];
            decimal? Figure(Window w) => figures.Value(indicator.Id, period, w);
            return new Row(row.Group, row.Label, spec.Show.Select(column => column.Kind switch
            {
                ColumnKind.Value => ValueCell(indicator, period.PeriodOf(column.Window), ReportingPeriod.Divisor(column.Window)),
                ColumnKind.Change => ChangeCell(Display.Change(indicator, Figure(ComparisonColumn.Against(column.Window)), Figure(column.Window))),
                _ => ChangeCell(Display.Difference(indicator, Figure(ComparisonColumn.Against(column.Window)), Figure(column.Window))),
            }).ToList(), Indicator: indicator.Id);
        }).ToList();
        var windows = spec.Show.SelectMany(c => c.Kind == ColumnKind.Value ? [c.Window] : new[] { ComparisonColumn.Against(c.Window), c.Window }).Distinct().ToArray();
        return new Table(spec.Id, spec.Objective, spec.Layout, spec.Caption,
            [.. LabelColumns(spec), .. spec.Show.Select(c => c.Heading ?? Heading(c, period))],
            rows, DateRangeNote(period, windows), spec.Note);
    }


    private static string Heading(ComparisonColumn column, ReportingPeriod period) => (column.Kind, column.Window) switch
    {
        (ColumnKind.Value, Window.Last12Months) => LastLabel,
        (ColumnKind.Value, Window.Previous12Months) => PreviousLabel,
        (ColumnKind.Value, Window.LongTermAverage) => AverageLabel,
        (ColumnKind.Value, Window.Period) => period.ShortName,
        (ColumnKind.Value, var window) => new ReportingPeriod(period.PeriodOf(window).From, period.PeriodOf(window).To).ShortName,
        (ColumnKind.Change, Window.Previous12Months) => "% difference to previous 12 months",
        (ColumnKind.Change, _) => $"% difference to {Describe(column.Window, period)}",
        (ColumnKind.Difference, Window.Previous12Months) => "Difference",
        _ => $"Difference to {Describe(column.Window, period)}",
    };

    private Table MonthlySeries(TableSpec spec, ReportingPeriod period)
    {
        var indicator = figures.Catalogue[spec.Indicator!];
        var windows = new[] { period.PeriodOf(Window.Previous12Months), period.PeriodOf(Window.Last12Months) };
        var rows = Enumerable.Range(0, 12).Select(i => new Row(null, windows[1].From.Plus(i).Name,
            windows.Select(w => ValueCell(indicator, Period.Single(w.From.Plus(i)))).ToList())).ToList();
        rows.Add(new Row(null, spec.SummaryLabel ?? "Total", windows.Select(w => ValueCell(indicator, w)).ToList(), IsSummary: true));
        return new Table(spec.Id, spec.Objective, spec.Layout, Caption(spec, windows[0].From),
            [spec.LabelHeading ?? "Month", .. windows.Select(YearLabel)], rows, null, spec.Note);
    }

    /// <summary>The months ending with the reporting period against several indicators, in either orientation, with their summary.</summary>
    private Table MonthlyMeasures(TableSpec spec, ReportingPeriod period)
    {
        var window = new Period(period.End.Plus(1 - spec.Months), period.End);
        var months = Enumerable.Range(0, spec.Months).Select(i => window.From.Plus(i)).ToList();
        var measures = (spec.Columns.Count > 0 ? spec.Columns.Select(c => (c.Label, c.Indicator)) : spec.Rows.Select(r => (r.Label, r.Indicator)))
            .Select(m => (m.Label, Indicator: figures.Catalogue[m.Indicator])).ToList();
        var summary = spec.SummaryLabel ?? (spec.Months == 12 ? LastLabel : $"Last {spec.Months} months");
        var caption = Caption(spec, window.From);
        if (spec.Orientation == Orientation.MonthsAcross)
        {
            var across = measures.Select(m => new Row(null, m.Label,
                [.. months.Select(month => ValueCell(m.Indicator, Period.Single(month))), ValueCell(m.Indicator, window)], Indicator: m.Indicator.Id)).ToList();
            return new Table(spec.Id, spec.Objective, spec.Layout, caption,
                [spec.LabelHeading ?? "Indicator", .. months.Select(m => $"{m.Name[..3]} {m.Year}"), summary], across, null, spec.Note);
        }
        var rows = months.Select(month => new Row(null, $"{month.Name} {month.Year}",
            measures.Select(m => ValueCell(m.Indicator, Period.Single(month))).ToList())).ToList();
        rows.Add(new Row(null, summary, measures.Select(m => ValueCell(m.Indicator, window)).ToList(), IsSummary: true));
        return new Table(spec.Id, spec.Objective, spec.Layout, caption,
            [spec.LabelHeading ?? "Month", .. measures.Select(m => m.Label)], rows, null, spec.Note);
    }

    /// <summary>Each indicator's value in the last month of an earlier window and of the reporting period, and the change.</summary>
    private Table Snapshot(TableSpec spec, ReportingPeriod period)
    {
        var dates = new[] { period.PeriodOf(spec.Since).To, period.End };
        var rows = spec.Rows.Select(row =>
        {
            var indicator = figures.Catalogue[row.Indicator];
            var values = dates.Select(d => figures.Value(indicator.Id, Period.Single(d))).ToArray();
            return new Row(row.Group, row.Label,
                [.. dates.Select(d => ValueCell(indicator, Period.Single(d))), ChangeCell(Display.Change(indicator, values[1], values[0]))], Indicator: indicator.Id);
        }).ToList();
        return new Table(spec.Id, spec.Objective, spec.Layout, spec.Caption,
            [.. LabelColumns(spec), .. dates.Select(d => $"At {d.LastDay.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}"), "Change"],
            rows, null, spec.Note);
    }

    /// <summary>
    /// Budget against outturn over the reporting period; the variance is budget − outturn (an overspend is negative), and its
    /// % of the budget. A subtotal sums the rows counted since the previous subtotal, the Total every counted row (a row
    /// with <c>inTotal: false</c> is shown only); their variances come from the summed budget and outturn, never from summed
    /// percentages.
    /// </summary>
    private Table Budget(TableSpec spec, ReportingPeriod period)
    {
        var span = period.Months;
        // Sums print as the first row's money does.
        var first = figures.Catalogue[spec.Rows.First(r => !r.IsSubtotal).Indicator];
        Row Line(string? group, string label, Indicator money, decimal? budget, decimal? outturn, bool summary)
        {
            var (shownBudget, shownOutturn) = (Display.Value(money, budget), Display.Value(money, outturn));
            var variance = Display.Change(money, Domain.Comparison.Absolute, budget, outturn);
            var percent = variance.Value is { } v && budget is { } b && Display.Round(b, money.Decimals) is var printed && printed != 0
                ? Display.Percent(money, v / Math.Abs(printed) * 100, money.ChangeDecimals)
                : new Shown(null, Display.NotApplicable);
            return new Row(group, label, [new(shownBudget.Text, budget), new(shownOutturn.Text, outturn), ChangeCell(variance), ChangeCell(percent)], summary);
        }
        static decimal? Sum(IEnumerable<decimal?> values) => values.ToList() is var all && all.All(v => v is not null) ? all.Sum() : null;
        Row Total(string label, IReadOnlyList<(decimal? Budget, decimal? Outturn)> lines) =>
            Line(null, label, first, Sum(lines.Select(l => l.Budget)), Sum(lines.Select(l => l.Outturn)), summary: true);

        var rows = new List<Row>();
        var (counted, sinceSubtotal) = (new List<(decimal?, decimal?)>(), new List<(decimal?, decimal?)>());
        foreach (var row in spec.Rows)
        {
            if (row.IsSubtotal)
            {
                rows.Add(Total(row.Label, sinceSubtotal));
                sinceSubtotal.Clear();
                continue;
            }
            var (budget, outturn) = (figures.Value(row.Indicator, span), figures.Value(row.Outturn!, span));
            rows.Add(Line(row.Group, row.Label, figures.Catalogue[row.Indicator], budget, outturn, summary: false));
            if (!row.InTotal) continue;
            counted.Add((budget, outturn));
            sinceSubtotal.Add((budget, outturn));
        }
        if (counted.Count > 1) rows.Add(Total(spec.SummaryLabel ?? "Total", counted));
        return new Table(spec.Id, spec.Objective, spec.Layout, spec.Caption,
            [.. LabelColumns(spec), "Budget £000", "Outturn £000", "Over(-)/Under spend £000", "Over(-)/Under spend %"],
            rows, DateRangeNote(period, Window.Period), spec.Note);
    }

    private Cell ValueCell(Indicator indicator, Period period, int divisor = 1)
    {
        var (value, reported) = figures.Figure(indicator.Id, period, divisor);
        var shown = Display.Value(indicator, value);
        return new Cell(shown.Text, shown.Value, Display.TargetMet(indicator, value), value is not null && reported);
    }

    private static Cell ChangeCell(Shown change) => new(change.Text, change.Value);

    private static IEnumerable<string> LabelColumns(TableSpec spec) =>
        spec.Rows.Any(r => r.Group is not null) ? [spec.GroupHeading, spec.LabelHeading ?? "Indicator"] : [spec.LabelHeading ?? "Indicator"];

    /// <summary>A caption may name the first month shown: "{first-month}" becomes "January 2024".</summary>
    private static string Caption(TableSpec spec, Month first) =>
        spec.Caption.Replace("{first-month}", $"{first.Name} {first.Year}", StringComparison.Ordinal);

    private static string YearLabel(Period window) =>
        window.From.Number == 1 ? window.From.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : $"{window.From.Name[..3]} {window.From.Year} – {window.To.Name[..3]} {window.To.Year}";

    public static string DateRangeNote(ReportingPeriod period, params Window[] windows) =>
        string.Join(" ", windows.Select(w => $"The date range for the {Describe(w, period)} is {period.PeriodOf(w).DateRange}."));

    private static string Describe(Window window, ReportingPeriod period) => window switch
    {
        Window.Last12Months => LastLabel,
        Window.Previous12Months => PreviousLabel,
        Window.LongTermAverage => "long-term average",
        _ => Claims.ClaimWindow.Of(period, window).Name,
    };
}
