using PlanServices.Pillars.Claims;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Tables;

namespace PlanServices.Pillars.Tests;

/// <summary>The same period a year earlier and the year to date (a financial year's, from April), in tables and narrative references.</summary>
public sealed class YearAgoWindowTests
{
    [Theory]
    [InlineData("2026-03", "2025-01..2025-03", "2025-04..2026-03", "2024-04..2025-03")]
    [InlineData("2025-06", "2024-04..2024-06", "2025-04..2025-06", "2024-04..2024-06")]
    [InlineData("2025-12", "2024-10..2024-12", "2025-04..2025-12", "2024-04..2024-12")]
    [InlineData("FY2025-26", "2024-04..2025-03", "2025-04..2026-03", "2024-04..2025-03")]
    [InlineData("2026-01..2026-02", "2025-01..2025-02", "2025-04..2026-02", "2024-04..2025-02")]
    public void Each_window_is_its_months(string period, string lastYear, string toDate, string toDateLastYear)
    {
        var p = ReportingPeriod.Parse(period);
        Assert.Equal((lastYear, toDate, toDateLastYear),
            (p.PeriodOf(Window.SamePeriodLastYear).ToString(), p.PeriodOf(Window.YearToDate).ToString(), p.PeriodOf(Window.YearToDateLastYear).ToString()));
    }

    private static readonly Catalogue Catalogue = CatalogueFile.Parse("""
        pillar: test
        title: Test
        objectives: [{ id: o, title: O }]
        indicators:
          - { id: ksi, name: Killed or seriously injured, unit: count }
          - { id: solved, name: Solved, unit: count }
          - { id: solved-rate, name: "% solved", unit: rate, numerator: solved, denominator: ksi }
        tables:
          - id: t
            objective: o
            layout: comparison
            caption: KSI
            show: [period, same-period-last-year, change-to-same-period-last-year, difference-to-same-period-last-year, year-to-date, year-to-date-last-year, change-to-year-to-date-last-year]
            rows:
              - { label: KSI, indicator: ksi }
              - { label: "% solved", indicator: solved-rate }
        """);

    /// <summary>KSI: 10 a month in 2024, 20 in 2025, 30 in 2026; solved: 1, 4 and 3 a month.</summary>
    private static readonly FigureCalculator Figures = new(Catalogue,
        Enumerable.Range(0, 36).Select(i => new Month(2024, 1).Plus(i)).SelectMany(m => new[]
        {
            new Observation("ksi", Period.Single(m), (m.Year - 2023) * 10),
            new Observation("solved", Period.Single(m), m.Year switch { 2024 => 1, 2025 => 4, _ => 3 }),
        }));

    [Fact]
    public void A_comparison_table_shows_the_quarter_against_the_same_quarter_last_year_and_the_year_to_date_against_last_years()
    {
        var period = ReportingPeriod.Parse("2026-03");
        var table = new PaperTables(Figures).Build(period).Single();
        Assert.Equal(["Indicator", "Jan – Mar 2026", "Jan – Mar 2025", "% difference to same quarter last year", "Difference to same quarter last year",
            "2025/26", "2024/25", "% difference to year to date last year"], table.Columns);
        // Quarter 3 x 30 = 90 against 3 x 20 = 60; year to date 9 x 20 + 3 x 30 = 270 against 9 x 10 + 3 x 20 = 150.
        Assert.Equal(["90", "60", "50.0%", "30", "270", "150", "80.0%"], table.Rows[0].Cells.Select(c => c.Text));
        // Solved 9 of 90 = 10.0% against 12 of 60 = 20.0%; year to date 45 of 270 = 16.7% against 21 of 150 = 14.0%.
        Assert.Equal(["10.0%", "20.0%", "-10.0pp", "-10.0pp", "16.7%", "14.0%", "2.7pp"], table.Rows[1].Cells.Select(c => c.Text));
        Assert.Contains("The date range for the same quarter last year is 01/01/2025 – 31/03/2025.", table.DateRangeNote);
    }

    [Fact]
    public void A_narrative_reference_fills_in_the_year_ago_and_year_to_date_figures()
    {
        var result = new NarrativeReview(Catalogue).Review("o",
            "- KSI: {{ksi period}}, {{ksi difference-to-same-period-last-year}} on the same quarter last year; {{ksi year-to-date}} so far this year ({{ksi change-to-year-to-date-last-year}}).",
            Figures, ReportingPeriod.Parse("2026-03"));
        Assert.Equal("- KSI: 90, +30 on the same quarter last year; 270 so far this year (+80.0%).", result.Filled);
    }
}
