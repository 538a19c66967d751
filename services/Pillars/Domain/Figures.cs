namespace PlanServices.Pillars.Domain;

/// <summary>A stored figure: the total of an indicator over a run of whole months.</summary>
public readonly record struct Observation(string Indicator, Period Period, decimal Value);

/// <summary>
/// Derives every figure of a paper from stored observations, one rule per unit:
/// counts sum over the months of a window; a ratio (rate, mean) is the numerator's total over the
/// denominator's total for the same window, never an average of monthly ratios; the long-term
/// average divides the window's total by its number of years.
/// </summary>
public sealed class FigureCalculator
{
    private readonly Catalogue _catalogue;
    private readonly Dictionary<string, Observation[]> _observations;

    public FigureCalculator(Catalogue catalogue, IEnumerable<Observation> observations)
    {
        _catalogue = catalogue;
        _observations = observations.GroupBy(o => o.Indicator)
            .ToDictionary(g => g.Key, g => g.OrderBy(o => o.Period.From).ToArray(), StringComparer.Ordinal);
    }

    public Catalogue Catalogue => _catalogue;

    /// <summary>The unrounded value of an indicator for a window of a reporting period; null when the data do not cover it.</summary>
    public decimal? Value(string indicator, ReportingPeriod reporting, Window window) =>
        Value(indicator, reporting.PeriodOf(window), ReportingPeriod.Divisor(window));

    /// <summary>The unrounded value over a period, a total divided by <paramref name="divisor"/> (3 for a three-year average).</summary>
    public decimal? Value(string indicator, Period period, int divisor = 1)
    {
        var definition = _catalogue[indicator];
        if (!definition.IsRatio)
            return Total(definition, period) / divisor;

        var numerator = Total(_catalogue[definition.Numerator!], period);
        var denominator = Total(_catalogue[definition.Denominator!], period);
        if (numerator is null || denominator is not { } d || d == 0) return null;
        var ratio = numerator.Value / d;
        return definition.Unit == Unit.Rate ? ratio * 100 : ratio;
    }

    private decimal? Total(Indicator indicator, Period period, int depth = 0)
    {
        if (depth > 16) throw new InvalidOperationException($"indicator '{indicator.Id}' is defined in a cycle");
        if (indicator.IsRatio) return null;
        if (indicator.SumOf.Count > 0)
        {
            decimal sum = 0;
            foreach (var part in indicator.SumOf)
            {
                if (Total(_catalogue[part], period, depth + 1) is not { } value) return null;
                sum += value;
            }
            return sum;
        }
        return StoredTotal(indicator.Id, period);
    }

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
