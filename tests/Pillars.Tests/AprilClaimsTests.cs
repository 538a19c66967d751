using PlanServices.Pillars.Claims;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;
using PlanServices.Testing;

namespace PlanServices.Pillars.Tests;

/// <summary>
/// The narrative of the three April 2026 papers as published (read from the seed pack at test time) checked against
/// the sample data: the misstatements DOMAIN.md lists are flagged with the derived figures, nine in ten claims are
/// linked to a figure, and no correct claim is called a contradiction.
/// </summary>
public sealed class AprilClaimsTests
{
    private static readonly ReportingPeriod December2025 = new(new Month(2025, 12));

    private static async Task<List<NarrativeCheck>> CheckAsync(string host)
    {
        await using var db = await Stores.CreateAsync(Stores.Sqlite);
        var catalogue = CatalogueFile.Load(Repo.Catalogue(host));
        await Stores.Importer(db, catalogue).ImportPublishedAsync(db, catalogue, host);
        var checker = new ClaimChecker(catalogue, await new ObservationStore(db).CalculatorAsync(catalogue, December2025), December2025);
        return SeedNarrative.Objectives(host).Select(o => checker.Check(o.Key, o.Value)).ToList();
    }

    private static async Task<List<Claim>> ClaimsAsync()
    {
        var claims = new List<Claim>();
        foreach (var host in Repo.PillarHosts) claims.AddRange((await CheckAsync(host)).SelectMany(c => c.Claims));
        return claims;
    }

    [Fact]
    public async Task Every_misstatement_of_the_April_prose_is_flagged_with_the_derived_figure_and_nothing_else_is()
    {
        var contradictions = (await ClaimsAsync()).Where(c => c.Status == ClaimStatus.Contradicts).ToList();
        Assert.Collection(contradictions,
            disruptions =>
            {
                Assert.Equal(("+44.5 percent", "soc.disruptions", "+71.3%"), (disruptions.Text, disruptions.Indicator, disruptions.Derived));
                Assert.Equal("108 → 185 is +71.3%, not +44.5 percent", disruptions.Rule);
            },
            calls =>
            {
                Assert.Equal(("2.2 percent", "calls.under-10s-rate", "+2.1pp"), (calls.Text, calls.Indicator, calls.Derived));
                Assert.Equal("2.2 is the difference of the unweighted means of the monthly rates; weighted by the denominators the figures are 85.9% → 88.0%, +2.1pp", calls.Rule);
            },
            sexual =>
            {
                Assert.Equal(("0.5% percent", "sexual.crimes", "+0.5%"), (sexual.Text, sexual.Indicator, sexual.Derived));
                Assert.Equal("the unit is written twice ('0.5% percent'): the figures give +0.5%", sexual.Rule);
            });
    }

    [Fact]
    public async Task The_figures_around_the_misstatements_match()
    {
        var claims = await ClaimsAsync();
        Assert.Contains(claims, c => c is { Text: "185", Indicator: "soc.disruptions", Window: "reporting quarter", Status: ClaimStatus.Matches });
        Assert.Contains(claims, c => c is { Text: "77", Indicator: "soc.disruptions", Derived: "+77", Status: ClaimStatus.Matches });
        Assert.Contains(claims, c => c is { Text: "88.0 percent", Indicator: "calls.under-10s-rate", Window: "reporting quarter", Status: ClaimStatus.Matches });
        Assert.Contains(claims, c => c is { Text: "91.5 percent", Window: "month of December 2025", Status: ClaimStatus.Matches });
        Assert.Contains(claims, c => c is { Text: "90 percent", Kind: ClaimKind.Target, Status: ClaimStatus.Matches });
        Assert.Contains(claims, c => c is { Text: "11", Indicator: "sexual.crimes", Derived: "+11", Status: ClaimStatus.Matches });
    }

    [Fact]
    public async Task Every_figure_about_a_measure_is_linked_and_those_the_pack_publishes_data_for_are_checked()
    {
        var checks = new List<(Catalogue Catalogue, NarrativeCheck Check)>();
        foreach (var host in Repo.PillarHosts)
        {
            var catalogue = CatalogueFile.Load(Repo.Catalogue(host));
            checks.AddRange((await CheckAsync(host)).Select(c => (catalogue, c)));
        }
        var claims = checks.SelectMany(c => c.Check.Claims).ToList();
        var quoted = checks.Select(c => c.Catalogue).Distinct().SelectMany(c => c.Objectives.SelectMany(o => o.Quotes)).ToHashSet();
        var tabled = claims.Where(c => !quoted.Contains(c.Indicator!)).ToList();
        Assert.All(claims, c => Assert.NotNull(c.Indicator));
        // The counts docs/narrative-claims.md and the README report: 93 claims, 72 checked (69 agree, 3 differ), 21 not
        // checked; 96 other figures. Of the claims about the tables' measures, 72 of 74 are checked.
        Assert.Equal((93, 69, 3, 21, 96), (claims.Count, claims.Count(c => c.Status == ClaimStatus.Matches), claims.Count(c => c.Status == ClaimStatus.Contradicts),
            claims.Count(c => c.Status == ClaimStatus.Unlinked), checks.Sum(c => c.Check.Other.Count)));
        Assert.Equal((74, 72), (tabled.Count, tabled.Count(c => c.Status != ClaimStatus.Unlinked)));
        // The measures the objectives quote without a table: the pack publishes no data for them beyond this prose, so
        // their 19 figures are linked to the measure and window they speak of, and not checked.
        Assert.Equal([
            ("59.7%", "pace.compliance", "month of February 2025"), ("87.3%", "pace.compliance", "month of January 2026"),
            ("168.77", "npg.officers", "last 12 months"), ("176.41", "npg.officers", "last 12 months"),
            ("thirty-one", "npg.officers", "last 12 months against the previous 12 months"), ("199.77", "npg.officers", "last 12 months"),
            .. QuotedMeasuresTests.AprilHateCrimeClaims,
            ("81.34%", "victims-code.compliance", "last 12 months"),
        ], claims.Where(c => quoted.Contains(c.Indicator!)).Select(c => (c.Text, c.Indicator!, c.Window)));
        Assert.All(claims.Where(c => quoted.Contains(c.Indicator!)), c => Assert.Equal(ClaimStatus.Unlinked, c.Status));
    }
}

/// <summary>The sample papers (the April narrative rewritten with derived figures) contradict none of their figures.</summary>
public sealed class SampleClaimsTests
{
    public static TheoryData<string> Hosts() => new(Repo.PillarHosts);

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task The_sample_papers_narratives_agree_with_the_sample_figures(string host)
    {
        await using var db = await Stores.CreateAsync(Stores.Sqlite);
        var catalogue = CatalogueFile.Load(Repo.Catalogue(host));
        await Stores.Importer(db, catalogue).ImportPublishedAsync(db, catalogue, host);
        var paper = Papers.PaperFile.Parse(await File.ReadAllTextAsync(Repo.Path("services", host, "sample", "paper-2025-12.md")), "sample");
        var review = new NarrativeReview(catalogue).Review(paper.Narratives, await new ObservationStore(db).CalculatorAsync(catalogue, paper.Period), paper.Period);
        Assert.NotEmpty(review.Claims);
        Assert.Empty(review.Contradictions.Select(c => $"{c.Text}: {c.Rule} ({c.Sentence})"));
    }
}
