namespace PlanServices.Pillars.Domain;

/// <summary>
/// A stored figure of an indicator over a run of whole months. An observation (<see cref="Reported"/> false) is
/// the indicator's total over its months (a stock's: its value in that month). A reported value is the window's
/// figure as the source published it: a rate, a mean, a median, a stock's value, or, for counts and money, the
/// total (over several whole years: the yearly average, as a long-term average prints it).
/// </summary>
public readonly record struct Observation(string Indicator, Period Period, decimal Value, bool Reported = false);

/// <summary>
/// Derives every figure of a paper from stored figures, one rule per unit (docs/figures.md):
/// counts and money sum over the months of a window; a stock takes the value at the window's end or the mean of
/// its months; a ratio (rate, mean) is the numerator's value over the denominator's for the same window, never an
/// average of monthly ratios; a median is never pooled. The long-term average divides the window by its years.
/// Observations win where they cover a window; a reported value fills a window they do not cover (the importer
/// refuses a reported value that disagrees with what the observations give).
/// </summary>
public sealed class FigureCalculator
{
    private readonly Catalogue _catalogue;
    private readonly Dictionary<string, Observation[]> _observations;
    private readonly Dictionary<(string, Period), decimal> _reported;

    public FigureCalculator(Catalogue catalogue, IEnumerable<Observation> figures)
    {
        _catalogue = catalogue;
        var all = figures.ToList();
        _observations = all.Where(o => !o.Reported).GroupBy(o => o.Indicator)
            .ToDictionary(g => g.Key, g => g.OrderBy(o => o.Period.From).ToArray(), StringComparer.Ordinal);
        _reported = all.Where(o => o.Reported).ToDictionary(o => (o.Indicator, o.Period), o => o.Value);
    }

    public Catalogue Catalogue => _catalogue;

    /// <summary>The unrounded value of an indicator for a window of a reporting period; null when the data do not cover it.</summary>
    public decimal? Value(string indicator, ReportingPeriod reporting, Window window) =>
        Value(indicator, reporting.PeriodOf(window), ReportingPeriod.Divisor(window));

    /// <summary>The unrounded value over a period split into <paramref name="divisor"/> equal windows (3 for a three-year average).</summary>
    public decimal? Value(string indicator, Period period, int divisor = 1) => Figure(indicator, period, divisor).Value;

    /// <summary>The value over a period, and whether it is a value as reported rather than derived from observations.</summary>
    public (decimal? Value, bool Reported) Figure(string indicator, Period period, int divisor = 1)
    {
        var definition = _catalogue[indicator];
        return Derived(definition, period, divisor) is { } derived ? (derived, false) : (Reported(definition, period, divisor), true);
    }

    /// <summary>What the observations (and the parts' values) give for the window, leaving out the indicator's own reported value.</summary>
    public decimal? Derived(Indicator indicator, Period period, int divisor = 1)
    {
        if (indicator.IsReportedOnly) return null;
        if (indicator.IsRatio)
        {
            var numerator = Part(_catalogue[indicator.Numerator!], period);
            var denominator = Part(_catalogue[indicator.Denominator!], period);
            if (numerator is null || denominator is not { } d || d == 0) return null;
            var ratio = numerator.Value / d;
            return indicator.Unit == Unit.Rate ? ratio * 100 : ratio;
        }
        if (indicator.Unit == Unit.Stock) return StockValue(indicator, period, divisor);
        return Sum(indicator, period) / divisor;
    }

    /// <summary>The value reported for exactly this window, as the window prints it.</summary>
    private decimal? Reported(Indicator indicator, Period period, int divisor)
    {
        if (!_reported.TryGetValue((indicator.Id, period), out var value)) return null;
        return indicator.IsAdditive ? value * YearsAveraged(period) / divisor : value;
    }

    /// <summary>A reported count or money figure over several whole years is their yearly average.</summary>
    public static int YearsAveraged(Period period) => period.Months > 12 && period.Months % 12 == 0 ? period.Months / 12 : 1;

    /// <summary>A ratio's part: the total of a count or money, the value of a stock, over the same window.</summary>
    private decimal? Part(Indicator part, Period period) =>
        part.IsAdditive ? Total(part, period) : part.Unit == Unit.Stock ? Value(part.Id, period) : null;

    /// <summary>The total of an additive indicator: its parts' totals, its observations, or a total reported for the window.</summary>
    private decimal? Total(Indicator indicator, Period period) => Sum(indicator, period) ?? Reported(indicator, period, 1);

    private decimal? Sum(Indicator indicator, Period period, int depth = 0)
    {
        if (depth > 16) throw new InvalidOperationException($"indicator '{indicator.Id}' is defined in a cycle");
        if (!indicator.IsAdditive) return null;
        if (indicator.SumOf.Count == 0) return StoredTotal(indicator.Id, period);
        decimal sum = 0;
        foreach (var id in indicator.SumOf)
        {
            var part = _catalogue[id];
            if ((Sum(part, period, depth + 1) ?? Reported(part, period, 1)) is not { } value) return null;
            sum += value;
        }
        return sum;
    }

    /// <summary>A stock over a window: each of the <paramref name="divisor"/> windows' end value (or mean of months), averaged.</summary>
    private decimal? StockValue(Indicator indicator, Period period, int divisor)
    {
        if (period.Months % divisor != 0) return null;
        var length = period.Months / divisor;
        var values = new List<decimal>();
        for (var i = 0; i < divisor; i++)
        {
            var window = new Period(period.From.Plus(i * length), period.From.Plus((i + 1) * length - 1));
            IEnumerable<Month> measured = indicator.Stock == Domain.StockValue.End
                ? [window.To]
                : Enumerable.Range(0, window.Months).Select(m => window.From.Plus(m));
            var months = measured.Select(m => MonthValue(indicator.Id, m)).ToList();
            if (months.Any(v => v is null)) return null;
            values.Add(months.Average(v => v!.Value));
        }
        return values.Average();
    }

    private decimal? MonthValue(string indicator, Month month) =>
        StoredTotal(indicator, Period.Single(month))
        ?? (_reported.TryGetValue((indicator, Period.Single(month)), out var value) ? value : null);

    /// <summary>The sum of the observations that exactly tile the period, or null if any month is missing or split.</summary>
    private decimal? StoredTotal(string indicator, Period period)
    {
        if (!_observations.TryGetValue(indicator, out var observations)) return null;
        decimal total = 0;
        var covered = 0;
        foreach (var observation in observations)
        {
            if (!observation.Period.Overlaps(period)) continue;
            if (!period.Contains(observation.Period)) return null;
            total += observation.Value;
            covered += observation.Period.Months;
        }
        return covered == period.Months ? total : null;
    }
}
