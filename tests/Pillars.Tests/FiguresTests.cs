using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;
using PlanServices.Testing;

namespace PlanServices.Pillars.Tests;

/// <summary>The rules by which figures derive, print and compare, on small catalogues made for each case.</summary>
public sealed class FiguresTests
{
    private const string Yaml = """
        pillar: test
        title: Test
        objectives: [{ id: o, title: Objective }]
        indicators:
          - { id: crimes, name: Crimes, unit: count }
          - { id: solved, name: Solved, unit: count }
          - { id: solved-rate, name: "% solved", unit: rate, numerator: solved, denominator: crimes }
          - { id: seconds, name: Seconds to attend, unit: count }
          - { id: attendance, name: Median time to attendance, unit: duration, numerator: seconds, denominator: crimes, comparison: percent }
          - { id: answered, name: Answered in 10 s, unit: count }
          - id: answered-rate
            name: "% answered in 10 s"
            unit: rate
            numerator: answered
            denominator: crimes
            target: { atLeast: 90, source: national standard }
        tables: []
        """;

    private static readonly Catalogue Catalogue = CatalogueFile.Parse(Yaml);
    private static readonly ReportingPeriod December2025 = new(new Month(2025, 12));

    private static Observation Obs(string indicator, string from, string to, decimal value) =>
        new(indicator, new Period(Month.Parse(from), Month.Parse(to)), value);

    private static Observation Obs(string indicator, string month, decimal value) => Obs(indicator, month, month, value);

    [Fact]
    public void Windows_of_a_reporting_period_ending_December_2025_are_those_of_the_April_2026_pack()
    {
        Assert.Equal("01/01/2025 – 31/12/2025", December2025.PeriodOf(Window.Last12Months).DateRange);
        Assert.Equal("01/01/2024 – 31/12/2024", December2025.PeriodOf(Window.Previous12Months).DateRange);
        Assert.Equal("01/01/2022 – 31/12/2024", December2025.PeriodOf(Window.LongTermAverage).DateRange);
        Assert.Equal("01/10/2025 – 31/12/2025", December2025.PeriodOf(Window.Period).DateRange);
        Assert.Equal("01/07/2025 – 30/09/2025", December2025.PeriodOf(Window.PreviousPeriod).DateRange);
        Assert.Equal("1st October 2025 to 31st December 2025", December2025.Description);
    }

    [Fact]
    public void A_rate_is_the_ratio_of_the_window_totals_never_the_mean_of_monthly_rates()
    {
        // October: 1 of 10 (10%), November: 90 of 100 (90%). Mean of rates 50%; the quarter's rate is 91/110.
        var figures = new FigureCalculator(Catalogue,
        [
            Obs("crimes", "2025-10", 10), Obs("solved", "2025-10", 1),
            Obs("crimes", "2025-11", 100), Obs("solved", "2025-11", 90),
            Obs("crimes", "2025-12", 0), Obs("solved", "2025-12", 0),
        ]);
        var quarter = figures.Value("solved-rate", December2025, Window.Period);
        Assert.Equal("82.7%", Display.Value(Catalogue["solved-rate"], quarter).Text);
    }

    [Fact]
    public void The_long_term_average_is_the_three_year_total_divided_by_three_and_compares_as_printed()
    {
        var figures = new FigureCalculator(Catalogue,
        [
            Obs("crimes", "2025-01", "2025-12", 29), Obs("crimes", "2024-01", "2024-12", 36), Obs("crimes", "2022-01", "2023-12", 62),
        ]);
        var average = figures.Value("crimes", December2025, Window.LongTermAverage);
        Assert.Equal(98m / 3, average!.Value, 20);
        Assert.Equal("33", Display.Value(Catalogue["crimes"], average).Text);
        // The reader divides by the printed 33: (29 - 33) / 33 = -12.1%.
        var change = Display.Change(Catalogue["crimes"], figures.Value("crimes", December2025, Window.Last12Months), average);
        Assert.Equal("-12.1%", change.Text);
    }

    [Fact]
    public void Missing_months_make_a_window_not_available_and_its_comparisons_not_applicable()
    {
        var figures = new FigureCalculator(Catalogue, [Obs("crimes", "2025-01", "2025-11", 500)]);
        var last = figures.Value("crimes", December2025, Window.Last12Months);
        Assert.Null(last);
        Assert.Equal("Data not available", Display.Value(Catalogue["crimes"], last).Text);
        Assert.Equal("Not applicable", Display.Change(Catalogue["crimes"], last, 400).Text);
    }

    [Fact]
    public void An_observation_that_straddles_the_window_edge_does_not_count_part_way()
    {
        var figures = new FigureCalculator(Catalogue, [Obs("crimes", "2024-07", "2025-06", 100), Obs("crimes", "2025-07", "2025-12", 60)]);
        Assert.Null(figures.Value("crimes", December2025, Window.Last12Months));
        Assert.Equal(60, figures.Value("crimes", new Period(Month.Parse("2025-07"), Month.Parse("2025-12"))));
    }

    [Fact]
    public void A_rate_over_zero_crimes_is_not_available_rather_than_zero()
    {
        var figures = new FigureCalculator(Catalogue, [Obs("crimes", "2025-12", 0), Obs("solved", "2025-12", 0)]);
        Assert.Null(figures.Value("solved-rate", Period.Single(Month.Parse("2025-12"))));
    }

    [Fact]
    public void A_percent_change_from_zero_is_not_applicable_and_from_a_value_to_zero_is_minus_100()
    {
        var crimes = Catalogue["crimes"];
        Assert.Equal("Not applicable", Display.Change(crimes, 3, 0).Text);
        Assert.Equal("-100.0%", Display.Change(crimes, 0, 1).Text);
        Assert.Equal("0.0%", Display.Change(crimes, 385, 385).Text);
    }

    [Fact]
    public void Rates_compare_in_percentage_points_of_the_printed_rates_and_never_print_minus_zero()
    {
        var rate = Catalogue["solved-rate"];
        Assert.Equal("0.2pp", Display.Change(rate, 364m / 3510 * 100, 369m / 3602 * 100).Text);
        Assert.Equal("0.0pp", Display.Change(rate, 44m / 339 * 100, 43m / 331 * 100).Text);
    }

    [Fact]
    public void Targets_are_judged_on_unrounded_values_so_89_96_percent_misses_90()
    {
        var rate = Catalogue["answered-rate"];
        Assert.Equal("90.0%", Display.Value(rate, 89.96m).Text);
        Assert.False(Display.TargetMet(rate, 89.96m));
        Assert.True(Display.TargetMet(rate, 90m));
        Assert.Null(Display.TargetMet(Catalogue["crimes"], 10));
    }

    [Fact]
    public void A_duration_prints_as_hours_minutes_seconds_and_compares_as_the_catalogue_states()
    {
        var attendance = Catalogue["attendance"];
        Assert.Equal("00:21:05", Display.Value(attendance, 1265).Text);
        Assert.Equal(Comparison.Percent, attendance.Comparison);
        Assert.Equal("10.0%", Display.Change(attendance, 1100, 1000).Text);
    }
}

/// <summary>The narrative figures of the April 2026 pack, checked against the same stored data as its tables.</summary>
public sealed class QuarterFiguresTests
{
    private static readonly ReportingPeriod December2025 = new(new Month(2025, 12));

    private static async Task<FigureCalculator> SampleAsync(string host)
    {
        await using var db = await Stores.CreateAsync(Stores.Sqlite);
        var catalogue = CatalogueFile.Load(Repo.Catalogue(host));
        await Stores.ImportSampleAsync(db, catalogue, host);
        return await new ObservationStore(db).CalculatorAsync(catalogue, December2025);
    }

    [Fact]
    public async Task Disruptions_this_quarter_are_185_up_77_or_71_3_percent_not_44_5_percent()
    {
        var figures = await SampleAsync("ReducingHarm");
        var indicator = figures.Catalogue["soc.disruptions"];
        var quarter = figures.Value(indicator.Id, December2025, Window.Period);
        var previous = figures.Value(indicator.Id, December2025, Window.PreviousPeriod);
        Assert.Equal(185, quarter);
        Assert.Equal(108, previous);
        Assert.Equal("77", Display.Difference(indicator, quarter, previous).Text);
        Assert.Equal("71.3%", Display.Change(indicator, quarter, previous).Text);
    }

    [Fact]
    public async Task The_quarter_answered_88_0_percent_of_999_calls_in_10_seconds_up_2_1_points_not_2_2_percent()
    {
        var figures = await SampleAsync("ReducingHarm");
        var rate = figures.Catalogue["calls.under-10s-rate"];
        var quarter = figures.Value(rate.Id, December2025, Window.Period);
        var previous = figures.Value(rate.Id, December2025, Window.PreviousPeriod);
        Assert.Equal("88.0%", Display.Value(rate, quarter).Text);
        Assert.Equal("85.9%", Display.Value(rate, previous).Text);
        Assert.Equal("2.1pp", Display.Change(rate, quarter, previous).Text);
        Assert.False(Display.TargetMet(rate, quarter));
    }

    [Fact]
    public async Task Other_sexual_offences_rose_by_11_or_0_5_percent()
    {
        var figures = await SampleAsync("ReducingHarm");
        var crimes = figures.Catalogue["sexual.crimes"];
        var last = figures.Value(crimes.Id, December2025, Window.Last12Months);
        var previous = figures.Value(crimes.Id, December2025, Window.Previous12Months);
        Assert.Equal("11", Display.Difference(crimes, last, previous).Text);
        Assert.Equal("0.5%", Display.Change(crimes, last, previous).Text);
    }
}
