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
