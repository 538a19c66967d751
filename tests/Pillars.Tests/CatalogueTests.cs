using PlanServices.Pillars.Domain;
using PlanServices.Testing;

namespace PlanServices.Pillars.Tests;

public sealed class CatalogueTests
{
    public static TheoryData<string> Hosts() => new(Repo.PillarHosts);

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Each_pillar_catalogue_loads_and_every_table_belongs_to_an_objective(string host)
    {
        var catalogue = CatalogueFile.Load(Repo.Catalogue(host));
        Assert.NotEmpty(catalogue.Objectives);
        Assert.All(catalogue.Tables, t => Assert.Contains(catalogue.Objectives, o => o.Id == t.Objective));
    }

    [Fact]
    public void The_catalogues_hold_every_objective_of_the_April_2026_papers()
    {
        var titles = Repo.PillarHosts.Select(h => CatalogueFile.Load(Repo.Catalogue(h)))
            .ToDictionary(c => c.Pillar, c => c.Objectives.Select(o => o.Title).ToList());
        Assert.Equal(["Reduce serious violence", "Bring offenders to justice", "Strengthen responses to neighbourhood crime",
            "Enhance policing through technology", "Empower communities with crime prevention initiatives",
            "Invest in police welfare and resilience"], titles["preventing-crime"]);
        Assert.Equal(["Designated police officers", "Safer roads for all", "Address Shoplifting", "United against hate",
            "Protect rural and local communities"], titles["cohesive-communities"]);
        Assert.Equal(["Crack down on crime", "Speed up emergency response times", "Improve conviction rates",
            "Strengthen officer & staff training", "Further restorative justice in Norfolk",
            "Improve victim & witness communication"], titles["reducing-harm"]);
    }

    public static TheoryData<string, string> BadCatalogues() => new()
    {
        { "- { id: r, name: R, unit: rate, numerator: a }", "indicator 'r': a ratio needs both numerator and denominator" },
        { "- { id: r, name: R, unit: rate, numerator: a, denominator: nope }", "indicator 'r': refers to unknown indicator 'nope'" },
        { "- { id: m, name: M, unit: mean, numerator: a, denominator: a }", "indicator 'm': a mean must state its comparison (percent or absolute)" },
        { "- { id: r, name: R, unit: rate, numerator: a, denominator: a, comparison: percent }", "indicator 'r': a rate compares in percentage points" },
        { "- { id: s, name: S, unit: speed }", "indicator 's'.unit: 'speed' is not one of count, rate, mean, duration, money, stock, median" },
        { "- { id: a, name: Again, unit: count }", "indicator 'a' is defined 2 times" },
        { "- { id: s, name: S, unit: count, sumOf: [a, s] }", "indicator 's': is defined in terms of itself" },
        { "- { id: f, name: FTE, unit: stock, sumOf: [a] }", "indicator 'f': sumOf adds counts or money; a stock is never summed" },
        { "- { id: m, name: M, unit: median, numerator: a, denominator: a, comparison: percent }", "indicator 'm': a median is reported for its window, not a ratio" },
        { "- { id: c, name: C, unit: count, mayExceed100: true }", "indicator 'c'.mayExceed100: only a rate can exceed 100%" },
        { "- { id: c, name: C, unit: count, format: clock }", "indicator 'c'.format: only a mean, median or duration (seconds) prints as a clock" },
        { "- { id: c, name: C, unit: count, decimals: 1 }", "indicator 'c'.decimals: a count is a whole number; use a mean or a stock for fractions" },
        { "- { id: r, name: R, unit: rate, numerator: a, denominator: f2 }\n- { id: f2, name: F, unit: stock }", "indicator 'r': divides 'a' (count) by 'f2' (stock); a ratio divides counts or money, or two stocks" },
    };

    [Theory]
    [MemberData(nameof(BadCatalogues))]
    public void A_bad_catalogue_is_refused_naming_the_place_and_rule(string indicator, string error)
    {
        var yaml = $"""
            pillar: p
            title: P
            objectives: [{"{"} id: o, title: O {"}"}]
            indicators:
            - {"{"} id: a, name: A, unit: count {"}"}
            {indicator}
            """;
        var refused = Assert.Throws<CatalogueException>(() => CatalogueFile.Parse(yaml));
        Assert.Contains(error, refused.Errors);
    }

    [Fact]
    public void A_table_with_an_unknown_column_or_a_budget_of_counts_is_refused()
    {
        const string yaml = """
            pillar: p
            title: P
            objectives: [{ id: o, title: O }]
            indicators: [{ id: a, name: A, unit: count }]
            tables:
              - { id: t, objective: o, layout: comparison, caption: C, show: [last-12-months, next-year], rows: [{ indicator: a }] }
              - { id: b, objective: o, layout: budget, caption: B, rows: [{ indicator: a, outturn: a }] }
            """;
        var refused = Assert.Throws<CatalogueException>(() => CatalogueFile.Parse(yaml));
        Assert.Equal([
            "table 't'.show[1]: 'next-year' is not a column: give a window (last-12-months, previous-12-months, long-term-average, period, previous-period), or change-to- or difference-to- previous-12-months, long-term-average or previous-period (optionally as { column: ..., heading: ... })",
            "table 'b'.rows[0]: a budget row sets a money budget (indicator) against a money outturn",
        ], refused.Errors);
    }

    [Fact]
    public void A_table_of_an_unknown_objective_or_indicator_is_refused()
    {
        const string yaml = """
            pillar: p
            title: P
            objectives: [{ id: o, title: O }]
            indicators: [{ id: a, name: A, unit: count }]
            tables:
              - { id: t, objective: elsewhere, layout: comparison, caption: C, rows: [{ label: X, indicator: b }] }
            """;
        var refused = Assert.Throws<CatalogueException>(() => CatalogueFile.Parse(yaml));
        Assert.Equal(["table 't': objective 'elsewhere' is not in the catalogue", "table 't'.rows[0]: unknown indicator 'b'"], refused.Errors);
    }
}
