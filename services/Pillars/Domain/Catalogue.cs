namespace PlanServices.Pillars.Domain;

/// <summary>What a figure measures, which fixes how it aggregates, prints and compares.</summary>
public enum Unit
{
    /// <summary>Number of things (crimes, calls). Sums; compares as percent change.</summary>
    Count,
    /// <summary>Numerator / denominator as a percentage. Compares as percentage points.</summary>
    Rate,
    /// <summary>Numerator / denominator as an average (seconds, working days). Compares as the indicator says.</summary>
    Mean,
    /// <summary>A mean in seconds printed as HH:MM:SS. Compares as the indicator says.</summary>
    Duration,
}

/// <summary>How the "difference" columns compare two values of an indicator.</summary>
public enum Comparison
{
    /// <summary>(a − b) / b, one decimal, "%".</summary>
    Percent,
    /// <summary>a − b in percentage points, one decimal, "pp".</summary>
    PercentagePoints,
    /// <summary>a − b in the indicator's own unit.</summary>
    Absolute,
}

public enum TableLayout
{
    /// <summary>Last 12 months, Previous 12 months, Long-term average and the two differences (Tables 1, 2, 4, 5, 6, 9).</summary>
    Comparison,
    /// <summary>Last 12 months, Previous 12 months and their difference (Table 3).</summary>
    Difference,
    /// <summary>One indicator, months down, the two 12-month windows across, with a total (Table 7).</summary>
    MonthlySeries,
    /// <summary>Months of the last 12 down, several indicators across, with a Last-12-months row (Table 8).</summary>
    MonthlyMeasures,
}

/// <summary>A target an indicator is judged against, on unrounded values.</summary>
public sealed record Target(decimal? AtLeast, decimal? AtMost, string Source)
{
    public bool IsMetBy(decimal value) => (AtLeast is not { } min || value >= min) && (AtMost is not { } max || value <= max);
}

public sealed record Objective(string Id, string Title, string Description);

/// <summary>
/// An indicator of the plan. Stored indicators receive observations; derived ones are computed:
/// a ratio (rates, means) from <see cref="Numerator"/> / <see cref="Denominator"/>, or a total from <see cref="SumOf"/>.
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
    public bool IsRatio => Numerator is not null;
    public bool IsStored => !IsRatio && SumOf.Count == 0;
}

public sealed record TableRowSpec(string? Group, string Label, string Indicator);

public sealed record TableColumnSpec(string Label, string Indicator);

/// <summary>A table of the paper, laid out as the pack lays it out.</summary>
public sealed record TableSpec(
    string Id,
    string Objective,
    TableLayout Layout,
    string Caption,
    IReadOnlyList<TableRowSpec> Rows,
    IReadOnlyList<TableColumnSpec> Columns,
    string? Indicator,
    string? Note,
    string GroupHeading);

/// <summary>A pillar's catalogue: its objectives, indicators and tables, read from its catalogue file.</summary>
public sealed record Catalogue(
    string Pillar,
    string Title,
    IReadOnlyList<Objective> Objectives,
    IReadOnlyList<Indicator> Indicators,
    IReadOnlyList<TableSpec> Tables)
{
    private readonly Dictionary<string, Indicator> _byId = Indicators.ToDictionary(i => i.Id, StringComparer.Ordinal);

    public Indicator? Find(string id) => _byId.GetValueOrDefault(id);
    public Indicator this[string id] => _byId[id];
}
