using System.Globalization;

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
    /// <summary>The reporting period itself: the quarter of a PAM pack, the year of an annual report.</summary>
    Period,
    /// <summary>The run of months of the same length just before the reporting period.</summary>
    PreviousPeriod,
    /// <summary>The reporting period a year earlier: the same quarter last year.</summary>
    SamePeriodLastYear,
    /// <summary>The financial year to date: from 1 April (of the financial year the period ends in) to the period's end.</summary>
    YearToDate,
    /// <summary>The year to date a year earlier.</summary>
    YearToDateLastYear,
}

/// <summary>
/// The reporting period of a paper: a run of whole months <see cref="Start"/>..<see cref="End"/>. A PAM pack
/// reports on a quarter, an annual report on a financial year (1 April to 31 March); any run is allowed. Every
/// window derives from it: the 12-month windows and the long-term average end with <see cref="End"/>.
/// Written as text in one of three forms, parsed only by <see cref="TryParse"/>:
/// <c>2025-12</c> (the quarter ending December 2025), <c>FY2025-26</c> (April 2025 to March 2026) and
/// <c>2025-01..2025-06</c> (any run of whole months).
/// </summary>
public sealed record ReportingPeriod(Month Start, Month End)
{
    public const int LongTermYears = 3;
    public const int MaxMonths = 120;

    /// <summary>The quarter whose last month is <paramref name="end"/>.</summary>
    public ReportingPeriod(Month end) : this(end.Plus(-2), end) { }

    /// <summary>The financial year from April of <paramref name="startYear"/> to March of the next.</summary>
    public static ReportingPeriod FinancialYear(int startYear) => new(new Month(startYear, 4), new Month(startYear + 1, 3));

    public Period Months => new(Start, End);
    public bool IsQuarter => Months.Months == 3;
    public bool IsFinancialYear => Months.Months == 12 && Start.Number == 4;

    public Period PeriodOf(Window window) => window switch
    {
        Window.Last12Months => new(End.Plus(-11), End),
        Window.Previous12Months => new(End.Plus(-23), End.Plus(-12)),
        Window.LongTermAverage => new(End.Plus(-12 * (LongTermYears + 1) + 1), End.Plus(-12)),
        Window.Period => Months,
        Window.PreviousPeriod => new(Start.Plus(-Months.Months), Start.Plus(-1)),
        Window.SamePeriodLastYear => new(Start.Plus(-12), End.Plus(-12)),
        Window.YearToDate => new(FinancialYearStart(End), End),
        Window.YearToDateLastYear => new(FinancialYearStart(End).Plus(-12), End.Plus(-12)),
        _ => throw new ArgumentOutOfRangeException(nameof(window)),
    };

    /// <summary>April of the financial year (1 April to 31 March) that <paramref name="month"/> is in.</summary>
    public static Month FinancialYearStart(Month month) => new(month.Number >= 4 ? month.Year : month.Year - 1, 4);

    /// <summary>How many periods of the window's length the window's total is divided by.</summary>
    public static int Divisor(Window window) => window == Window.LongTermAverage ? LongTermYears : 1;

    /// <summary>The earliest month any window reaches back to.</summary>
    public Month Earliest => Enum.GetValues<Window>().Select(w => PeriodOf(w).From).Min();

    /// <summary>"1 October 2025 to 31 December 2025", as the front page words it.</summary>
    public string Dates => string.Create(CultureInfo.InvariantCulture, $"{Start.FirstDay:d MMMM yyyy} to {End.LastDay:d MMMM yyyy}");

    /// <summary>"1st October 2025 to 31st December 2025", as the cover block words it.</summary>
    public string Description => $"{Ordinal(Start.FirstDay)} to {Ordinal(End.LastDay)}";

    /// <summary>A column heading for the period's own figures: "2025/26", "Oct – Dec 2025", "Jan 2025 – Jun 2025".</summary>
    public string ShortName => IsFinancialYear ? $"{Start.Year}/{(End.Year % 100):D2}"
        : Start.Year == End.Year ? $"{Abbreviation(Start)} – {Abbreviation(End)} {End.Year}"
        : $"{Abbreviation(Start)} {Start.Year} – {Abbreviation(End)} {End.Year}";

    /// <summary>What kind of period it is, for sentences: "quarter", "financial year", "period".</summary>
    public string Kind => IsQuarter ? "quarter" : IsFinancialYear ? "financial year" : "period";

    /// <summary>
    /// Reads the three written forms; the error says which forms are accepted, or which rule the period breaks: at most
    /// <see cref="MaxMonths"/> months, and every month its figures reach lies in the calendar (January 1 to December 9999).
    /// </summary>
    public static bool TryParse(string? text, out ReportingPeriod period, out string error)
    {
        period = null!;
        error = "";
        var t = text?.Trim() ?? "";
        (Month Start, Month End)? months = null;
        var dots = t.IndexOf("..", StringComparison.Ordinal);
        if (Month.TryParse(t, out var end)) months = (Month.FromIndex(end.Index - 2), end);
        else if (t.StartsWith("FY", StringComparison.OrdinalIgnoreCase) && t.Length == 9 && t[6] == '-'
            && int.TryParse(t.AsSpan(2, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && int.TryParse(t.AsSpan(7, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var next)
            && (year + 1) % 100 == next)
            months = (new Month(year, 4), new Month(year + 1, 3));
        else if (dots > 0 && Month.TryParse(t[..dots], out var from) && Month.TryParse(t[(dots + 2)..], out var to))
        {
            var count = to.Index - from.Index + 1;
            if (count < 1) { error = $"'{t}' ends before it starts"; return false; }
            if (count > MaxMonths) { error = $"'{t}' is {count} months; a reporting period is at most {MaxMonths}"; return false; }
            months = (from, to);
        }
        if (months is not var (start, last))
        {
            error = $"'{t}' is not a reporting period: give a quarter by its last month (2025-12), a financial year (FY2025-26) or a run of months (2025-01..2025-06)";
            return false;
        }
        if (last > LastInCalendar) { error = $"'{t}' ends after December 9999, the last month of the calendar"; return false; }
        // The furthest back anything looks: tables and charts of up to MaxMonths months ending with the period, the previous period, and the period a year earlier.
        var reach = Math.Min(Math.Min(last.Index - (MaxMonths - 1), start.Index - (last.Index - start.Index + 1)), start.Index - 12);
        if (reach < FirstInCalendar.Index)
        {
            error = $"'{t}' is too early: its figures would reach back before January of year 1 (a period's windows look back {MaxMonths} months " +
                $"from its end and a period's length before its start; the earliest quarter that can be reported ends {Month.FromIndex(FirstInCalendar.Index + MaxMonths - 1)})";
            return false;
        }
        period = new ReportingPeriod(start, last);
        return true;
    }

    private static readonly Month FirstInCalendar = new(1, 1);
    private static readonly Month LastInCalendar = new(9999, 12);

    public static ReportingPeriod Parse(string text) =>
        TryParse(text, out var period, out var error) ? period : throw new FormatException(error);

    /// <summary>The period in its shortest written form: the key papers, URLs and caches use.</summary>
    public override string ToString() =>
        IsQuarter ? End.ToString() : IsFinancialYear ? $"FY{Start.Year}-{(End.Year % 100):D2}" : $"{Start}..{End}";

    private static string Abbreviation(Month month) => month.Name[..3];

    private static string Ordinal(DateOnly day)
    {
        var suffix = (day.Day % 100) switch { 11 or 12 or 13 => "th", _ => (day.Day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" } };
        return $"{day.Day}{suffix} {day.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}";
    }
}
