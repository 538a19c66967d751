namespace PlanServices.Pillars.Domain;

/// <summary>What an XmR chart says about the latest point ("Making Data Count").</summary>
public enum VariationKind
{
    /// <summary>Fewer than <see cref="Xmr.MinimumPoints"/> points: no limits, no judgement.</summary>
    NotEnoughData,
    CommonCause,
    SpecialCauseImproving,
    SpecialCauseConcerning,
    /// <summary>Special cause on an indicator with no improvement direction.</summary>
    SpecialCauseNeither,
}

/// <summary>Whether the process, as its limits show it, will meet the indicator's target.</summary>
public enum AssuranceKind
{
    /// <summary>No target, or not enough data for limits.</summary>
    NotApplicable,
    /// <summary>The target lies beyond the limits on the failing side: every point is expected to pass.</summary>
    ConsistentlyPassing,
    /// <summary>The target lies beyond the limits on the passing side: every point is expected to fail.</summary>
    ConsistentlyFailing,
    /// <summary>The target lies within the limits: some points will pass and some fail.</summary>
    Inconsistent,
}

/// <summary>The four special-cause rules.</summary>
public enum SpecialCauseRule
{
    /// <summary>A point above the upper or below the lower process limit.</summary>
    OutsideLimits,
    /// <summary>7 or more consecutive points on one side of the mean.</summary>
    Shift,
    /// <summary>7 or more consecutive points each rising, or each falling.</summary>
    Trend,
    /// <summary>2 of 3 consecutive points beyond two thirds of the way to a limit, on the same side.</summary>
    TwoOfThree,
}

/// <summary>One month of the chart. <see cref="High"/>: the special cause is above the mean (or a rising trend).</summary>
public sealed record XmrPoint(Month Month, decimal Value, decimal? MovingRange, IReadOnlyList<SpecialCauseRule> Rules, bool High)
{
    public bool IsSpecialCause => Rules.Count > 0;
}

/// <summary>A run of points with one set of limits: the whole series, or the part since a recorded change.</summary>
public sealed record XmrSegment(
    Month From,
    Month To,
    string? ChangeReason,
    decimal? Mean,
    decimal? MeanMovingRange,
    decimal? UpperLimit,
    decimal? LowerLimit,
    IReadOnlyList<XmrPoint> Points);

/// <summary>A recorded change after which the limits are calculated afresh (a new recording rule, a new system).</summary>
public sealed record Rebase(Month From, string Reason);

/// <summary>An indicator's XmR analysis: segments, the judgement on its latest point, and assurance against its target.</summary>
public sealed record XmrAnalysis(
    IReadOnlyList<XmrSegment> Segments,
    VariationKind Variation,
    AssuranceKind Assurance,
    IReadOnlyList<Month> MissingMonths)
{
    public IEnumerable<XmrPoint> Points => Segments.SelectMany(s => s.Points);
    public XmrSegment? Latest => Segments.Count > 0 ? Segments[^1] : null;
}

/// <summary>
/// The XmR chart of NHS "Making Data Count" (DOMAIN.md, "Variation and assurance"): centre line the mean, process
/// limits mean ± 2.66 × the mean moving range, four special-cause rules. Limits need 12 points; each recorded change
/// starts a new segment with limits of its own. The latest point decides the variation; the latest segment's limits
/// against the target decide the assurance.
/// </summary>
public static class Xmr
{
    public const int MinimumPoints = 12;
    public const int RunLength = 7;
    public const decimal LimitFactor = 2.66m;

    /// <param name="values">Monthly values in order; null where the month has no data (left out, and listed as missing).</param>
    /// <param name="floor">The lowest value the figure can take (0 for a count): a lower limit below it is shown at it.</param>
    public static XmrAnalysis Analyse(IReadOnlyList<(Month Month, decimal? Value)> values, Improvement improvement, Target? target,
        IReadOnlyList<Rebase>? rebases = null, decimal? floor = null)
    {
        var missing = values.Where(v => v.Value is null).Select(v => v.Month).ToList();
        var present = values.Where(v => v.Value is not null).Select(v => (v.Month, Value: v.Value!.Value)).ToList();
        var changes = (rebases ?? []).OrderBy(r => r.From).ToList();
        var segments = present
            .GroupBy(p => changes.Count(c => c.From <= p.Month))
            .Select(g => Segment(g.ToList(), g.Key == 0 ? null : changes[g.Key - 1].Reason))
            .Select(s => floor is { } f && s.LowerLimit < f ? s with { LowerLimit = f } : s)
            .ToList();
        var latest = segments.Count > 0 ? segments[^1] : null;
        return new XmrAnalysis(segments, Judge(latest, improvement), Assure(latest, target), missing);
    }

    private static XmrSegment Segment(List<(Month Month, decimal Value)> points, string? reason)
    {
        var ranges = points.Select((p, i) => i == 0 ? (decimal?)null : Math.Abs(p.Value - points[i - 1].Value)).ToList();
        if (points.Count < MinimumPoints)
            return new XmrSegment(points[0].Month, points[^1].Month, reason, null, null, null, null,
                points.Select((p, i) => new XmrPoint(p.Month, p.Value, ranges[i], [], false)).ToList());

        var mean = points.Average(p => p.Value);
        var meanRange = ranges.Skip(1).Average(r => r!.Value);
        var (upper, lower) = (mean + LimitFactor * meanRange, mean - LimitFactor * meanRange);
        var rules = points.Select(_ => new List<SpecialCauseRule>()).ToArray();
        var high = new bool[points.Count];
        void Flag(int i, SpecialCauseRule rule, bool isHigh)
        {
            if (!rules[i].Contains(rule)) rules[i].Add(rule);
            high[i] = isHigh;
        }

        // The weaker rules first, so that a point's side is the one its strongest rule gives.
        var (upperZone, lowerZone) = (mean + (upper - mean) * 2 / 3, mean - (mean - lower) * 2 / 3);
        for (var i = 0; i + 2 < points.Count; i++)
            foreach (var isHigh in new[] { true, false })
            {
                var beyond = Enumerable.Range(i, 3).Where(j => isHigh ? points[j].Value > upperZone : points[j].Value < lowerZone).ToList();
                if (beyond.Count >= 2) foreach (var j in beyond) Flag(j, SpecialCauseRule.TwoOfThree, isHigh);
            }

        // A trend of 7 points is 6 steps the same way.
        var steps = points.Select((p, i) => i == 0 ? 0 : Math.Sign(p.Value - points[i - 1].Value)).Skip(1).ToList();
        foreach (var (from, to, rising) in Runs(steps))
            if (to - from + 2 >= RunLength) for (var i = from; i <= to + 1; i++) Flag(i, SpecialCauseRule.Trend, rising);

        foreach (var (from, to, isHigh) in Runs(points.Select(p => Math.Sign(p.Value - mean)).ToList()))
            if (to - from + 1 >= RunLength) for (var i = from; i <= to; i++) Flag(i, SpecialCauseRule.Shift, isHigh);

        for (var i = 0; i < points.Count; i++)
            if (points[i].Value > upper || points[i].Value < lower) Flag(i, SpecialCauseRule.OutsideLimits, points[i].Value > upper);

        return new XmrSegment(points[0].Month, points[^1].Month, reason, mean, meanRange, upper, lower,
            points.Select((p, i) => new XmrPoint(p.Month, p.Value, ranges[i], rules[i].Order().ToList(), high[i])).ToList());
    }

    /// <summary>Maximal runs of equal non-zero signs: (first index, last index, positive).</summary>
    private static IEnumerable<(int From, int To, bool Positive)> Runs(List<int> signs)
    {
        for (var i = 0; i < signs.Count;)
        {
            if (signs[i] == 0) { i++; continue; }
            var j = i;
            while (j + 1 < signs.Count && signs[j + 1] == signs[i]) j++;
            yield return (i, j, signs[i] > 0);
            i = j + 1;
        }
    }

    private static VariationKind Judge(XmrSegment? latest, Improvement improvement) =>
        latest?.Mean is null ? VariationKind.NotEnoughData : Classify(latest.Points[^1], improvement);

    /// <summary>What one point shows: common cause, or special cause improving, concerning or neither by the indicator's direction.</summary>
    public static VariationKind Classify(XmrPoint point, Improvement improvement)
    {
        if (!point.IsSpecialCause) return VariationKind.CommonCause;
        return improvement switch
        {
            Improvement.Up => point.High ? VariationKind.SpecialCauseImproving : VariationKind.SpecialCauseConcerning,
            Improvement.Down => point.High ? VariationKind.SpecialCauseConcerning : VariationKind.SpecialCauseImproving,
            _ => VariationKind.SpecialCauseNeither,
        };
    }

    private static AssuranceKind Assure(XmrSegment? latest, Target? target)
    {
        if (latest is not { UpperLimit: { } upper, LowerLimit: { } lower } || target is null) return AssuranceKind.NotApplicable;
        if (target.IsMetBy(upper) && target.IsMetBy(lower)) return AssuranceKind.ConsistentlyPassing;
        if (target.AtLeast is { } min && upper < min || target.AtMost is { } max && lower > max) return AssuranceKind.ConsistentlyFailing;
        return AssuranceKind.Inconsistent;
    }
}
