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

    /// <summary>The value as printed: 7,777 / 33.8% / 7.53 / 00:05:21 / 101:05:09 / (1,250), or "Data not available".</summary>
    public static Shown Value(Indicator indicator, decimal? value)
    {
        if (value is not { } v) return new(null, NotAvailable);
        var rounded = Round(v, indicator.Decimals);
        var text = indicator switch
        {
            { Clock: true } => Clock(rounded),
            { Unit: Unit.Rate } => Number(rounded, indicator.Decimals) + "%",
            { Unit: Unit.Money } => Money(Number(rounded, indicator.Decimals)),
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
        var decimals = indicator.ChangeDecimals;
        switch (style)
        {
            case Comparison.Percent when printedBaseline == 0:
                return new(null, NotApplicable);
            case Comparison.Percent:
                return Percent(indicator, difference / Math.Abs(printedBaseline) * 100, decimals);
            case Comparison.PercentagePoints:
                return new(difference, Number(Round(difference, decimals), decimals) + "pp");
            default:
                var text = Number(difference, indicator.Decimals);
                return new(difference, indicator switch
                {
                    { Clock: true } => (difference < 0 ? "-" : "") + Clock(Math.Abs(difference)),
                    { Unit: Unit.Money } => Money(text),
                    _ => text,
                });
        }
    }

    /// <summary>A percentage of the indicator's own figures, "(0.45%)" for money and "-1.6%" otherwise.</summary>
    public static Shown Percent(Indicator indicator, decimal percent, int decimals)
    {
        var text = Number(Round(percent, decimals), decimals) + "%";
        return new(percent, indicator.Unit == Unit.Money ? Money(text) : text);
    }

    /// <summary>Accounting style: a negative amount in parentheses, "(1,250)"; a percentage keeps its sign inside.</summary>
    private static string Money(string number) => number.StartsWith('-') ? $"({number[1..]})" : number;

    /// <summary>Whether the unrounded value meets the indicator's target; null without a target or a value.</summary>
    public static bool? TargetMet(Indicator indicator, decimal? value) =>
        indicator.Target is { } target && value is { } v ? target.IsMetBy(v) : null;

    /// <summary>Thousands separators, fixed decimals, and never a "-0.0".</summary>
    private static string Number(decimal value, int decimals) =>
        (value == 0 ? 0m : value).ToString("N" + decimals, Culture);

    /// <summary>Hours, minutes and seconds; hours keep counting past 24 (101:05:09).</summary>
    private static string Clock(decimal seconds)
    {
        var whole = (long)Round(seconds, 0);
        return string.Create(Culture, $"{whole / 3600:00}:{whole % 3600 / 60:00}:{whole % 60:00}");
    }
}
