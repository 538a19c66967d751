using PlanServices.Pillars.Domain;

namespace PlanServices.Pillars.Tests;

/// <summary>
/// XmR analysis on series crafted for each rule, with answers worked out by hand: every rule fires alone, and does
/// not fire just below its threshold.
/// </summary>
public sealed class VariationTests
{
    private static readonly Month January2024 = new(2024, 1);

    private static List<(Month, decimal?)> Series(params decimal[] values) =>
        values.Select((v, i) => (January2024.Plus(i), (decimal?)v)).ToList();

    private static decimal[] Repeat(decimal a, decimal b, int pairs) => Enumerable.Repeat(new[] { a, b }, pairs).SelectMany(x => x).ToArray();

    private static XmrAnalysis Analyse(decimal[] values, Improvement improvement = Improvement.Up, Target? target = null, params Rebase[] rebases) =>
        Xmr.Analyse(Series(values), improvement, target, rebases);

    private static SpecialCauseRule[] Fired(XmrAnalysis analysis) =>
        analysis.Points.SelectMany(p => p.Rules).Distinct().Order().ToArray();

    [Fact]
    public void Limits_are_the_mean_plus_or_minus_2_66_mean_moving_ranges()
    {
        // 10 12 11 13 12 11 10 12 13 11 12 13: total 140, mean 11.6667; moving ranges total 15 over 11, mean 1.3636.
        var analysis = Analyse([10, 12, 11, 13, 12, 11, 10, 12, 13, 11, 12, 13]);
        var segment = Assert.Single(analysis.Segments);
        Assert.Equal(11.6667m, Math.Round(segment.Mean!.Value, 4));
        Assert.Equal(1.3636m, Math.Round(segment.MeanMovingRange!.Value, 4));
        Assert.Equal(15.2939m, Math.Round(segment.UpperLimit!.Value, 4)); // 140/12 + 2.66 × 15/11
        Assert.Equal(8.0394m, Math.Round(segment.LowerLimit!.Value, 4));
        Assert.Null(segment.Points[0].MovingRange);
        Assert.Equal(2m, segment.Points[1].MovingRange);
        Assert.Empty(Fired(analysis));
        Assert.Equal(VariationKind.CommonCause, analysis.Variation);
    }

    [Fact]
    public void Under_12_points_there_is_not_enough_data_for_limits()
    {
        var analysis = Analyse([10, 12, 11, 13, 12, 11, 10, 12, 13, 11, 12]);
        Assert.Equal(VariationKind.NotEnoughData, analysis.Variation);
        Assert.Null(analysis.Latest!.UpperLimit);
        Assert.Equal(AssuranceKind.NotApplicable, Xmr.Analyse(Series(10, 12, 11), Improvement.Up, new Target(9, null, "t")).Assurance);
    }

    public static TheoryData<string, decimal[], SpecialCauseRule[]> Rules() => new()
    {
        // Alternating 10/12 then 20: mean 11.69, mean moving range 2.5, upper limit 18.34.
        { "a point above the upper limit", [.. Repeat(10, 12, 6), 20], [SpecialCauseRule.OutsideLimits] },
        // ... then 17: upper limit 17.45, the point stays inside.
        { "just inside the limit", [.. Repeat(10, 12, 6), 17], [] },
        // Six low, seven high around a mean of 11.62.
        { "7 points above the mean", [10, 11, 10, 11, 10, 11, 13, 12, 13, 12, 13, 12, 13], [SpecialCauseRule.Shift] },
        { "6 points above the mean", [10, 11, 10, 11, 10, 11, 13, 12, 13, 12, 13, 12], [] },
        // 9 to 15 rising: 7 points, 6 steps up.
        { "7 points rising", [11, 13, 11, 13, 11, 9, 10, 11, 12, 13, 14, 15], [SpecialCauseRule.Trend] },
        { "6 points rising", [11, 13, 11, 13, 11, 13, 10, 11, 12, 13, 14, 15], [] },
        // Mean 12, upper limit 15.8, two thirds of the way 14.53: 15, 12, 15 puts two of three beyond.
        { "2 of 3 beyond two thirds", [.. Repeat(11, 12, 6), 15, 12, 15], [SpecialCauseRule.TwoOfThree] },
        // 15, 12, 14: two thirds is 14.34, only one of three beyond.
        { "1 of 3 beyond two thirds", [.. Repeat(11, 12, 6), 15, 12, 14], [] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Each_rule_fires_alone_and_not_just_below_its_threshold(string series, decimal[] values, SpecialCauseRule[] fired)
    {
        Assert.False(string.IsNullOrEmpty(series));
        Assert.Equal(fired, Fired(Analyse(values)));
    }

    [Fact]
    public void The_latest_points_of_a_run_carry_the_rule_and_its_side()
    {
        var shift = Analyse([10, 11, 10, 11, 10, 11, 13, 12, 13, 12, 13, 12, 13]);
        Assert.Equal(7, shift.Points.Count(p => p.Rules.Contains(SpecialCauseRule.Shift)));
        Assert.All(shift.Points.Skip(6), p => Assert.True(p.High));
        var trend = Analyse([11, 13, 11, 13, 11, 9, 10, 11, 12, 13, 14, 15]);
        Assert.Equal(Enumerable.Range(5, 7).Select(i => January2024.Plus(i)),
            trend.Points.Where(p => p.Rules.Contains(SpecialCauseRule.Trend)).Select(p => p.Month));
    }

    [Theory]
    [InlineData(Improvement.Up, VariationKind.SpecialCauseImproving)]
    [InlineData(Improvement.Down, VariationKind.SpecialCauseConcerning)]
    [InlineData(Improvement.Neither, VariationKind.SpecialCauseNeither)]
    public void A_high_special_cause_is_improving_or_concerning_by_the_indicators_direction(Improvement improvement, VariationKind expected)
    {
        Assert.Equal(expected, Analyse([.. Repeat(10, 12, 6), 20], improvement).Variation);
    }

    [Fact]
    public void A_low_special_cause_flips_the_judgement()
    {
        Assert.Equal(VariationKind.SpecialCauseConcerning, Analyse([.. Repeat(20, 22, 6), 12], Improvement.Up).Variation);
        Assert.Equal(VariationKind.SpecialCauseImproving, Analyse([.. Repeat(20, 22, 6), 12], Improvement.Down).Variation);
    }

    [Theory]
    [InlineData(7, null, AssuranceKind.ConsistentlyPassing)]   // at least 7: below the lower limit 8.04
    [InlineData(16, null, AssuranceKind.ConsistentlyFailing)]  // at least 16: above the upper limit 15.29
    [InlineData(12, null, AssuranceKind.Inconsistent)]         // at least 12: between the limits
    [InlineData(null, 16, AssuranceKind.ConsistentlyPassing)]  // at most 16
    [InlineData(null, 8, AssuranceKind.ConsistentlyFailing)]   // at most 8
    [InlineData(null, 9, AssuranceKind.Inconsistent)]
    public void Assurance_compares_the_target_with_the_limits(int? atLeast, int? atMost, AssuranceKind expected)
    {
        var analysis = Analyse([10, 12, 11, 13, 12, 11, 10, 12, 13, 11, 12, 13], Improvement.Up, new Target(atLeast, atMost, "test"));
        Assert.Equal(expected, analysis.Assurance);
    }

    [Fact]
    public void Limits_are_calculated_afresh_from_a_recorded_change()
    {
        decimal[] values = [.. Repeat(10, 11, 6), .. Repeat(20, 21, 6)];
        var whole = Analyse(values);
        Assert.Contains(SpecialCauseRule.Shift, Fired(whole));
        Assert.Equal(VariationKind.SpecialCauseImproving, whole.Variation);

        var rebased = Analyse(values, Improvement.Up, null, new Rebase(new Month(2025, 1), "new crime recording rules"));
        Assert.Equal(2, rebased.Segments.Count);
        Assert.Equal((10.5m, 13.16m, 7.84m), (rebased.Segments[0].Mean!.Value, rebased.Segments[0].UpperLimit!.Value, rebased.Segments[0].LowerLimit!.Value));
        Assert.Equal((20.5m, 23.16m, 17.84m), (rebased.Segments[1].Mean!.Value, rebased.Segments[1].UpperLimit!.Value, rebased.Segments[1].LowerLimit!.Value));
        Assert.Equal("new crime recording rules", rebased.Segments[1].ChangeReason);
        Assert.Empty(Fired(rebased));
        Assert.Equal(VariationKind.CommonCause, rebased.Variation);
    }

    [Fact]
    public void Months_without_a_figure_are_left_out_and_listed()
    {
        var values = Series([.. Repeat(10, 12, 6), 11]);
        values.Insert(3, (new Month(2023, 12), null));
        var analysis = Xmr.Analyse(values, Improvement.Up, null);
        Assert.Equal([new Month(2023, 12)], analysis.MissingMonths);
        Assert.Equal(13, analysis.Points.Count());
    }
}
