using System.Globalization;
using System.Text.RegularExpressions;
using PlanServices.Pillars.Domain;

namespace PlanServices.Pillars.Claims;

/// <summary>One way of reading a claim: its indicator, the window it speaks of and, for a change, the window it compares with.</summary>
public sealed record Reading(Indicator Indicator, ClaimWindow Current, ClaimWindow? Baseline = null)
{
    public string Window => Baseline is null ? Current.Name : $"{Current.Name} against the {Baseline.Name}";
}

/// <summary>What one reading of a claim comes to; <see cref="Far"/> when the figure is too far from the reading's to be about it.</summary>
public sealed record Judgement(ClaimStatus Status, Reading Reading, string? Derived, string? Rule)
{
    public bool Far { get; init; }
}

/// <summary>How a number is qualified in its sentence: as written, approximately ("about"), or as a bound ("more than", "under").</summary>
public enum Qualifier { Exact, About, AtLeast, AtMost }

/// <summary>
/// The rules side of the checker: what the data give for one reading of a claim and whether the claim, as written, agrees:
/// a level against the window's figure, a change by its unit's rule (percent for counts and money, percentage points for
/// rates, differences in the unit), per day over the window's days, a target against the catalogue's. A figure agrees when
/// it is the derived figure rounded or cut to the decimals it is written with; an approximate figure within a tenth; a
/// bound when the figure is on its side. A figure far from every figure of its measure speaks of something else.
/// </summary>
public sealed class ClaimRules(FigureCalculator figures)
{
    public static Qualifier QualifierOf(string before) =>
        Regex.IsMatch(before, @"\b(?:about|around|approximately|roughly|nearly|almost|some|circa|c\.|just over|just under|close to|an estimated)\s*[£+\-]?$", RegexOptions.IgnoreCase) ? Qualifier.About
        : Regex.IsMatch(before, @"\b(?:more than|over|above|in excess of|at least|upwards of|exceeding)\s*[£+\-]?$", RegexOptions.IgnoreCase) ? Qualifier.AtLeast
        : Regex.IsMatch(before, @"\b(?:fewer than|less than|under|below|up to|at most|no more than)\s*[£+\-]?$", RegexOptions.IgnoreCase) ? Qualifier.AtMost
        : Qualifier.Exact;

    /// <summary>Whether a figure written with <paramref name="decimals"/> decimals agrees with <paramref name="exact"/>.</summary>
    public static bool? Agrees(decimal written, int decimals, Qualifier qualifier, params decimal[] exact) => qualifier switch
    {
        Qualifier.About => exact.Any(x => Math.Abs(written - x) <= Math.Abs(x) / 10 || Display.Round(x, decimals) == written) ? true : null,
        Qualifier.AtLeast => exact.Any(x => x >= written),
        Qualifier.AtMost => exact.Any(x => x <= written),
        _ => exact.Any(x => Display.Round(x, decimals) == written || Math.Round(x, decimals, MidpointRounding.ToEven) == written
            || Math.Round(x, decimals, MidpointRounding.ToZero) == written),
    };

    public Judgement Level(Quantity q, Qualifier qualifier, Reading r)
    {
        var indicator = r.Indicator;
        var raw = figures.Value(indicator.Id, r.Current.Months, r.Current.Divisor);
        if (raw is null) return new(ClaimStatus.Unlinked, r, null, $"no stored figure for {indicator.Name} for the {r.Current.Name}");
        var value = indicator.Unit == Unit.Money && q.Unit == QuantityUnit.Money ? raw.Value * 1000 : raw.Value;
        var shown = Display.Value(indicator, raw).Text;
        var agrees = Agrees(q.Value, q.Decimals, qualifier, value);
        if (agrees == true) return new(ClaimStatus.Matches, r, shown, null);
        if (agrees is null) return new(ClaimStatus.Unlinked, r, shown, $"an approximate figure: {indicator.Name} for the {r.Current.Name} is {shown}");
        if (Math.Abs(q.Value - value) > Math.Abs(value) / 2)
            return new(ClaimStatus.Unlinked, r, shown, $"reads as another measure: {indicator.Name} for the {r.Current.Name} is {shown}") { Far = true };
        return new(ClaimStatus.Contradicts, r, shown, $"the data give {shown} for the {r.Current.Name}");
    }

    public Judgement Change(Quantity q, ClaimKind kind, Qualifier qualifier, int? sign, Reading r)
    {
        var (indicator, baseline) = (r.Indicator, r.Baseline!);
        var (now, then) = (figures.Value(indicator.Id, r.Current.Months, r.Current.Divisor), figures.Value(indicator.Id, baseline.Months, baseline.Divisor));
        if (now is null || then is null) return new(ClaimStatus.Unlinked, r, null, $"no stored figures for the {r.Current.Name} and the {baseline.Name}");
        var fromTo = $"{Display.Value(indicator, then).Text} → {Display.Value(indicator, now).Text}";
        if (kind == ClaimKind.Difference)
        {
            var difference = Display.Difference(indicator, now, then);
            return Compare(q, qualifier, sign, r, difference, fromTo, now.Value - then.Value);
        }
        if (indicator.Unit == Unit.Rate)
        {
            var points = Display.Change(indicator, Comparison.PercentagePoints, now, then);
            if (kind == ClaimKind.PointsChange) return Compare(q, qualifier, sign, r, points, fromTo, now.Value - then.Value);
            if (then != 0 && Agrees(q.Value, q.Decimals, qualifier, Math.Abs((now.Value - then.Value) / then.Value * 100)) == true)
                return new(ClaimStatus.Matches, r, Signed(Display.Percent(indicator, (now.Value - then.Value) / then.Value * 100, indicator.ChangeDecimals).Text), null);
            var rule = $"a rate changes in percentage points: {fromTo} is {Signed(points.Text)}";
            if (Unweighted(indicator, r.Current, baseline) is { } unweighted && Display.Round(Math.Abs(unweighted), q.Decimals) == q.Value)
                rule = $"{q.Value.ToString(CultureInfo.InvariantCulture)} is the difference of the unweighted means of the monthly rates; weighted by the denominators the figures are {fromTo}, {Signed(points.Text)}";
            return new(ClaimStatus.Contradicts, r, Signed(points.Text), rule);
        }
        var change = Display.Change(indicator, Comparison.Percent, now, then);
        if (change.Value is null) return new(ClaimStatus.Unlinked, r, null, "a percent change from zero is not applicable");
        if (kind == ClaimKind.PointsChange)
            return new(ClaimStatus.Contradicts, r, Signed(change.Text), $"only a rate changes in percentage points; {fromTo} is {Signed(change.Text)}");
        var judged = Compare(q, qualifier, sign, r, change, fromTo, then == 0 ? change.Value.Value : (now.Value - then.Value) / Math.Abs(then.Value) * 100);
        return q.UnitTwice && judged.Status == ClaimStatus.Matches
            ? judged with { Status = ClaimStatus.Contradicts, Rule = $"the unit is written twice ('{q.Text}'): the figures give {Signed(change.Text)}" }
            : judged;
    }

    public Judgement PerDay(Quantity q, Qualifier qualifier, Reading r)
    {
        var window = r.Current.Months;
        if (figures.Value(r.Indicator.Id, window) is not { } total || !r.Indicator.IsAdditive)
            return new(ClaimStatus.Unlinked, r with { Current = r.Current with { Name = $"per day over the {r.Current.Name}" } }, null, $"no total for the {r.Current.Name}");
        var days = window.To.LastDay.DayNumber - window.From.FirstDay.DayNumber + 1;
        var perDay = total / days;
        var shown = $"{Math.Round(perDay, 2).ToString(CultureInfo.InvariantCulture)} a day ({Display.Value(r.Indicator, total).Text} in {days} days)";
        var named = r with { Current = r.Current with { Name = $"per day over the {r.Current.Name}" } };
        var agrees = Agrees(q.Value, q.Decimals, qualifier, perDay) ?? false;
        return new(agrees ? ClaimStatus.Matches : ClaimStatus.Contradicts, named, shown, agrees ? null : $"the {r.Current.Name} average {shown}");
    }

    public static Judgement Target(Quantity q, Reading r)
    {
        var target = r.Indicator.Target!;
        var goal = (target.AtLeast ?? target.AtMost)!.Value;
        var named = r with { Current = r.Current with { Name = "target" } };
        var shown = Display.Value(r.Indicator, goal).Text;
        return goal == q.Value ? new(ClaimStatus.Matches, named, shown, null) : new(ClaimStatus.Contradicts, named, shown, $"the catalogue's target is {shown}");
    }

    /// <summary>A change as written against the derived one: its size by the figures as printed (or unrounded), and its direction.</summary>
    private static Judgement Compare(Quantity q, Qualifier qualifier, int? sign, Reading r, Shown derived, string fromTo, decimal unrounded)
    {
        var shown = Signed(derived.Text);
        var value = derived.Value!.Value;
        var sameDirection = sign is null || value == 0 || Math.Sign(value) == sign;
        var agrees = Agrees(q.Value, q.Decimals, qualifier, Math.Abs(value), Math.Abs(unrounded));
        if (agrees == true && sameDirection) return new(ClaimStatus.Matches, r, shown, null);
        if (agrees is null) return new(ClaimStatus.Unlinked, r, shown, $"an approximate figure: {fromTo} is {shown}");
        return new(ClaimStatus.Contradicts, r, shown, agrees == true
            ? $"the figures move the other way: {fromTo} is {shown}"
            : $"{fromTo} is {shown}, not {q.Text}");
    }

    /// <summary>The difference of the unweighted means of the monthly values of two windows: the error of averaging monthly rates.</summary>
    private decimal? Unweighted(Indicator indicator, ClaimWindow current, ClaimWindow baseline)
    {
        decimal? Mean(Period span)
        {
            var values = Enumerable.Range(0, span.Months).Select(i => figures.Value(indicator.Id, Period.Single(span.From.Plus(i)))).ToList();
            return values.Any(v => v is null) ? null : values.Average(v => Display.Round(v!.Value, indicator.Decimals));
        }
        return Mean(current.Months) is { } a && Mean(baseline.Months) is { } b ? a - b : null;
    }

    public static string Signed(string text) => text.StartsWith('-') || text.StartsWith('(') || text == "0.0%" || text == "0.0pp" || text == "0" ? text : "+" + text;
}
