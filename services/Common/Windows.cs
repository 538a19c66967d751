namespace PlanServices.Common;

/// <summary>The comparison windows of a paper (DOMAIN.md, "Indicators and comparisons").</summary>
public enum Window
{
    /// <summary>The 12 months ending with the reporting period.</summary>
    Last12Months,
    /// <summary>The 12 months before those.</summary>
    Previous12Months,
    /// <summary>Mean of the three 12-month windows before Last 12 months.</summary>
    LongTermAverage,
    /// <summary>The reporting quarter itself.</summary>
    Quarter,
    /// <summary>The quarter before the reporting quarter.</summary>
    PreviousQuarter,
}

/// <summary>
/// The reporting period of a meeting: the quarter whose last month is <see cref="End"/>.
/// Every window of a paper derives from it.
/// </summary>
public sealed record ReportingPeriod(Month End)
{
    public const int LongTermYears = 3;

    public Period Quarter => new(End.Plus(-2), End);

    public Period PeriodOf(Window window) => window switch
    {
        Window.Last12Months => new(End.Plus(-11), End),
        Window.Previous12Months => new(End.Plus(-23), End.Plus(-12)),
        Window.LongTermAverage => new(End.Plus(-12 * (LongTermYears + 1) + 1), End.Plus(-12)),
        Window.Quarter => Quarter,
        Window.PreviousQuarter => new(End.Plus(-5), End.Plus(-3)),
        _ => throw new ArgumentOutOfRangeException(nameof(window)),
    };

    /// <summary>How many periods of the window's length the window's total is divided by.</summary>
    public static int Divisor(Window window) => window == Window.LongTermAverage ? LongTermYears : 1;

    /// <summary>"1 October 2025 to 31 December 2025", as the front page words it.</summary>
    public string Dates => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Quarter.From.FirstDay:d MMMM yyyy} to {Quarter.To.LastDay:d MMMM yyyy}");

    /// <summary>"1st October 2025 to 31st December 2025", as the cover block words it.</summary>
    public string Description => $"{Ordinal(Quarter.From.FirstDay)} to {Ordinal(Quarter.To.LastDay)}";

    private static string Ordinal(DateOnly day)
    {
        var suffix = (day.Day % 100) switch { 11 or 12 or 13 => "th", _ => (day.Day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" } };
        return $"{day.Day}{suffix} {day.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}";
    }

    public override string ToString() => Quarter.ToString();
}
