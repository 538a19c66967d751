using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Import;
using PlanServices.Pillars.Tables;
using PlanServices.Testing;

namespace PlanServices.Pillars.Tests;

/// <summary>
/// The sample's monthly history (docs/sample-data.md): made by its rules from the April 2026 pack's figures, summing to
/// every published figure, deriving the April tables exactly as the published totals do and every table of the quarters
/// after. Nothing here relies on an illustrative month's value, only on the rules and on the published sums.
/// </summary>
public sealed class SampleHistoryTests
{
    public static TheoryData<string> Hosts => new(Repo.PillarHosts);

    private static Catalogue CatalogueOf(string host) => CatalogueFile.Load(Repo.Catalogue(host));

    private static IReadOnlyList<Observation> History(Catalogue catalogue, string host) => SampleHistory.Read(host);

    /// <summary>Run with PLANSERVICES_WRITE_SAMPLE=1 to write the history files after changing the rules or the published figures.</summary>
    [Theory, MemberData(nameof(Hosts))]
    public void The_committed_history_is_what_the_rules_make(string host)
    {
        var catalogue = CatalogueOf(host);
        var made = SampleHistory.Csv(catalogue, SampleHistory.Published(catalogue, host));
        if (Environment.GetEnvironmentVariable("PLANSERVICES_WRITE_SAMPLE") == "1") File.WriteAllText(Repo.Sample(host), made);
        Assert.Equal(made, File.ReadAllText(Repo.Sample(host)));
    }

    [Theory, MemberData(nameof(Hosts))]
    public void Every_published_figure_is_the_sum_of_its_months(string host)
    {
        var catalogue = CatalogueOf(host);
        var history = new FigureCalculator(catalogue, History(catalogue, host));
        foreach (var figure in SampleHistory.Published(catalogue, host))
            Assert.True(history.Value(figure.Indicator, figure.Period) == figure.Value, $"{figure.Indicator} {figure.Period}: published {figure.Value}");
    }

    [Theory, MemberData(nameof(Hosts))]
    public void Every_month_is_a_whole_number_and_no_part_exceeds_its_whole(string host)
    {
        var catalogue = CatalogueOf(host);
        var history = History(catalogue, host);
        Assert.All(history, o => Assert.Equal(1, o.Period.Months));
        Assert.All(history, o => Assert.True(o.Value >= 0 && o.Value == decimal.Truncate(o.Value), $"{o.Indicator} {o.Period}: {o.Value}"));
        var value = history.ToDictionary(o => (o.Indicator, o.Period.From), o => o.Value);
        foreach (var rate in catalogue.Indicators.Where(i => i.IsRatio && i.Unit == Unit.Rate && !i.MayExceedWhole && catalogue[i.Numerator!].IsStored))
            foreach (var part in history.Where(o => o.Indicator == rate.Numerator))
                Assert.True(part.Value <= value[(rate.Denominator!, part.Period.From)], $"{part.Indicator} {part.Period}: {part.Value} is more than its {rate.Denominator}");
    }

    [Theory, MemberData(nameof(Hosts))]
    public void The_april_2026_tables_are_the_same_from_the_months_as_from_the_published_totals(string host)
    {
        var catalogue = CatalogueOf(host);
        var period = ReportingPeriod.Parse("2025-12");
        var fromMonths = new PaperTables(new FigureCalculator(catalogue, History(catalogue, host))).Build(period);
        var fromTotals = new PaperTables(new FigureCalculator(catalogue, SampleHistory.Published(catalogue, host))).Build(period);
        Assert.Equal(Cells(fromTotals), Cells(fromMonths));
    }

    [Theory, MemberData(nameof(Hosts))]
    public void Every_value_of_the_july_2026_quarter_is_derived(string host)
    {
        var catalogue = CatalogueOf(host);
        var tables = new PaperTables(new FigureCalculator(catalogue, History(catalogue, host))).Build(ReportingPeriod.Parse("2026-03"));
        var missing = Cells(tables).Where(c => c.Text == Display.NotAvailable).ToList();
        Assert.True(missing.Count == 0, string.Join("; ", missing));
    }

    [Fact]
    public void A_total_is_split_in_proportion_to_its_weights_by_largest_remainder()
    {
        Assert.Equal([31m, 28m, 31m], SampleHistory.Split(90, [31, 28, 31]));
        Assert.Equal([4m, 3m, 3m], SampleHistory.Split(10, [1, 1, 1]));
        Assert.Equal([0m, 0m, 1m], SampleHistory.Split(1, [1, 1, 2]));
        Assert.Equal(365m, SampleHistory.Split(365, Enumerable.Range(1, 12).Select(m => (decimal)DateTime.DaysInMonth(2025, m)).ToList()).Sum());
    }

    private static List<(string Table, string Row, int Column, string Text, decimal? Value)> Cells(IEnumerable<Table> tables) =>
        tables.SelectMany(t => t.Rows.SelectMany(r => r.Cells.Select((c, i) => (t.Id, $"{r.Group} {r.Label}", i, c.Text, c.Value)))).ToList();
}
