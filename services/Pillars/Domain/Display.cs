using System.Globalization;

namespace PlanServices.Pillars.Domain;

/// <summary>A printed figure: the unrounded value (null when not available) and its text.</summary>
public readonly record struct Shown(decimal? Value, string Text);

/// <summary>
/// How figures print and compare. Values are rounded for display only, half away from zero.
/// A difference is computed from the two figures as printed, so a reader who recomputes it from
/// the table gets the printed difference (docs/figures.md). Targets are judged on unrounded values.
/// </summary>
public static class Display
{
    public const string NotAvailable = "Data not available";
    public const string NotApplicable = "Not applicable";

    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static decimal Round(decimal value, int decimals) => Math.Round(value, decimals, MidpointRounding.AwayFromZero);

    /// <summary>The value as printed: 7,777 / 33.8% / 7.53 / 00:05:21, or "Data not available".</summary>
    public static Shown Value(Indicator indicator, decimal? value)
    {
        if (value is not { } v) return new(null, NotAvailable);
        var rounded = Round(v, indicator.Decimals);
        var text = indicator.Unit switch
        {
            Unit.Rate => Number(rounded, indicator.Decimals) + "%",
            Unit.Duration => Clock(rounded),
            _ => Number(rounded, indicator.Decimals),
        };
        return new(v, text);
    }

    /// <summary>The change from <paramref name="baseline"/> to <paramref name="current"/> by the indicator's comparison rule.</summary>
    public static Shown Change(Indicator indicator, decimal? current, decimal? baseline) =>
        Change(indicator, indicator.Comparison, current, baseline);

    /// <summary>The plain difference in the indicator's own unit (percentage points for a rate).</summary>
    public static Shown Difference(Indicator indicator, decimal? current, decimal? baseline) =>
        Change(indicator, indicator.Unit == Unit.Rate ? Comparison.PercentagePoints : Comparison.Absolute, current, baseline);

    public static Shown Change(Indicator indicator, Comparison style, decimal? current, decimal? baseline)
    {
        if (current is not { } c || baseline is not { } b) return new(null, NotApplicable);
        var printedCurrent = Round(c, indicator.Decimals);
        var printedBaseline = Round(b, indicator.Decimals);
        var difference = printedCurrent - printedBaseline;
        switch (style)
        {
            case Comparison.Percent when printedBaseline == 0:
                return new(null, NotApplicable);
            case Comparison.Percent:
                var percent = difference / printedBaseline * 100;
                return new(percent, Number(Round(percent, 1), 1) + "%");
            case Comparison.PercentagePoints:
                return new(difference, Number(Round(difference, 1), 1) + "pp");
            default:
                return new(difference, indicator.Unit == Unit.Duration
                    ? (difference < 0 ? "-" : "") + Clock(Math.Abs(difference))
                    : Number(difference, indicator.Decimals));
        }
    }

    /// <summary>Whether the unrounded value meets the indicator's target; null without a target or a value.</summary>
    public static bool? TargetMet(Indicator indicator, decimal? value) =>
        indicator.Target is { } target && value is { } v ? target.IsMetBy(v) : null;

    /// <summary>Thousands separators, fixed decimals, and never a "-0.0".</summary>
    private static string Number(decimal value, int decimals) =>
        (value == 0 ? 0m : value).ToString("N" + decimals, Culture);

    private static string Clock(decimal seconds) => TimeSpan.FromSeconds((double)seconds).ToString(@"hh\:mm\:ss", Culture);
}
