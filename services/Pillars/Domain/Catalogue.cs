using PlanServices.Pillars.Records;
namespace PlanServices.Pillars.Domain;

/// <summary>What a figure measures, which fixes how it aggregates over a window, prints and compares (docs/figures.md).</summary>
public enum Unit
{
    /// <summary>Number of things (crimes, calls). Sums; compares as percent change.</summary>
    Count,
    /// <summary>Numerator / denominator as a percentage, or a percentage as reported. Compares as percentage points.</summary>
    Rate,
    /// <summary>Numerator / denominator as an average (seconds, working days), or an average as reported.</summary>
    Mean,
    /// <summary>A mean in seconds printed as HH:MM:SS (hours may pass 24).</summary>
    Duration,
    /// <summary>Pounds in thousands (£000). Sums; negatives print in parentheses.</summary>
    Money,
    /// <summary>A level measured at a date (FTE, headcount): a window's value is the value at its end or the mean of its months, never a sum.</summary>
    Stock,
    /// <summary>A median over a window, as the source reports it for that window: never pooled from smaller windows.</summary>
    Median,
}

/// <summary>How a stock's value over a window is taken from its monthly values.</summary>
public enum StockValue
{
    /// <summary>The value of the window's last month.</summary>
    End,
    /// <summary>The mean of the window's monthly values.</summary>
    MeanOfMonths,
}

/// <summary>Which way an indicator improves: a rise in solved crimes is good, a rise in crimes is not.</summary>
public enum Improvement
{
    Neither,
    Up,
    Down,
}

/// <summary>How the "difference" columns compare two values of an indicator.</summary>
public enum Comparison
{
    /// <summary>(a − b) / b, one decimal (or the indicator's change decimals), "%".</summary>
    Percent,
    /// <summary>a − b in percentage points, one decimal, "pp".</summary>
    PercentagePoints,
    /// <summary>a − b in the indicator's own unit.</summary>
    Absolute,
}

public enum TableLayout
{
    /// <summary>Chosen windows and comparisons across, indicators down; by default Last 12 months, Previous 12 months, Long-term average and the two % differences (Tables 1, 2, 4, 5, 6, 9).</summary>
    Comparison,
    /// <summary>Last 12 months, Previous 12 months and their difference (Table 3): a comparison table with those columns.</summary>
    Difference,
    /// <summary>One indicator, months down, the two 12-month windows across, with a total (Table 7).</summary>
    MonthlySeries,
    /// <summary>Any number of months down (or across), indicators across (or down), with a summary of those months (Table 8).</summary>
    MonthlyMeasures,
    /// <summary>Indicators down; their values at the end of two periods across, and the change.</summary>
    Snapshot,
    /// <summary>Budget against outturn over the reporting period, with the variance in £000 and in %.</summary>
    Budget,
}

/// <summary>A column of a comparison table: a window's value, a change by the indicator's rule, or a plain difference.</summary>
public enum ColumnKind { Value, Change, Difference }

/// <summary>One column of a comparison table: what it shows and its heading (null: the standard heading).</summary>
public sealed record ComparisonColumn(ColumnKind Kind, Window Window, string? Heading)
{
    /// <summary>How catalogues (<c>show</c>) and narrative references (<c>{{indicator column}}</c>) name the columns, each once.</summary>
    public static readonly IReadOnlyDictionary<string, ComparisonColumn> Named = Enum.GetValues<Window>()
        .SelectMany(w => new[] { (Name: CatalogueFile.Kebab(w.ToString()), Column: new ComparisonColumn(ColumnKind.Value, w, null)) }
            .Concat(w is Window.Previous12Months or Window.LongTermAverage or Window.PreviousPeriod or Window.SamePeriodLastYear or Window.YearToDateLastYear
                ? [("change-to-" + CatalogueFile.Kebab(w.ToString()), new ComparisonColumn(ColumnKind.Change, w, null)),
                   ("difference-to-" + CatalogueFile.Kebab(w.ToString()), new ComparisonColumn(ColumnKind.Difference, w, null))]
                : []))
        .ToDictionary(x => x.Name, x => x.Column, StringComparer.Ordinal);

    /// <summary>The names, in words, for errors.</summary>
    public const string NamesInWords = "a window (last-12-months, previous-12-months, long-term-average, period, previous-period, " +
        "same-period-last-year, year-to-date, year-to-date-last-year), or change-to- or difference-to- previous-12-months, long-term-average, " +
        "previous-period, same-period-last-year or year-to-date-last-year";

    /// <summary>
    /// What a change or difference compares with its baseline: the reporting period with the one before or the same period
    /// last year, the year to date with last year's, else the last 12 months.
    /// </summary>
    public static Window Against(Window baseline) => baseline switch
    {
        Window.PreviousPeriod or Window.SamePeriodLastYear => Window.Period,
        Window.YearToDateLastYear => Window.YearToDate,
        _ => Window.Last12Months,
    };
}

/// <summary>Where a months-by-indicators table puts the months.</summary>
public enum Orientation { MonthsDown, MonthsAcross }

/// <summary>A target an indicator is judged against, on unrounded values.</summary>
public sealed record Target(decimal? AtLeast, decimal? AtMost, string Source)
{
    public bool IsMetBy(decimal value) => (AtLeast is not { } min || value >= min) && (AtMost is not { } max || value <= max);
}

public sealed record Objective(string Id, string Title, string Description)
{
    /// <summary>Indicators the objective's narrative quotes that none of its tables or charts shows: its claims about them are checked too.</summary>
    public IReadOnlyList<string> Quotes { get; init; } = [];
}

/// <summary>
/// An indicator of the plan. Stored indicators receive observations; derived ones are computed:
/// a ratio (rates, means) from <see cref="Numerator"/> / <see cref="Denominator"/>, or a total from <see cref="SumOf"/>.
/// A rate, mean, duration or median without parts receives only values as reported for a window.
/// </summary>
public sealed record Indicator(
    string Id,
    string Name,
    Unit Unit,
    Comparison Comparison,
    int Decimals,
    string? Numerator,
    string? Denominator,
    IReadOnlyList<string> SumOf,
    Target? Target)
{
    /// <summary>Decimals of a change in percent or percentage points (an absolute change prints with <see cref="Decimals"/>).</summary>
    public int ChangeDecimals { get; init; } = 1;
    /// <summary>Printed as hours, minutes and seconds (durations, and means or medians in seconds that ask for it).</summary>
    public bool Clock { get; init; } = Unit == Unit.Duration;
    /// <summary>A rate whose numerator may exceed its denominator (strength as a % of establishment).</summary>
    public bool MayExceedWhole { get; init; }
    public StockValue Stock { get; init; } = StockValue.End;
    public Improvement Improvement { get; init; } = Improvement.Neither;
    /// <summary>Other words the narrative uses for it ("detection rate"), by which its claims are recognised.</summary>
    public IReadOnlyList<string> Synonyms { get; init; } = [];
    /// <summary>Defined over the Constabulary's records (docs/records.md): its months are counted from them, never imported.</summary>
    public Measure? Measure { get; init; }

    public bool IsRatio => Numerator is not null;
    public bool IsStored => !IsRatio && SumOf.Count == 0;
    /// <summary>Sums over months (counts and money): a window's value is the total of its months.</summary>
    public bool IsAdditive => Unit is Unit.Count or Unit.Money;
    /// <summary>Has no rule to build a window's value from months: only values reported for that window count.</summary>
    public bool IsReportedOnly => IsStored && Unit is Unit.Rate or Unit.Mean or Unit.Duration or Unit.Median;
    public bool MayBeNegative => Unit == Unit.Money;
}

/// <summary>A row of a table; a budget row also names its outturn indicator.</summary>
public sealed record TableRowSpec(string? Group, string Label, string Indicator, string? Outturn = null)
{
    /// <summary>Budget: whether the row is added into the subtotal above it and the total (false: shown for information).</summary>
    public bool InTotal { get; init; } = true;
    /// <summary>Budget: a subtotal, with no indicator of its own, summing the rows counted since the previous subtotal.</summary>
    public bool IsSubtotal { get; init; }
}

public sealed record TableColumnSpec(string Label, string Indicator);

/// <summary>A table of the paper, laid out as the publisher lays it out.</summary>
public sealed record TableSpec(
    string Id,
    string Objective,
    TableLayout Layout,
    string Caption,
    IReadOnlyList<TableRowSpec> Rows,
    IReadOnlyList<TableColumnSpec> Columns,
    string? Indicator,
    string? Note,
    string GroupHeading)
{
    /// <summary>The heading of the label column ("Indicator", "Month", "Service area").</summary>
    public string? LabelHeading { get; init; }
    /// <summary>The summary row's label; null for the layout's own ("Total", "Last 12 months").</summary>
    public string? SummaryLabel { get; init; }
    /// <summary>Comparison tables: the columns shown, in order.</summary>
    public IReadOnlyList<ComparisonColumn> Show { get; init; } = [];
    /// <summary>Monthly measures: how many months, ending with the reporting period.</summary>
    public int Months { get; init; } = 12;
    public Orientation Orientation { get; init; } = Orientation.MonthsDown;
    /// <summary>Snapshot: the earlier of the two dates is the end of this window.</summary>
    public Window Since { get; init; } = Window.Previous12Months;
}

/// <summary>
/// A trend chart of an indicator's monthly values with its XmR analysis, placed under an objective: the
/// <see cref="Months"/> months ending with the reporting period, limits recalculated from each <see cref="Rebases"/> month.
/// </summary>
public sealed record ChartSpec(string Id, string Objective, string Indicator, int Months, string Title, IReadOnlyList<Rebase> Rebases);

/// <summary>A pillar's catalogue: its objectives, indicators, tables and charts, read from its catalogue file.</summary>
public sealed record Catalogue(
    string Pillar,
    string Title,
    IReadOnlyList<Objective> Objectives,
    IReadOnlyList<Indicator> Indicators,
    IReadOnlyList<TableSpec> Tables)
{
    public IReadOnlyList<ChartSpec> Charts { get; init; } = [];

    private readonly Dictionary<string, Indicator> _byId = Indicators.ToDictionary(i => i.Id, StringComparer.Ordinal);

    public Indicator? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The records this catalogue's measures count: their kinds, of crimes the groups, and the measures of crimes of any group.</summary>
    public RecordScope RecordScope => _scope ??= new(Pillar,
        Indicators.Select(i => i.Measure?.Records).OfType<RecordKind>().ToHashSet(),
        Indicators.SelectMany(i => i.Measure?.Groups ?? []).ToHashSet(StringComparer.Ordinal),
        Indicators.Select(i => i.Measure).OfType<Measure>().Where(m => m.Records == RecordKind.Crimes && m.Groups.Count == 0).ToList());

    private RecordScope? _scope;
    public Indicator this[string id] => _byId[id];
}
