using System.Globalization;
using System.Text.RegularExpressions;

namespace PlanServices.Pillars.Claims;

/// <summary>A run of months a figure may speak of, named as a reader would ("reporting quarter", "month of March 2026").</summary>
public sealed record ClaimWindow(string Name, Period Months, int Divisor = 1)
{
    /// <summary>The months one year of the window covers (a long-term average's three years count as one).</summary>
    public int Length => Months.Months / Divisor;

    /// <summary>The standard window of a reporting period, under the name the checker gives it.</summary>
    public static ClaimWindow Of(ReportingPeriod period, Window window) => new(window switch
    {
        Window.Last12Months => "last 12 months",
        Window.Previous12Months => "previous 12 months",
        Window.LongTermAverage => "long-term average",
        Window.Period => $"reporting {period.Kind}",
        Window.PreviousPeriod => $"previous {period.Kind}",
        Window.SamePeriodLastYear => $"same {period.Kind} last year",
        Window.YearToDate => "year to date",
        _ => "year to date last year",
    }, period.PeriodOf(window), ReportingPeriod.Divisor(window));

    /// <summary>Any run of months, named by the standard window it is, else by its months.</summary>
    public static ClaimWindow Of(ReportingPeriod period, Period months)
    {
        foreach (var window in new[] { Window.Period, Window.PreviousPeriod, Window.Last12Months, Window.Previous12Months, Window.SamePeriodLastYear, Window.YearToDate })
            if (period.PeriodOf(window) == months) return Of(period, window);
        var name = months.Months == 1 ? $"month of {Written(months.From)}"
            : months.Months == 12 && months.From.Number == 1 ? $"year {months.From.Year}"
            : months.Months == 12 && months.From.Number == 4 ? $"financial year {months.From.Year}/{(months.To.Year % 100):D2}"
            : $"{Written(months.From)} to {Written(months.To)}";
        return new(name, months);
    }

    private static string Written(Month month) => $"{month.Name} {month.Year.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// What a phrase is to a comparison: a window a figure is usually compared with (the previous 12 months, the long-term
/// average, the previous quarter, the same period a year earlier), the window the paper reports on (the last 12 months,
/// this quarter, the year to date), or a dated window that may be either (March 2026, January to March 2025).
/// </summary>
public enum PhraseRole { Dated, Current, Comparison }

/// <summary>
/// A phrase of a sentence that names a window. <see cref="Readings"/> are the windows it may mean (more than one when the
/// phrase is ambiguous: "year to date" is the calendar or the financial year). A phrase relative to the window it is
/// compared with ("the same period a year earlier", "the month before") has <see cref="Before"/>: how many months earlier
/// than that window it is (0: by that window's own length), and is resolved by <see cref="Against"/>.
/// </summary>
public sealed record WindowPhrase(int Start, int Length, string Text, IReadOnlyList<ClaimWindow> Readings, PhraseRole Role)
{
    public int? Before { get; init; }
    public int End => Start + Length;

    /// <summary>The windows this phrase means when it is compared with <paramref name="current"/>.</summary>
    public IReadOnlyList<ClaimWindow> Against(ReportingPeriod period, ClaimWindow current)
    {
        if (Before is not { } before) return Readings;
        if (before == 0 && current.Months.Months != 1) return [];
        var shift = before == 0 ? current.Months.Months : before;
        var months = new Period(current.Months.From.Plus(-shift), current.Months.To.Plus(-shift));
        var named = ClaimWindow.Of(period, months);
        return [named.Name.StartsWith("month of", StringComparison.Ordinal) || named.Name.Contains(" to ", StringComparison.Ordinal)
            ? named with { Name = $"{named.Name} (the same period {(shift == 12 ? "a year" : $"{shift / 12} years")} earlier)" } : named];
    }
}

/// <summary>
/// Finds the phrases of a sentence that name a window and resolves them against the paper's reporting period: the
/// reporting period ("this quarter", "the period", "between January and March 2026"), the previous one, a month ("in
/// March", "March 2026"), a quarter ("Q1 2026"), a calendar or financial year ("in 2025", "2025/26"), the year to date,
/// the last and previous 12 months, the long-term average, the same period a year earlier and the month before.
/// A month or range written without its year is the latest one that ends by the reporting period's end.
/// </summary>
public static partial class WindowPhrases
{
    private const string MonthNames = "January|February|March|April|May|June|July|August|September|October|November|December";
    private const string MonthAbbreviations = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";
    private const string AnyMonth = "(?:" + MonthNames + "|" + MonthAbbreviations + @")\b\.?";
    private const string Year = @"(?:19|20)\d{2}";
    private const string Twelve = @"(?:12|twelve)[\s-]months?";
    private const string NotAfterDay = @"(?<!\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)";

    private delegate WindowPhrase? Reader(Match match, ReportingPeriod period);

    private static readonly (Regex Pattern, Reader Read)[] Readers =
    [
        // 1st October 2025 – 31st December 2025; 1 October to 31 December 2025
        (new Regex($@"\b(?:[Bb]etween\s+|[Ff]rom\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?<m1>{AnyMonth})(?:\s+(?<y1>{Year}))?\s*(?:to|until|and|–|-|—)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+(?<m2>{AnyMonth})\s+(?<y2>{Year})"),
            (m, p) => Range(m, p)),
        // between January and March 2026; January to March; Jan–Mar 2026; from October 2025 to March 2026
        (new Regex($@"{NotAfterDay}\b(?:[Bb]etween\s+(?<m1>{AnyMonth})(?:\s+(?<y1>{Year}))?\s+and|(?:[Ff]rom\s+)?(?<m1>{AnyMonth})(?:\s+(?<y1>{Year}))?\s*(?:to|until|–|-|—))\s*(?<m2>{AnyMonth})(?:\s+(?<y2>{Year}))?"),
            (m, p) => Range(m, p)),
        // the financial year to September 2025 (April to September)
        (new Regex($@"\b(?:the\s+)?(?:financial|fiscal)\s+year\s+(?:to|ending|up to)\s+(?:the end of\s+)?(?<m2>{AnyMonth})(?:\s+(?<y2>{Year}))?", RegexOptions.IgnoreCase),
            (m, p) =>
            {
                var number = MonthNumber(m.Groups["m2"].Value);
                var to = m.Groups["y2"].Success ? new Month(Int(m.Groups["y2"].Value), number) : Latest(p, number);
                return Fixed(m, p, PhraseRole.Dated, [ClaimWindow.Of(p, new Period(new Month(to.Number >= 4 ? to.Year : to.Year - 1, 4), to))]);
            }),
        // since January; since April 2025 (to the end of the reporting period)
        (new Regex($@"\b[Ss]ince\s+(?<m>{MonthNames})(?:\s+(?<y>{Year}))?\b"),
            (m, p) =>
            {
                var from = m.Groups["y"].Success ? new Month(Int(m.Groups["y"].Value), MonthNumber(m.Groups["m"].Value)) : Latest(p, MonthNumber(m.Groups["m"].Value));
                return from <= p.End ? Fixed(m, p, PhraseRole.Current, [ClaimWindow.Of(p, new Period(from, p.End))]) : null;
            }),
        // the three months to March 2026; the quarter ending December 2025; the 12 months to March
        (new Regex($@"\b(?:the\s+)?(?<n>three|3|six|6|nine|9|twelve|12)[\s-]months?\s+(?:to|ending|up to|until)\s+(?:the end of\s+)?(?<m2>{AnyMonth})(?:\s+(?<y2>{Year}))?|\b(?:the\s+)?(?<unit>quarter|year)\s+(?:to|ending)\s+(?:the end of\s+)?(?<m2>{AnyMonth})(?:\s+(?<y2>{Year}))?", RegexOptions.IgnoreCase),
            Ending),
        // Q1 2026, quarter 4 2025, the first quarter of 2026, Q3 2025/26
        (new Regex($@"\bQ(?<q>[1-4])\s*(?<y>{Year})(?:\s*[/–-]\s*(?<yy>\d{{2}}))?\b|\b(?:the\s+)?(?<nth>first|second|third|fourth|final)\s+quarter\s+(?:of|in)\s+(?:(?:the\s+)?(?:financial|fiscal)\s+year\s+)?(?<y>{Year})(?:\s*[/–-]\s*(?<yy>\d{{2}}))?", RegexOptions.IgnoreCase),
            Quarter),
        // the same period last year; the same quarter of 2024; a year earlier; that quarter in 2024
        (new Regex($@"\b(?:(?:the\s+)?(?:same|corresponding|equivalent|comparable)\s+(?:period|quarter|month|months|three[\s-]months?|three[\s-]month period|time|point)(?:\s+(?:of|in|during|for)\s+(?<y>{Year})|\s+(?:last|the previous|the prior)\s+year|\s+a\s+year\s+(?:earlier|before|ago)|\s+in\s+the\s+(?:previous|prior)\s+year)?|that\s+(?:quarter|period|month)\s+(?:of|in)\s+(?<y>{Year})|a\s+year\s+(?:earlier|before|ago))", RegexOptions.IgnoreCase),
            (m, p) => new WindowPhrase(m.Index, m.Length, m.Value, [], PhraseRole.Comparison)
            {
                Before = m.Groups["y"].Success ? (p.End.Year - Int(m.Groups["y"].Value)) * 12 : 12,
            }),
        // the previous month; the month before; last month
        (new Regex(@"\b(?:the\s+)?(?:previous|preceding|prior)\s+month\b|\bthe\s+month\s+before\b|\blast\s+month\b", RegexOptions.IgnoreCase),
            (m, _) => new WindowPhrase(m.Index, m.Length, m.Value, [], PhraseRole.Comparison) { Before = 0 }),
        // financial year to date; year to date (either year); so far this year
        (new Regex(@"\b(?<fy>financial|fiscal)\s+year[\s-]to[\s-]date\b|\bFYTD\b|\bso far this (?<fy>financial) year\b|\bsince the start of the (?<fy>financial) year(?:\s+in\s+April)?\b|\b(?<cal>calendar)\s+year[\s-]to[\s-]date\b|\byear[\s-]to[\s-]date\b|\bYTD\b|\bso far this (?<cal>calendar) year\b|\bso far this year\b|\bsince the start of the (?<cal>calendar) year\b|\bsince the start of the year\b", RegexOptions.IgnoreCase),
            (m, p) => Fixed(m, p, PhraseRole.Current, m.Groups["fy"].Success || m.Value.StartsWith("FY", StringComparison.OrdinalIgnoreCase) ? [FinancialYearToDate(p)]
                : m.Groups["cal"].Success ? [CalendarYearToDate(p)] : [CalendarYearToDate(p), FinancialYearToDate(p)])),
        // 2025/26, FY2025-26, financial year 2025/26
        (new Regex($@"\b(?:(?:the\s+)?(?:financial|fiscal)\s+year\s+)?(?:FY\s?)?(?<y>{Year})\s*[/–-]\s*(?<yy>\d{{2}})\b(?!\s*[/–-]?\s*\d)", RegexOptions.IgnoreCase),
            (m, p) => (Int(m.Groups["y"].Value) + 1) % 100 == Int(m.Groups["yy"].Value)
                ? Fixed(m, p, PhraseRole.Dated, [ClaimWindow.Of(p, ReportingPeriod.FinancialYear(Int(m.Groups["y"].Value)).Months)]) : null),
        // March 2026 (not a date: "16th March 2026")
        (new Regex($@"{NotAfterDay}\b(?<m>{AnyMonth})\s+(?<y>{Year})\b"),
            (m, p) => Fixed(m, p, PhraseRole.Dated, [ClaimWindow.Of(p, Period.Single(new Month(Int(m.Groups["y"].Value), MonthNumber(m.Groups["m"].Value))))])),
        // November: (a month leading its sentence)
        (new Regex($@"^\s*(?<m>{MonthNames})(?:\s+(?<y>{Year}))?\s*[:–—]\s"),
            (m, p) => Fixed(m, p, PhraseRole.Dated, [ClaimWindow.Of(p, Period.Single(m.Groups["y"].Success
                ? new Month(Int(m.Groups["y"].Value), MonthNumber(m.Groups["m"].Value)) : Latest(p, MonthNumber(m.Groups["m"].Value))))])),
        // in March; during January; March's
        (new Regex($@"\b(?:[Ii]n|[Dd]uring|[Ff]or|[Tt]hroughout|[Oo]ver|[Bb]y|[Ss]ince)\s+(?:the month of\s+)?(?<m>{MonthNames})\b(?!\s+{Year}\b)|\b(?<m>{MonthNames})['’]s\b"),
            (m, p) => m.Value.StartsWith("since", StringComparison.OrdinalIgnoreCase) ? null
                : Fixed(m, p, PhraseRole.Dated, [ClaimWindow.Of(p, Period.Single(Latest(p, MonthNumber(m.Groups["m"].Value))))])),
        // in 2025, during 2025, 2025's (a calendar year)
        (new Regex($@"\b(?:in|during|for|throughout|over|across)\s+(?<y>{Year})\b(?!\s*[/–-]\s*\d)|\b(?<y>{Year})['’]s\b", RegexOptions.IgnoreCase),
            (m, p) => Fixed(m, p, PhraseRole.Dated, [ClaimWindow.Of(p, new Period(new Month(Int(m.Groups["y"].Value), 1), new Month(Int(m.Groups["y"].Value), 12)))])),
        // the long-term average
        (new Regex(@"\blong[\s-]term\s+(?:average|rate|mean)\b|\b(?:three|3)[\s-]year\s+average\b|\bLTA\b", RegexOptions.IgnoreCase),
            (m, p) => Fixed(m, p, PhraseRole.Comparison, [ClaimWindow.Of(p, Window.LongTermAverage)])),
        // the previous 12 months; the previous year; last year
        (new Regex($@"\b(?:previous|preceding|prior)\s+{Twelve}(?:\s+period)?\b|\bthe\s+{Twelve}\s+(?:before|prior|earlier)\b|\b(?:the\s+)?(?:previous|preceding|prior)\s+year\b|\bthe\s+year\s+before\b|\blast\s+year\b", RegexOptions.IgnoreCase),
            (m, p) => Fixed(m, p, PhraseRole.Comparison, m.Value.StartsWith("last", StringComparison.OrdinalIgnoreCase) && p.End.Number != 12
                ? [ClaimWindow.Of(p, Window.Previous12Months), ClaimWindow.Of(p, new Period(new Month(p.End.Year - 1, 1), new Month(p.End.Year - 1, 12)))]
                : [ClaimWindow.Of(p, Window.Previous12Months)])),
        // the last 12 months; the past year; rolling 12 months
        (new Regex($@"\b(?:last|past|latest|most recent|rolling)\s+{Twelve}\b|\bthe\s+(?:past|last)\s+year\b|\bover\s+the\s+year\b", RegexOptions.IgnoreCase),
            (m, p) => Fixed(m, p, PhraseRole.Current, [ClaimWindow.Of(p, Window.Last12Months)])),
        // the previous quarter; last quarter; previous reporting period; previous period (the tables' previous 12 months, or the quarter before)
        (new Regex(@"\b(?:the\s+)?(?:previous|preceding|prior)\s+(?<kind>reporting\s+period|reporting\s+quarter|quarter|three\s+months|period)\b|\bthe\s+quarter\s+before\b|\blast\s+quarter\b", RegexOptions.IgnoreCase),
            (m, p) => Fixed(m, p, PhraseRole.Comparison, m.Groups["kind"].Value.Equals("period", StringComparison.OrdinalIgnoreCase)
                ? [ClaimWindow.Of(p, Window.Previous12Months), ClaimWindow.Of(p, Window.PreviousPeriod)] : [ClaimWindow.Of(p, Window.PreviousPeriod)])),
        // this quarter; the reporting period; the period; this financial year (for an annual report)
        (new Regex(@"\b(?:this|the|current|that)\s+(?:reporting\s+)?(?:quarter|period)\b|\bthe\s+(?:reporting|latest)\s+(?:quarter|period|year)\b|\bthe\s+last\s+(?:quarter|three\s+months)\b|\bthe\s+three\s+months\b|\bthis\s+(?:financial\s+)?year\b", RegexOptions.IgnoreCase),
            (m, p) => m.Value.Contains("year", StringComparison.OrdinalIgnoreCase)
                ? Fixed(m, p, PhraseRole.Current, p.IsFinancialYear || p.Months.Months == 12 ? [ClaimWindow.Of(p, Window.Period)]
                    : m.Value.Contains("financial", StringComparison.OrdinalIgnoreCase) ? [FinancialYearToDate(p)] : [CalendarYearToDate(p), FinancialYearToDate(p)])
                : Fixed(m, p, PhraseRole.Current, m.Value.StartsWith("the last", StringComparison.OrdinalIgnoreCase)
                    ? [ClaimWindow.Of(p, Window.Period), ClaimWindow.Of(p, Window.PreviousPeriod)] : [ClaimWindow.Of(p, Window.Period)])),
    ];

    /// <summary>Every window phrase of a sentence, in order; of two that overlap, the longer.</summary>
    public static IReadOnlyList<WindowPhrase> Find(string sentence, ReportingPeriod period)
    {
        var found = new List<WindowPhrase>();
        foreach (var (pattern, read) in Readers)
            foreach (Match m in pattern.Matches(sentence))
                if (Safe(() => read(m, period)) is { } phrase) found.Add(phrase);
        var kept = new List<WindowPhrase>();
        foreach (var phrase in found.OrderByDescending(p => p.Length))
            if (!kept.Any(k => k.Start < phrase.End && phrase.Start < k.End)) kept.Add(phrase);
        return kept.OrderBy(p => p.Start).ToList();
    }

    /// <summary>A block that is only a window ("January 2026", "Quarter 4"): a heading for the blocks under it.</summary>
    public static WindowPhrase? Heading(string block, ReportingPeriod period)
    {
        var text = block.Trim().TrimEnd(':', '.', ' ');
        if (text.Length == 0 || text.Length > 40) return null;
        var phrases = Find(text, period);
        if (phrases is [var only] && only.Length >= text.Length - 4 && only.Before is null) return only;
        return Regex.IsMatch(text, $"^(?:{MonthNames})$") ? Fixed(Match.Empty, period, PhraseRole.Dated, [ClaimWindow.Of(period, Period.Single(Latest(period, MonthNumber(text))))]) : null;
    }

    private static WindowPhrase? Safe(Func<WindowPhrase?> read)
    {
        try { return read(); }
        catch (ArgumentOutOfRangeException) { return null; }
    }

    private static WindowPhrase Fixed(Match m, ReportingPeriod period, PhraseRole role, IReadOnlyList<ClaimWindow> readings) =>
        new(m.Index, m.Length, m.Value, readings, role);

    private static WindowPhrase? Range(Match m, ReportingPeriod period)
    {
        var (first, last) = (MonthNumber(m.Groups["m1"].Value), MonthNumber(m.Groups["m2"].Value));
        var to = m.Groups["y2"].Success ? new Month(Int(m.Groups["y2"].Value), last)
            : m.Groups["y1"].Success ? new Month(Int(m.Groups["y1"].Value) + (last < first ? 1 : 0), last) : Latest(period, last);
        var from = m.Groups["y1"].Success ? new Month(Int(m.Groups["y1"].Value), first) : new Month(to.Year - (first > last ? 1 : 0), first);
        if (from > to || to.Index - from.Index >= ReportingPeriod.MaxMonths) return null;
        return Fixed(m, period, PhraseRole.Dated, [ClaimWindow.Of(period, new Period(from, to))]);
    }

    private static WindowPhrase? Ending(Match m, ReportingPeriod period)
    {
        var months = m.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "quarter" => 3,
            "year" => 12,
            _ => m.Groups["n"].Value.ToLowerInvariant() switch { "three" or "3" => 3, "six" or "6" => 6, "nine" or "9" => 9, _ => 12 },
        };
        var number = MonthNumber(m.Groups["m2"].Value);
        var to = m.Groups["y2"].Success ? new Month(Int(m.Groups["y2"].Value), number) : Latest(period, number);
        return Fixed(m, period, PhraseRole.Dated, [ClaimWindow.Of(period, new Period(to.Plus(1 - months), to))]);
    }

    /// <summary>A quarter: calendar (Q1 = January to March) unless written with a financial year (Q1 2025/26 = April to June 2025); both when unsaid.</summary>
    private static WindowPhrase? Quarter(Match m, ReportingPeriod period)
    {
        var q = m.Groups["q"].Success ? Int(m.Groups["q"].Value)
            : m.Groups["nth"].Value.ToLowerInvariant() switch { "first" => 1, "second" => 2, "third" => 3, _ => 4 };
        var year = Int(m.Groups["y"].Value);
        var financial = new Month(year, 4).Plus(3 * (q - 1));
        var calendar = new Month(year, 3 * (q - 1) + 1);
        Period Of(Month start) => new(start, start.Plus(2));
        var fiscal = m.Groups["yy"].Success || m.Value.Contains("financial", StringComparison.OrdinalIgnoreCase) || m.Value.Contains("fiscal", StringComparison.OrdinalIgnoreCase);
        return Fixed(m, period, PhraseRole.Dated, fiscal ? [ClaimWindow.Of(period, Of(financial))] : [ClaimWindow.Of(period, Of(calendar)), ClaimWindow.Of(period, Of(financial))]);
    }

    private static ClaimWindow CalendarYearToDate(ReportingPeriod p) =>
        new($"calendar year to date ({p.End.Name} {p.End.Year})", new Period(new Month(p.End.Year, 1), p.End));

    private static ClaimWindow FinancialYearToDate(ReportingPeriod p)
    {
        var start = new Month(p.End.Number >= 4 ? p.End.Year : p.End.Year - 1, 4);
        return new($"financial year to date ({p.End.Name} {p.End.Year})", new Period(start, p.End));
    }

    /// <summary>The latest month of that number ending by the reporting period's end.</summary>
    private static Month Latest(ReportingPeriod period, int number) =>
        new(period.End.Number >= number ? period.End.Year : period.End.Year - 1, number);

    private static int MonthNumber(string name)
    {
        var key = name.TrimEnd('.')[..3];
        return DateTime.ParseExact(key, "MMM", CultureInfo.InvariantCulture).Month;
    }

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
