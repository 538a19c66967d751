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
            $"table 't'.show[1]: 'next-year' is not a column: give {ComparisonColumn.NamesInWords} (optionally as {{ column: ..., heading: ... }})",
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
        Assert.Equal(["table 't': objective 'elsewhere' is not in the catalogue", "table 't'.rows[0] ('X'): unknown indicator 'b'"], refused.Errors);
    }

    [Fact]
    public void An_objective_quotes_only_indicators_of_the_catalogue()
    {
        const string yaml = """
            pillar: p
            title: P
            objectives: [{ id: o, title: O, quotes: [a, hate.crimes] }]
            indicators: [{ id: a, name: A, unit: count }]
            """;
        var refused = Assert.Throws<CatalogueException>(() => CatalogueFile.Parse(yaml));
        Assert.Equal(["objectives[0].quotes: 'hate.crimes' is not an indicator of the catalogue"], refused.Errors);
        Assert.Equal(["a"], CatalogueFile.Parse(yaml.Replace(", hate.crimes", "")).Objectives[0].Quotes);
    }

    public static TheoryData<string, string[]> MalformedCatalogues() => new()
    {
        {
            """
            pillar: p
            title: P
            objectives: [{ id: o, title: O }]
            indicators:
              - { id: a, name: A, unit: count, decimals: two }
              - { id: b, name: B, unit: money, mayExceed100: perhaps, target: { atLeast: ninety } }
            """,
            ["line 5: indicator 'a'.decimals: expected a whole number, found 'two'",
             "line 6: indicator 'b'.mayExceed100: expected true or false, found 'perhaps'",
             "line 6: indicator 'b'.target.atLeast: expected a number, found 'ninety'"]
        },
        {
            """
            pillar: p
            title: P
            objective: [{ id: o, title: O }]
            indicators:
              - { id: a, name: A, unti: count }
            tables:
              - { id: t, objective: o, caption: C, rows: [{ indicator: a, colour: red }] }
            """,
            ["line 3: the catalogue: unknown field 'objective' (the fields here are pillar, title, objectives, indicators, tables, charts)",
             "line 5: indicator 'a': unknown field 'unti' (the fields here are id, name, unit, comparison, decimals, numerator, denominator, sumOf, target, changeDecimals, format, stock, mayExceed100, improvement, synonyms, measure)",
             "line 7: table 't'.rows[0]: unknown field 'colour' (the fields here are group, label, indicator, outturn, subtotal, inTotal)"]
        },
        {
            """
            pillar: p
            title: P
            objectives: [{ id: o, title: O }]
            indicators:
              id: a
              name: A
            tables:
              - id: t
                objective: o
                caption: [C, D]
                rows: { indicator: a }
                show: last-12-months
              - just a name
            """,
            ["line 5: indicators: expected a list (an item per line starting '- ', or [a, b]), found fields (name: value)",
             "line 10: table 't'.caption: expected a single value, found a list",
             "line 11: table 't'.rows: expected a list (an item per line starting '- ', or [a, b]), found fields (name: value)",
             "line 12: table 't'.show: expected a list (an item per line starting '- ', or [a, b]), found 'last-12-months'",
             "line 13: tables[1]: expected fields (id, objective, layout, caption, indicator, note, groupHeading, labelHeading, summaryLabel, show, months, orientation, since, rows, columns), found 'just a name'"]
        },
        {
            """
            pillar: p
            title: P
            objectives: [{ id: o, title: O }]
            indicators: [{ id: a, name: A, unit: count }]
            tables:
              - id: t
                objective: o
                caption: C
                rows:
            """,
            ["line 9: table 't'.rows: is empty: give a list, or leave the field out"]
        },
    };

    [Theory]
    [MemberData(nameof(MalformedCatalogues))]
    public void A_malformed_catalogue_is_refused_naming_the_line_and_field_in_its_own_words(string yaml, string[] errors)
    {
        var refused = Assert.Throws<CatalogueException>(() => CatalogueFile.Parse(yaml));
        Assert.Equal(errors, refused.Errors);
        Assert.DoesNotContain("PlanServices", refused.Message);
    }

    [Fact]
    public void A_field_given_twice_or_yaml_that_cannot_be_read_is_refused_naming_the_line()
    {
        var twice = Assert.Throws<CatalogueException>(() => CatalogueFile.Parse("pillar: p\ntitle: P\ntitle: Q\n"));
        Assert.Equal(["line 3: 'title' is given twice"], twice.Errors);
        var unreadable = Assert.Throws<CatalogueException>(() => CatalogueFile.Parse("pillar: p\ntitle: [P\n"));
        Assert.Equal(["line 3: While parsing a flow sequence, did not find expected ',' or ']'."], unreadable.Errors);
    }

    [Fact]
    public void A_budget_row_without_its_outturn_or_budget_is_refused_naming_the_row_and_the_field()
    {
        const string yaml = """
            pillar: p
            title: P
            objectives: [{ id: o, title: O }]
            indicators: [{ id: b, name: B, unit: money }, { id: s, name: S, unit: money }]
            tables:
              - id: budget
                objective: o
                layout: budget
                caption: B
                rows:
                  - { label: Policing, indicator: b, outturn: s }
                  - { label: Office of the PCC, indicator: b }
                  - { outturn: s }
            """;
        var refused = Assert.Throws<CatalogueException>(() => CatalogueFile.Parse(yaml));
        Assert.Equal([
            "table 'budget'.rows[1] ('Office of the PCC'): outturn is missing: a budget row names its budget (indicator) and its outturn (outturn), money indicators both",
            "table 'budget'.rows[2]: indicator is missing: a budget row names its budget (indicator) and its outturn (outturn), money indicators both",
        ], refused.Errors);
    }

    [Fact]
    public void Subtotals_and_rows_out_of_the_total_are_refused_where_they_mean_nothing()
    {
        var refused = Assert.Throws<CatalogueException>(() => CatalogueFile.Parse("""
            pillar: p
            title: P
            objectives: [{ id: o, title: O }]
            indicators: [{ id: b, name: B, unit: money }, { id: c, name: C, unit: count }]
            tables:
              - id: money
                objective: o
                layout: budget
                caption: M
                rows:
                  - { subtotal: Nothing yet }
                  - { label: Line, indicator: b, outturn: b, inTotal: false }
                  - { subtotal: Still nothing }
                  - { subtotal: Mixed, indicator: b }
              - { id: counts, objective: o, layout: comparison, caption: C, rows: [{ indicator: c, inTotal: false }, { subtotal: All }] }
            """));
        Assert.Equal([
            "table 'money'.rows[0] ('Nothing yet'): the subtotal sums no rows: it adds the rows counted in the total above it, since the previous subtotal",
            "table 'money'.rows[2] ('Still nothing'): the subtotal sums no rows: it adds the rows counted in the total above it, since the previous subtotal",
            "table 'money'.rows[3] ('Mixed'): a subtotal row has only its label (subtotal: ...): it sums the rows above it since the previous subtotal",
            "table 'counts'.rows[0].inTotal: only a budget table leaves rows out of its total",
            "table 'counts'.rows[1] ('All').subtotal: only a budget table has subtotals",
        ], refused.Errors);
    }

    [Fact]
    public void A_catalogue_saved_with_a_byte_order_mark_loads()
    {
        var file = Path.Combine(Path.GetTempPath(), $"catalogue-{Guid.NewGuid():N}.yaml");
        File.WriteAllBytes(file, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(Repo.Catalogue("ReducingHarm"))]);
        Assert.Equal("reducing-harm", CatalogueFile.Load(file).Pillar);
        Assert.Equal("reducing-harm", CatalogueFile.Parse(System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(file))).Pillar);
    }
}
