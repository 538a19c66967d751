using PlanServices.Pillars.Domain;

namespace PlanServices.Pillars.Tables;

/// <summary>One printed cell: its text, the unrounded value behind it, and whether it meets a target.</summary>
public sealed record Cell(string Text, decimal? Value, bool? TargetMet = null);

public sealed record Row(string? Group, string Label, IReadOnlyList<Cell> Cells, bool IsSummary = false);

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
        TableLayout.Comparison => Comparison(spec, period),
        TableLayout.Difference => Difference(spec, period),
        TableLayout.MonthlySeries => MonthlySeries(spec, period),
        TableLayout.MonthlyMeasures => MonthlyMeasures(spec, period),
        _ => throw new ArgumentOutOfRangeException(nameof(spec)),
    };

    private Table Comparison(TableSpec spec, ReportingPeriod period)
    {
        var rows = spec.Rows.Select(row =>
        {
            var indicator = figures.Catalogue[row.Indicator];
            var last = figures.Value(indicator.Id, period, Window.Last12Months);
            var previous = figures.Value(indicator.Id, period, Window.Previous12Months);
            var average = figures.Value(indicator.Id, period, Window.LongTermAverage);
            return new Row(row.Group, row.Label,
            [
                ValueCell(indicator, last), ValueCell(indicator, previous), ValueCell(indicator, average),
                ChangeCell(Display.Change(indicator, last, previous)),
                ChangeCell(Display.Change(indicator, last, average)),
            ]);
        }).ToList();
        return new Table(spec.Id, spec.Objective, spec.Layout, spec.Caption,
            [.. LabelColumns(spec), LastLabel, PreviousLabel, AverageLabel,
                "% difference to previous 12 months", "% difference to long-term average"],
            rows, DateRangeNote(period, Window.Last12Months, Window.Previous12Months, Window.LongTermAverage), spec.Note);
    }

    private Table Difference(TableSpec spec, ReportingPeriod period)
    {
        var rows = spec.Rows.Select(row =>
        {
            var indicator = figures.Catalogue[row.Indicator];
            var last = figures.Value(indicator.Id, period, Window.Last12Months);
            var previous = figures.Value(indicator.Id, period, Window.Previous12Months);
            return new Row(row.Group, row.Label,
                [ValueCell(indicator, last), ValueCell(indicator, previous), ChangeCell(Display.Difference(indicator, last, previous))]);
        }).ToList();
        return new Table(spec.Id, spec.Objective, spec.Layout, spec.Caption,
            [.. LabelColumns(spec), LastLabel, PreviousLabel, "Difference"],
            rows, DateRangeNote(period, Window.Last12Months, Window.Previous12Months), spec.Note);
    }

    private Table MonthlySeries(TableSpec spec, ReportingPeriod period)
    {
        var indicator = figures.Catalogue[spec.Indicator!];
        var windows = new[] { period.PeriodOf(Window.Previous12Months), period.PeriodOf(Window.Last12Months) };
        var rows = Enumerable.Range(0, 12).Select(i => new Row(null, windows[1].From.Plus(i).Name,
            windows.Select(w => ValueCell(indicator, figures.Value(indicator.Id, Period.Single(w.From.Plus(i))))).ToList())).ToList();
        rows.Add(new Row(null, "Total", windows.Select(w => ValueCell(indicator, figures.Value(indicator.Id, w))).ToList(), IsSummary: true));
        return new Table(spec.Id, spec.Objective, spec.Layout, Caption(spec, windows[0].From),
            ["Month", .. windows.Select(YearLabel)], rows, null, spec.Note);
    }

    private Table MonthlyMeasures(TableSpec spec, ReportingPeriod period)
    {
        var window = period.PeriodOf(Window.Last12Months);
        var indicators = spec.Columns.Select(c => figures.Catalogue[c.Indicator]).ToList();
        var rows = Enumerable.Range(0, 12).Select(i =>
        {
            var month = Period.Single(window.From.Plus(i));
            return new Row(null, $"{month.From.Name} {month.From.Year}",
                indicators.Select(x => ValueCell(x, figures.Value(x.Id, month))).ToList());
        }).ToList();
        rows.Add(new Row(null, LastLabel, indicators.Select(x => ValueCell(x, figures.Value(x.Id, window))).ToList(), IsSummary: true));
        return new Table(spec.Id, spec.Objective, spec.Layout, Caption(spec, window.From),
            ["Month", .. spec.Columns.Select(c => c.Label)], rows, null, spec.Note);
    }

    private static Cell ValueCell(Indicator indicator, decimal? value)
    {
        var shown = Display.Value(indicator, value);
        return new Cell(shown.Text, shown.Value, Display.TargetMet(indicator, value));
    }

    private static Cell ChangeCell(Shown change) => new(change.Text, change.Value);

    private static IEnumerable<string> LabelColumns(TableSpec spec) =>
        spec.Rows.Any(r => r.Group is not null) ? [spec.GroupHeading, "Indicator"] : ["Indicator"];

    /// <summary>A caption may name the first month shown: "{first-month}" becomes "January 2024".</summary>
    private static string Caption(TableSpec spec, Month first) =>
        spec.Caption.Replace("{first-month}", $"{first.Name} {first.Year}", StringComparison.Ordinal);

    private static string YearLabel(Period window) =>
        window.From.Number == 1 ? window.From.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : $"{window.From.Name[..3]} {window.From.Year} – {window.To.Name[..3]} {window.To.Year}";

    public static string DateRangeNote(ReportingPeriod period, params Window[] windows) =>
        string.Join(" ", windows.Select(w => $"The date range for the {Describe(w)} is {period.PeriodOf(w).DateRange}."));

    private static string Describe(Window window) => window switch
    {
        Window.Last12Months => LastLabel,
        Window.Previous12Months => PreviousLabel,
        Window.LongTermAverage => "long-term average",
        _ => window.ToString(),
    };
}
