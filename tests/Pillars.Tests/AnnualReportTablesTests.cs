using Microsoft.EntityFrameworkCore;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Import;
using PlanServices.Pillars.Tables;
using PlanServices.Testing;

namespace PlanServices.Pillars.Tests;

/// <summary>
/// The walkthrough's annual report (docs/examples/annual-report): every unit and layout beyond the April pack, built
/// from its catalogue and figures through the importer into a real store, every cell asserted as a reader would check it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AnnualReportTablesTests(PostgresServer postgres)
{
    private static readonly string Example = Repo.Path("docs", "examples", "annual-report");
    private static readonly Catalogue Catalogue = CatalogueFile.Load(Path.Combine(Example, "catalogue.yaml"));
    private static readonly ReportingPeriod Year = ReportingPeriod.Parse("FY2025-26");

    private async Task<Dictionary<string, Table>> TablesAsync(string provider = Stores.Sqlite)
    {
        await using var db = await Stores.CreateAsync(provider, postgres);
        await Stores.Importer(db, Catalogue).ImportFileAsync(Path.Combine(Example, "figures.csv"));
        var tables = new PaperTables(await new ObservationStore(db).CalculatorAsync(Catalogue, Year)).Build(Year);
        return tables.ToDictionary(t => t.Id);
    }

    private static string[][] Texts(Table table) =>
        table.Rows.Select(r => new[] { r.Label }.Concat(r.Cells.Select(c => c.Text)).ToArray()).ToArray();

    [Fact]
    public void A_financial_year_is_worded_as_the_annual_report_words_it()
    {
        Assert.Equal("1 April 2025 to 31 March 2026", Year.Dates);
        Assert.Equal("1st April 2025 to 31st March 2026", Year.Description);
        Assert.Equal("2025/26", Year.ShortName);
        Assert.Equal("FY2025-26", Year.ToString());
        Assert.Equal("01/04/2024 – 31/03/2025", Year.PeriodOf(Window.PreviousPeriod).DateRange);
        Assert.Equal("2025-12", ReportingPeriod.Parse("2025-10..2025-12").ToString());
        Assert.Equal("Jan – Jun 2025", ReportingPeriod.Parse("2025-01..2025-06").ShortName);
        Assert.False(ReportingPeriod.TryParse("FY2025-27", out _, out var error));
        Assert.Equal("'FY2025-27' is not a reporting period: give a quarter by its last month (2025-12), a financial year (FY2025-26) or a run of months (2025-01..2025-06)", error);
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task Budget_against_outturn_prints_overspends_in_parentheses(string provider)
    {
        var budget = (await TablesAsync(provider))["budget"];
        Assert.Equal(["Service area", "Budget £000", "Outturn £000", "Over(-)/Under spend £000", "Over(-)/Under spend %"], budget.Columns);
        Assert.Equal([
            ["Policing", "277,800", "279,050", "(1,250)", "(0.45%)"],
            ["Office of the PCC", "1,520", "1,480", "40", "2.63%"],
            ["Total", "279,320", "280,530", "(1,210)", "(0.43%)"],
        ], Texts(budget));
        Assert.True(budget.Rows[^1].IsSummary);
        Assert.Equal("The date range for the reporting financial year is 01/04/2025 – 31/03/2026.", budget.DateRangeNote);
    }

    [Fact]
    public async Task Subtotals_sum_the_rows_above_them_a_row_out_of_the_total_is_shown_only_and_every_percent_comes_from_summed_money()
    {
        var detail = (await TablesAsync())["budget-detail"];
        Assert.Equal(["Line", "Budget £000", "Outturn £000", "Over(-)/Under spend £000", "Over(-)/Under spend %"], detail.Columns);
        Assert.Equal([
            ["Staff", "900", "880", "20", "2.22%"],
            ["Running costs", "300", "330", "(30)", "(10.00%)"],
            ["Office costs", "1,200", "1,210", "(10)", "(0.83%)"],
            ["Victim services", "1,500", "1,450", "50", "3.33%"],
            ["Of which: Ministry of Justice victims grant", "1,100", "1,100", "0", "0.00%"],
            ["Community safety grants", "400", "415", "(15)", "(3.75%)"],
            ["Commissioned services", "1,900", "1,865", "35", "1.84%"],
            ["Total", "3,100", "3,075", "25", "0.81%"],
        ], Texts(detail));
        Assert.Equal([false, false, true, false, false, false, true, true], detail.Rows.Select(r => r.IsSummary));
    }

    [Fact]
    public async Task A_snapshot_shows_establishment_and_strength_at_two_dates_and_strength_may_pass_100_percent()
    {
        var snapshot = (await TablesAsync())["establishment"];
        Assert.Equal(["Measure", "At 31 March 2025", "At 31 March 2026", "Change"], snapshot.Columns);
        Assert.Equal([
            ["Establishment (FTE)", "1,800.0", "1,820.0", "1.1%"],
            ["Strength (FTE)", "1,790.5", "1,835.2", "2.5%"],
            ["Strength as % of establishment", "99.5%", "100.8%", "1.3pp"],
        ], Texts(snapshot));
    }

    [Fact]
    public async Task A_stock_averaged_over_the_year_and_reported_rates_compare_year_on_year()
    {
        var table = (await TablesAsync())["staff-and-sickness"];
        Assert.Equal(["Indicator", "2025/26", "2024/25", "% difference to previous financial year"], table.Columns);
        Assert.Equal([
            ["Police staff (average FTE)", "1,011.0", "1,000.0", "1.1%"],
            ["Officer sickness", "4.2%", "4.6%", "-0.4pp"],
            ["Staff sickness", "3.9%", "3.5%", "0.4pp"],
        ], Texts(table));
        Assert.All(table.Rows.Skip(1).SelectMany(r => r.Cells.Take(2)), c => Assert.True(c.Reported));
        Assert.All(table.Rows[0].Cells.Take(2), c => Assert.False(c.Reported));
        Assert.Equal("The date range for the reporting financial year is 01/04/2025 – 31/03/2026. " +
            "The date range for the previous financial year is 01/04/2024 – 31/03/2025.", table.DateRangeNote);
    }

    [Fact]
    public async Task Medians_compare_in_percent_and_durations_run_past_24_hours()
    {
        var table = (await TablesAsync())["outcomes"];
        Assert.Equal(["Indicator", "Last 12 months", "Previous 12 months", "Change"], table.Columns);
        Assert.Equal([
            ["Median days to charge", "34", "40", "-15.0%"],
            ["Median time to attend", "101:05:09", "83:20:00", "17:45:09"],
        ], Texts(table));
    }

    [Fact]
    public async Task Reported_window_totals_fill_the_comparison_without_monthly_history()
    {
        var tables = await TablesAsync();
        Assert.Equal([["Total recorded crime", "7,777", "7,904", "8,000", "-1.6%", "-2.8%"]], Texts(tables["recorded-crime"]));
        Assert.Equal("The date range for the Last 12 months is 01/04/2025 – 31/03/2026. The date range for the Previous 12 months is " +
            "01/04/2024 – 31/03/2025. The date range for the long-term average is 01/04/2022 – 31/03/2025.", tables["recorded-crime"].DateRangeNote);
        Assert.Equal(["Indicator", "Last 12 months"], tables["recorded-crime-year"].Columns);
        Assert.Equal([["Total recorded crime", "7,777"]], Texts(tables["recorded-crime-year"]));
    }

    [Fact]
    public async Task A_monthly_series_runs_across_over_any_number_of_months()
    {
        var catalogue = CatalogueFile.Parse("""
            pillar: p
            title: P
            objectives: [{ id: o, title: O }]
            indicators:
              - { id: calls, name: Calls, unit: count }
              - { id: wait, name: Median wait (days), unit: median, comparison: percent }
            tables:
              - id: t
                objective: o
                layout: monthly-measures
                months: 3
                orientation: months-across
                summaryLabel: Quarter
                caption: Calls since {first-month}
                rows: [{ label: Calls, indicator: calls }, { label: Median wait, indicator: wait }]
            """);
        await using var db = await Stores.CreateAsync(Stores.Sqlite);
        await Stores.Importer(db, catalogue).ImportAsync("""
            indicator,from,to,value
            calls,2025-10,2025-10,100
            calls,2025-11,2025-11,120
            calls,2025-12,2025-12,90
            wait,2025-10,2025-10,4
            wait,2025-11,2025-11,6
            wait,2025-12,2025-12,5
            """);
        var period = ReportingPeriod.Parse("2025-12");
        var table = new PaperTables(await new ObservationStore(db).CalculatorAsync(catalogue, period)).Build(period).Single();
        Assert.Equal("Calls since October 2025", table.Caption);
        Assert.Equal(["Indicator", "Oct 2025", "Nov 2025", "Dec 2025", "Quarter"], table.Columns);
        // The quarter's median is not the median of the months: without a reported quarter median there is none.
        Assert.Equal([["Calls", "100", "120", "90", "310"], ["Median wait", "4.0", "6.0", "5.0", "Data not available"]], Texts(table));
    }

    public static TheoryData<string, string> BadRows() => new()
    {
        { "officers.strength,2025-03,2025-03,-4,", "line 3: value -4 is negative; stock cannot be below zero" },
        { "officers.strength,2025-01,2025-03,1790,", "line 3: 'officers.strength' is a stock, measured in a month: give one month (from = to), or a window's value with kind 'reported'" },
        { "charge.median-days,2025-04,2026-03,34,observed", "line 3: 'charge.median-days' is a median without parts: it is never built from months, only reported for the window it describes; use kind 'reported'" },
        { "sickness.staff,2025-04,2026-03,104,", "line 3: value 104 is above 100; 'sickness.staff' is a percentage of a whole (mayExceed100 in the catalogue allows more)" },
        { "crimes.total,2025-04,2026-03,7777.5,reported", "line 3: value 7777.5 is not a whole number; 'crimes.total' is a count" },
        { "crimes.total,2025-04,2026-03,7777,estimated", "line 3: kind 'estimated' is not one of observed, reported" },
        { "officers.strength-rate,2025-03,2025-03,99,", "line 3: indicator 'officers.strength-rate' is derived (officers.strength / officers.establishment); import its parts, or give a window's value with kind 'reported'" },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public async Task Every_rule_of_the_new_units_is_enforced_naming_the_line(string row, string error)
    {
        await using var db = await Stores.CreateAsync(Stores.Sqlite);
        var rejected = await Assert.ThrowsAsync<ImportRejectedException>(() =>
            Stores.Importer(db, Catalogue).ImportAsync($"indicator,from,to,value,kind\nbudget.opcc,2025-04,2026-03,-20,\n{row}"));
        Assert.Equal([error], rejected.Errors);
        Assert.Equal(0, await db.Observations.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task A_reported_value_that_disagrees_with_the_observations_is_refused_either_way_round(string provider)
    {
        await using var db = await Stores.CreateAsync(provider, postgres);
        var importer = Stores.Importer(db, Catalogue);
        await importer.ImportAsync("""
            indicator,from,to,value,kind
            officers.establishment,2026-03,2026-03,1820,
            officers.strength,2026-03,2026-03,1835.2,
            officers.strength-rate,2025-04,2026-03,100.8,reported
            """);

        var reported = await Assert.ThrowsAsync<ImportRejectedException>(() =>
            importer.ImportAsync("indicator,from,to,value,kind\nofficers.strength-rate,2025-04,2026-03,101.2,reported"));
        Assert.Equal(["line 2: officers.strength-rate 2025-04..2026-03 is reported as 101.2%, but the observations give 100.8% for that window; " +
            "a reported value may only fill a window the observations do not cover, or agree with them as printed: correct one of them"], reported.Errors);

        var observed = await Assert.ThrowsAsync<ImportRejectedException>(() =>
            importer.ImportAsync("indicator,from,to,value\nofficers.strength,2026-03,2026-03,1900"));
        Assert.Equal(["the stored reported value: officers.strength-rate 2025-04..2026-03 is reported as 100.8%, but the observations give 104.4% for that window; " +
            "a reported value may only fill a window the observations do not cover, or agree with them as printed: correct one of them"], observed.Errors);
        Assert.Equal(3, await db.Observations.CountAsync());
    }
}
