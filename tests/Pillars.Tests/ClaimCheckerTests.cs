using PlanServices.Pillars.Claims;
using PlanServices.Pillars.Domain;

namespace PlanServices.Pillars.Tests;

/// <summary>Each kind of claim and each rule, on a small catalogue whose figures are worked out by hand.</summary>
public sealed class ClaimCheckerTests
{
    private static readonly Catalogue Catalogue = CatalogueFile.Parse("""
        pillar: test
        title: Test
        objectives: [{ id: o, title: O }]
        indicators:
          - { id: burglary.crimes, name: Burglaries, unit: count }
          - { id: burglary.solved, name: Burglaries solved, unit: count }
          - { id: burglary.solved-rate, name: "% of burglaries solved", unit: rate, numerator: burglary.solved, denominator: burglary.crimes }
          - { id: answer.seconds, name: Seconds to answer, unit: count }
          - { id: answer.mean, name: Mean answer time, unit: mean, numerator: answer.seconds, denominator: burglary.crimes, comparison: absolute, synonyms: [mean answer time] }
          - { id: spend, name: Spending, unit: money, synonyms: [spending] }
        tables:
          - id: t
            objective: o
            layout: comparison
            caption: Burglary
            rows:
              - { group: Burglary, label: Number of crimes, indicator: burglary.crimes }
              - { group: Burglary, label: Solved, indicator: burglary.solved }
              - { group: Burglary, label: "% Solved", indicator: burglary.solved-rate }
              - { label: Mean answer time, indicator: answer.mean }
              - { label: Spending, indicator: spend }
        """);

    private static readonly ReportingPeriod December2025 = new(new Month(2025, 12));

    // 2025: 100 burglaries a month (1,200; quarter 300), 120 solved (10.0%). 2024: 1,000, 90 solved (9.0%).
    // 2022 and 2023: 1,150 and 105 solved each, so the long-term average is 1,100 and 100 (9.1%).
    private static readonly FigureCalculator Figures = new(Catalogue,
    [
        .. Enumerable.Range(1, 12).Select(m => new Observation("burglary.crimes", Period.Single(new Month(2025, m)), 100)),
        .. Enumerable.Range(1, 12).Select(m => new Observation("burglary.crimes", Period.Single(new Month(2024, m)), m <= 4 ? 90 : 80)),
        new("burglary.crimes", new Period(new Month(2022, 1), new Month(2023, 12)), 2300),
        new("burglary.solved", new Period(new Month(2025, 1), new Month(2025, 12)), 120),
        new("burglary.solved", new Period(new Month(2024, 1), new Month(2024, 12)), 90),
        new("burglary.solved", new Period(new Month(2022, 1), new Month(2023, 12)), 210),
        new("answer.seconds", new Period(new Month(2025, 1), new Month(2025, 12)), 9036),
        new("spend", new Period(new Month(2025, 1), new Month(2025, 12)), 1250),
    ]);

    private static IReadOnlyList<Claim> Check(string text) => new ClaimChecker(Catalogue, Figures, December2025).Check("o", "- " + text).Claims;

    private static Claim Single(string text) => Assert.Single(Check(text));

    public static TheoryData<string, ClaimKind, string, ClaimStatus, string> Claims() => new()
    {
        { "Burglaries rose by 20.0 percent compared with the previous 12 months.", ClaimKind.PercentChange, "previous 12 months", ClaimStatus.Matches, "+20.0%" },
        { "Burglaries rose by 25 percent compared with the previous 12 months.", ClaimKind.PercentChange, "previous 12 months", ClaimStatus.Contradicts, "+20.0%" },
        { "Burglaries are 9.1% above the long-term average.", ClaimKind.PercentChange, "long-term average", ClaimStatus.Matches, "+9.1%" },
        { "Burglaries were 200 more than in the previous 12 months.", ClaimKind.Difference, "previous 12 months", ClaimStatus.Matches, "+200" },
        { "Burglaries rose against the long-term average (+100 offences).", ClaimKind.Difference, "long-term average", ClaimStatus.Matches, "+100" },
        { "The solved rate rose by 1.0 percentage points against the previous 12 months.", ClaimKind.PointsChange, "previous 12 months", ClaimStatus.Matches, "+1.0pp" },
        { "The solved rate is 0.9pp above the long-term average.", ClaimKind.PointsChange, "long-term average", ClaimStatus.Matches, "+0.9pp" },
        { "In the last 12 months 10.0% of burglaries were solved.", ClaimKind.Level, "last 12 months", ClaimStatus.Matches, "10.0%" },
        { "During this quarter, 300 burglaries were recorded.", ClaimKind.Level, "reporting quarter", ClaimStatus.Matches, "300" },
        { "There were 1,150 burglaries in the last 12 months.", ClaimKind.Level, "last 12 months", ClaimStatus.Contradicts, "1,200" },
        { "Burglaries averaged three per day over the year.", ClaimKind.PerDay, "per day over the last 12 months", ClaimStatus.Matches, "3.29 a day (1,200 in 365 days)" },
        { "The mean answer time was 7.53 seconds in the last 12 months.", ClaimKind.Level, "last 12 months", ClaimStatus.Matches, "7.53" },
        { "Spending was £1.25 million in the last 12 months.", ClaimKind.Level, "last 12 months", ClaimStatus.Matches, "1,250" },
    };

    [Theory]
    [MemberData(nameof(Claims))]
    public void Each_kind_of_claim_is_linked_and_checked(string sentence, ClaimKind kind, string window, ClaimStatus status, string derived)
    {
        var claim = Single(sentence);
        Assert.Equal(kind, claim.Kind);
        Assert.Contains(window, claim.Window);
        Assert.Equal((status, derived), (claim.Status, claim.Derived));
    }

    [Fact]
    public void A_rate_changed_in_percent_is_a_contradiction_naming_percentage_points()
    {
        var claim = Single("The solved rate rose by 1.0 percent against the previous 12 months.");
        Assert.Equal((ClaimStatus.Contradicts, "+1.0pp"), (claim.Status, claim.Derived));
        Assert.Equal("a rate changes in percentage points: 9.0% → 10.0% is +1.0pp", claim.Rule);
    }

    [Fact]
    public void A_change_that_goes_the_other_way_is_a_contradiction()
    {
        var claim = Single("Burglaries fell by 20.0 percent compared with the previous 12 months.");
        Assert.Equal((ClaimStatus.Contradicts, "the figures move the other way: 1,000 → 1,200 is +20.0%"), (claim.Status, claim.Rule));
    }

    [Fact]
    public void A_unit_written_twice_is_flagged_even_when_the_figure_is_right()
    {
        var claim = Single("Burglaries rose by 20.0% percent compared with the previous 12 months.");
        Assert.Equal((ClaimStatus.Contradicts, "the unit is written twice ('20.0% percent'): the figures give +20.0%"), (claim.Status, claim.Rule));
    }

    [Fact]
    public void The_same_period_a_year_earlier_is_derived_from_the_months()
    {
        var right = Single("Burglaries rose by 60 compared with the same period of 2024.");
        Assert.Equal((ClaimStatus.Matches, "+60", "reporting quarter against the same quarter last year"), (right.Status, right.Derived, right.Window));
        var wrong = Single("Burglaries rose by 12 compared with the same quarter last year.");
        Assert.Equal((ClaimStatus.Contradicts, "240 → 300 is +60, not 12"), (wrong.Status, wrong.Rule));
    }

    [Fact]
    public void A_figure_the_data_does_not_hold_is_not_checked_rather_than_contradicted()
    {
        var claim = Single("Burglaries rose by 12 compared with the same period of 2023.");
        Assert.Equal((ClaimStatus.Unlinked, "no stored figures for the reporting quarter and the October 2023 to December 2023 (the same period 2 years earlier)"), (claim.Status, claim.Rule));
    }

    [Fact]
    public void The_measure_carries_from_one_sentence_to_the_next_within_a_bullet()
    {
        var claims = Check("Burglaries rose by 20.0 percent compared with the previous 12 months. The solved rate rose by 1.0 percentage points on the previous 12 months.");
        Assert.Equal(["burglary.crimes", "burglary.solved-rate"], claims.Select(c => c.Indicator));
        Assert.All(claims, c => Assert.Equal(ClaimStatus.Matches, c.Status));
    }

    public static TheoryData<string> NotClaims() => new()
    {
        "On 16th October 2025 the burglary team met partners.",
        "Burglary patrols will run from March 2026 to the 2025/26 year end.",
        "Operation Kilo 9 targeted burglaries in Section 18 areas.",
        "A 15-year-old boy, and a man aged 17, were arrested for burglaries.",
        "Report burglaries on 101, or 01603 276276; in an emergency call 999.",
        "The burglars were jailed for a combined 27 years.",
        "Burglaries over the last 12 months are shown in Table 2.",
        "Six officers searched 40 homes for burglary suspects.",
    };

    [Theory]
    [MemberData(nameof(NotClaims))]
    public void Dates_names_ages_phone_numbers_and_sentences_are_not_claims(string sentence)
    {
        Assert.Empty(Check(sentence));
    }

    [Fact]
    public void References_are_filled_in_from_the_data_and_checked_for_names()
    {
        var review = new NarrativeReview(Catalogue);
        var result = review.Review("o", "- Burglaries: {{burglary.crimes last-12-months}}, {{burglary.crimes change-to-previous-12-months}} on the year; solved {{burglary.solved-rate change-to-long-term-average}}.",
            Figures, December2025);
        Assert.Equal("- Burglaries: 1,200, +20.0% on the year; solved +0.9pp.", result.Filled);
        Assert.All(result.Check.Claims, c => Assert.Equal((ClaimKind.Reference, ClaimStatus.Matches), (c.Kind, c.Status)));
        Assert.Equal(["{{nope period}}: indicator 'nope' is not in the test catalogue", "{{burglary.crimes next-year}}: 'next-year' is not a column: give " + ComparisonColumn.NamesInWords],
            review.Validate("{{nope period}} and {{burglary.crimes next-year}}"));
    }
}
