using PlanServices.Pillars.Claims;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Import;
using PlanServices.Pillars.Records;
using PlanServices.Testing;

namespace PlanServices.Pillars.Tests;

/// <summary>
/// The measures the April 2026 prose quotes that no table shows (hate crime by strand, Neighbourhood Policing officers,
/// PACE and Victims' Code compliance, 101 calls), in the catalogues as objectives' <c>quotes</c>: hate crime counted from
/// crime records by strand whatever the offence, and the prose checked against data made for the test, true and false.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class QuotedMeasuresTests(PostgresServer postgres)
{
    private static readonly ReportingPeriod December2025 = new(new Month(2025, 12));

    private static SentRecord Crime(string reference, string recorded, string offence, params string[] flags) =>
        new(RecordKind.Crimes, reference, recorded, offence, flags, "Norwich", "", "", "", "");

    private static SentRecord Call(string reference, string received, int? answeredAfter) =>
        new(RecordKind.Calls, reference, received, "101", [], "Norwich", "", "", answeredAfter?.ToString() ?? "", "");

    private static Task<RecordReceipt> SendAsync(PillarDb db, Catalogue catalogue, IEnumerable<SentRecord> records) =>
        Stores.RecordImporter(db, catalogue).ImportAsync(records.Select((r, i) => ($"record {i + 1}", r)).ToAsyncEnumerable(), "test");

    private static async Task<decimal?> ValueAsync(PillarDb db, Catalogue catalogue, string indicator, Period months) =>
        (await new ObservationStore(db).CalculatorAsync(catalogue, December2025)).Value(indicator, months);

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task Hate_crime_is_counted_by_strand_whatever_the_offence_and_a_crime_no_longer_hate_may_be_revised(string provider)
    {
        var catalogue = CatalogueFile.Load(Repo.Catalogue("CohesiveCommunities"));
        await using var db = await Stores.CreateAsync(provider, postgres);
        await SendAsync(db, catalogue,
        [
            Crime("H-1", "2025-10-03", "9B", "hate-race"),                      // public order
            Crime("H-2", "2025-11-12", "8P", "hate-race", "hate-religion"),     // assault with injury: one crime, two strands
            Crime("H-3", "2025-12-30", "58A", "hate-disability", "domestic-abuse"),
        ]);
        var quarter = new Period(new Month(2025, 10), new Month(2025, 12));
        // Three crimes; race in two of them (66.7%), religion and disability in one each: the shares add up to over 100%.
        Assert.Equal(3m, await ValueAsync(db, catalogue, "hate.crimes", quarter));
        Assert.Equal(2m, await ValueAsync(db, catalogue, "hate.race", quarter));
        Assert.Equal(66.7m, Math.Round((await ValueAsync(db, catalogue, "hate.race-share", quarter))!.Value, 1));
        Assert.Equal(1m, await ValueAsync(db, catalogue, "hate.religion", quarter));

        // A burglary with no hate flag is counted by no measure here: refused, by reference and rule, and nothing written.
        var refused = await Assert.ThrowsAsync<ImportRejectedException>(() => SendAsync(db, catalogue, [Crime("N-1", "2025-11-01", "28E"), Crime("H-4", "2025-11-02", "9A", "hate-transgender")]));
        Assert.Equal("crime N-1", refused.Violations.Single().Where);
        Assert.Equal("offence 28E (Burglary - residential (home)) is in the group 'residential-burglary', which no measure of the cohesive-communities catalogue counts with the flags this crime carries; only a crime stored here already may be revised out of every measure", refused.Violations.Single().Rule);
        Assert.Equal(3m, await ValueAsync(db, catalogue, "hate.crimes", quarter));

        // H-2 reviewed and found not to be a hate crime: its revision without strands is taken, and November counts none.
        var revision = await SendAsync(db, catalogue, [Crime("H-2", "2025-11-12", "8P")]);
        Assert.Equal((1L, Period.Single(new Month(2025, 11))), (revision.Revised, revision.Changed));
        Assert.Equal(0m, await ValueAsync(db, catalogue, "hate.crimes", Period.Single(new Month(2025, 11))));
        Assert.Equal(1m, await ValueAsync(db, catalogue, "hate.race", quarter));
    }

    /// <summary>Quarters of hate crime by strand, one strand a crime: (race, sexual orientation, disability, religion, transgender).</summary>
    private static IEnumerable<SentRecord> HateCrimes(int year, int firstMonth, params int[] strands)
    {
        string[] names = ["hate-race", "hate-sexual-orientation", "hate-disability", "hate-religion", "hate-transgender"];
        var n = 0;
        for (var s = 0; s < strands.Length; s++)
            for (var i = 0; i < strands[s]; i++, n++)
                yield return Crime($"H-{year}{firstMonth:00}-{n}", new DateOnly(year, firstMonth + n % 3, 1 + n % 28).ToString("yyyy-MM-dd"), "9B", names[s]);
    }

    private static async Task<NarrativeCheck> CheckAsync(PillarDb db, Catalogue catalogue, string objective, string markdown) =>
        new ClaimChecker(catalogue, await new ObservationStore(db).CalculatorAsync(catalogue, December2025), December2025).Check(objective, markdown);

    /// <summary>The figures of the April prose's hate crime bullets: the measure and window each speaks of.</summary>
    public static readonly (string Text, string Indicator, string Window)[] AprilHateCrimeClaims =
    [
        ("215", "hate.crimes", "reporting quarter"), ("292", "hate.crimes", "previous quarter"),
        ("75%", "hate.race-share", "reporting quarter"), ("71%", "hate.race-share", "previous quarter"),
        ("10%", "hate.sexual-orientation-share", "reporting quarter"), ("11%", "hate.sexual-orientation-share", "previous quarter"),
        ("7%", "hate.disability-share", "reporting quarter"), ("9%", "hate.disability-share", "previous quarter"),
        ("4%", "hate.religion-share", "reporting quarter"), ("5%", "hate.religion-share", "previous quarter"),
        ("3%", "hate.transgender-share", "reporting quarter"), ("4%", "hate.transgender-share", "previous quarter"),
    ];

    [Fact]
    public async Task The_april_hate_crime_prose_is_checked_against_crime_records_and_a_wrong_figure_is_caught()
    {
        var catalogue = CatalogueFile.Load(Repo.Catalogue("CohesiveCommunities"));
        await using var db = await Stores.CreateAsync(Stores.Sqlite);
        // Made for the test so that the published shares round as printed: 292 in July to September 2025 (207 race = 70.9%,
        // 32 = 11.0%, 26 = 8.9%, 15 = 5.1%, 12 = 4.1%); 215 in October to December (162 = 75.3%, 22 = 10.2%, 16 = 7.4%, 9 = 4.2%, 6 = 2.8%).
        await SendAsync(db, catalogue, HateCrimes(2025, 7, 207, 32, 26, 15, 12).Concat(HateCrimes(2025, 10, 162, 22, 16, 9, 6)));
        var prose = SeedNarrative.Objectives("CohesiveCommunities")["united-against-hate"];

        var check = await CheckAsync(db, catalogue, "united-against-hate", prose);
        Assert.Equal(AprilHateCrimeClaims, check.Claims.Select(c => (c.Text, c.Indicator!, c.Window)));
        Assert.All(check.Claims, c => Assert.Equal(ClaimStatus.Matches, c.Status));

        // The same prose with three figures written wrong: each is a difference with the derived figure; nothing else is.
        var wrong = prose.Replace("215 unique", "251 unique").Replace("accounting for 75%", "accounting for 79%").Replace("Disability: 7% (9%", "Disability: 7% (6%");
        var differences = (await CheckAsync(db, catalogue, "united-against-hate", wrong)).Claims.Where(c => c.Status != ClaimStatus.Matches).ToList();
        Assert.Equal([("251", "215"), ("79%", "75.3%"), ("6%", "8.9%")], differences.Select(c => (c.Text, c.Derived!)));
        Assert.All(differences, c => Assert.Equal(ClaimStatus.Contradicts, c.Status));
    }

    [Theory]
    // Not what the quoted measures measure: never a difference.
    [InlineData("Satisfaction among victims of race hate crime was 80% this quarter.", null)]
    [InlineData("60% of race hate crimes were public order offences this quarter.", null)]
    [InlineData("The disability hate crime solved rate was 9% this quarter.", null)]
    [InlineData("Officers delivered 12 disability awareness sessions this quarter.", null)]
    [InlineData("180 victims of hate crime were offered support this quarter.", null)]
    [InlineData("Officers completed disability training this quarter, with 95% attendance.", null)]
    // What they measure, in other words: true, and wrong.
    [InlineData("There were 215 hate crimes this quarter, down from 292 in the previous quarter.", "215 ✓, 292 ✓")]
    [InlineData("Religious hate crime made up 4% of recorded hate crime this quarter.", "4% ✓")]
    [InlineData("251 hate crimes were recorded this quarter.", "251 ✗ 215")]
    [InlineData("Race hate crime accounted for 79% of all hate crime this quarter.", "79% ✗ 75.3%")]
    [InlineData("Transgender: 4% this quarter.", "4% ✗ 2.8%")]
    public async Task Hate_crime_figures_are_claims_only_when_they_are_what_a_measure_counts(string sentence, string? expected)
    {
        var catalogue = CatalogueFile.Load(Repo.Catalogue("CohesiveCommunities"));
        await using var db = await Stores.CreateAsync(Stores.Sqlite);
        await SendAsync(db, catalogue, HateCrimes(2025, 7, 207, 32, 26, 15, 12).Concat(HateCrimes(2025, 10, 162, 22, 16, 9, 6)));
        var claims = (await CheckAsync(db, catalogue, "united-against-hate", "- " + sentence)).Claims;
        Assert.Equal(expected, claims.Count == 0 ? null
            : string.Join(", ", claims.Select(c => c.Status == ClaimStatus.Matches ? $"{c.Text} ✓" : c.Status == ClaimStatus.Contradicts ? $"{c.Text} ✗ {c.Derived}" : $"{c.Text} ?")));
    }

    /// <summary>December 2025's checker of a pillar, with data for its quoted measures made for the test.</summary>
    private static async Task<(ClaimChecker Checker, PillarDb Db)> QuotedDataAsync(string host)
    {
        var catalogue = CatalogueFile.Load(Repo.Catalogue(host));
        var db = await Stores.CreateAsync(Stores.Sqlite);
        var months = Enumerable.Range(0, 12).Select(i => new Month(2025, 1).Plus(i)).ToList();
        var csv = host switch
        {
            "PreventingCrime" => string.Concat(months.Select(m => $"pace.reviews,{m},{m},100\npace.reviews-in-person,{m},{m},80\n")),
            "ReducingHarm" => string.Concat(months.Select(m => $"victims-code.rights-due,{m},{m},1000\nvictims-code.rights-met,{m},{m},800\n")),
            _ => string.Concat(months.Select(m => $"npg.officers,{m},{m},212.40\n")),
        };
        await Stores.Importer(db, catalogue).ImportAsync("indicator,from,to,value\n" + csv);
        if (host == "CohesiveCommunities") await SendAsync(db, catalogue, HateCrimes(2025, 7, 207, 32, 26, 15, 12).Concat(HateCrimes(2025, 10, 162, 22, 16, 9, 6)));
        return (new ClaimChecker(catalogue, await new ObservationStore(db).CalculatorAsync(catalogue, December2025), December2025), db);
    }

    [Theory]
    // Not the measure: arrests, meetings, reports; a target, an allocation, an establishment.
    [InlineData("CohesiveCommunities", "designated-officers", "Neighbourhood Policing officers made 220 arrests in December 2025.")]
    [InlineData("CohesiveCommunities", "designated-officers", "Neighbourhood Policing officers attended 214 community meetings this quarter.")]
    [InlineData("CohesiveCommunities", "designated-officers", "The Home Office target for Neighbourhood Policing strength in December 2025 was 220.00 FTE.")]
    [InlineData("CohesiveCommunities", "designated-officers", "Neighbourhood Policing strength was 212.40 FTE in December 2025 against an allocation of 220.00 FTE.")]
    [InlineData("CohesiveCommunities", "designated-officers", "The Neighbourhood Policing establishment was 220.00 FTE in December 2025.")]
    [InlineData("CohesiveCommunities", "designated-officers", "In December 2025 Neighbourhood Policing strength was 7.60 FTE short of the 220.00 FTE uplift target.")]
    [InlineData("CohesiveCommunities", "united-against-hate", "Stop Hate in Norfolk (SHiN) handled 198 hate crime reports this quarter.")]
    [InlineData("CohesiveCommunities", "united-against-hate", "Officers made 210 hate crime arrests this quarter.")]
    [InlineData("CohesiveCommunities", "united-against-hate", "Race hate crime accounted for 72% of hate crime arrests this quarter.")]
    [InlineData("CohesiveCommunities", "united-against-hate", "The number of hate crimes referred to partners was 209 this quarter.")]
    // Part of the force: a group of detainees, a shift, custody suites, a town, some rights, a kind of investigation.
    [InlineData("PreventingCrime", "technology", "PACE compliance for juvenile detainees was 70.0% this quarter.")]
    [InlineData("PreventingCrime", "technology", "PACE compliance on night shifts was 70.0% this quarter.")]
    [InlineData("PreventingCrime", "technology", "Wymondham PIC's PACE compliance was 70.0% this quarter.")]
    [InlineData("PreventingCrime", "technology", "PACE compliance at the Wymondham and Aylsham PICs was 70.0% this quarter.")]
    [InlineData("PreventingCrime", "technology", "At King's Lynn, PACE compliance was 70.0% this quarter.")]
    [InlineData("ReducingHarm", "victim-witness-communication", "Victims' Code compliance for Rights 1 and 6 was 75.00% this quarter.")]
    [InlineData("ReducingHarm", "victim-witness-communication", "Victims' Code compliance in domestic abuse investigations was 75.00% this quarter.")]
    [InlineData("ReducingHarm", "victim-witness-communication", "Victims' Code compliance among victims of rape was 75.00% this quarter.")]
    [InlineData("ReducingHarm", "victim-witness-communication", "Compliance with the Victims' Code right to be referred to support services was 75.00% this quarter.")]
    public async Task A_figure_that_is_not_the_forces_measure_is_never_a_difference(string host, string objective, string sentence)
    {
        var (checker, db) = await QuotedDataAsync(host);
        await using var _ = db;
        var claims = checker.Check(objective, "- " + sentence).Claims;
        Assert.True(claims.All(c => c.Status != ClaimStatus.Contradicts), string.Join("; ", claims.Select(c => $"{c.Text} {c.Indicator} {c.Window} {c.Status} {c.Derived} {c.Rule}")));
    }

    [Theory]
    [InlineData("CohesiveCommunities", "designated-officers", "Neighbourhood Policing strength stood at 220.00 FTE in December 2025.", "212.40")]
    [InlineData("CohesiveCommunities", "united-against-hate", "Officers recorded 240 hate crimes this quarter.", "215")]
    [InlineData("PreventingCrime", "technology", "PACE compliance was 70.0% this quarter.", "80.0%")]
    [InlineData("ReducingHarm", "victim-witness-communication", "Victims' Code compliance was 75.00% this quarter.", "80.00%")]
    public async Task The_same_measures_stated_wrong_for_the_force_are_differences(string host, string objective, string sentence, string derived)
    {
        var (checker, db) = await QuotedDataAsync(host);
        await using var _ = db;
        var claim = checker.Check(objective, "- " + sentence).Claims.Single();
        Assert.Equal((ClaimStatus.Contradicts, derived), (claim.Status, claim.Derived));
    }

    [Fact]
    public async Task Pace_and_victims_code_compliance_are_checked_and_a_requirement_is_never_called_a_difference()
    {
        var preventing = CatalogueFile.Load(Repo.Catalogue("PreventingCrime"));
        var reducing = CatalogueFile.Load(Repo.Catalogue("ReducingHarm"));
        var cohesive = CatalogueFile.Load(Repo.Catalogue("CohesiveCommunities"));
        var months = Enumerable.Range(0, 15).Select(i => new Month(2025, 1).Plus(i)).ToList();
        await using var pc = await Stores.CreateAsync(Stores.Sqlite);
        // Reviews of detention: 40 of 67 in person in February 2025 (59.7%), 103 of 118 in January 2026 (87.3%), 80 of 100 otherwise.
        await Stores.Importer(pc, preventing).ImportAsync("indicator,from,to,value\n" + string.Concat(months.Select(m =>
            $"pace.reviews,{m},{m},{(m == new Month(2025, 2) ? 67 : m == new Month(2026, 1) ? 118 : 100)}\n" +
            $"pace.reviews-in-person,{m},{m},{(m == new Month(2025, 2) ? 40 : m == new Month(2026, 1) ? 103 : 80)}\n")));
        var technology = await CheckAsync(pc, preventing, "technology", SeedNarrative.Objectives("PreventingCrime")["technology"]);
        Assert.Equal([("59.7%", "month of February 2025", ClaimStatus.Matches), ("87.3%", "month of January 2026", ClaimStatus.Unlinked)],
            technology.Claims.Select(c => (c.Text, c.Window, c.Status)));
        // January 2026 is after the paper's quarter: the paper's figures end with December 2025.
        Assert.StartsWith("no stored figure", technology.Claims[1].Rule);
        var wrong = await CheckAsync(pc, preventing, "technology", "- Compliance with the PACE requirement was 65.0% in February 2025.");
        Assert.Equal(("65.0%", ClaimStatus.Contradicts, "59.7%"), wrong.Claims.Select(c => (c.Text, c.Status, c.Derived!)).Single());
        // A figure of one custody suite or one district is not the force's: not checked, never a difference.
        foreach (var part in new[] { "PACE compliance at Wymondham PIC was 65.0% in February 2025.", "In Norwich, PACE compliance was 65.0% in February 2025." })
            Assert.Equal(ClaimStatus.Unlinked, (await CheckAsync(pc, preventing, "technology", "- " + part)).Claims.Single().Status);

        await using var rh = await Stores.CreateAsync(Stores.Sqlite);
        // Victims' Code rights 1 to 7 in 2025: 9,761 of 12,000 met, 81.34%.
        await Stores.Importer(rh, reducing).ImportAsync("indicator,from,to,value\n" + string.Concat(months.Take(12).Select((m, i) =>
            $"victims-code.rights-due,{m},{m},1000\nvictims-code.rights-met,{m},{m},{(i == 0 ? 763 : 818)}\n")));
        var victims = await CheckAsync(rh, reducing, "victim-witness-communication", SeedNarrative.Objectives("ReducingHarm")["victim-witness-communication"]);
        Assert.Equal(("81.34%", "victims-code.compliance", ClaimStatus.Matches), victims.Claims.Select(c => (c.Text, c.Indicator!, c.Status)).Single());
        var right = await CheckAsync(rh, reducing, "victim-witness-communication", "- Victims' Code compliance for Right 6 was 70.00% in 2025.");
        Assert.Equal(ClaimStatus.Unlinked, right.Claims.Single().Status);

        // Neighbourhood Policing officers at 205.5 FTE all year: the baseline, the required uplift and the figure to reach
        // are linked to the measure, and none is called a difference.
        await using var cc = await Stores.CreateAsync(Stores.Sqlite);
        await Stores.Importer(cc, cohesive).ImportAsync("indicator,from,to,value\n" + string.Concat(months.Select(m => $"npg.officers,{m},{m},205.5\n")));
        var officers = await CheckAsync(cc, cohesive, "designated-officers", SeedNarrative.Objectives("CohesiveCommunities")["designated-officers"]);
        Assert.Equal(["168.77", "176.41", "thirty-one", "199.77"], officers.Claims.Select(c => c.Text));
        Assert.All(officers.Claims, c => Assert.Equal(("npg.officers", false), (c.Indicator, c.Status == ClaimStatus.Contradicts)));
    }

    [Theory]
    [InlineData("By June 2026 the Constabulary must raise Neighbourhood Policing strength to 230.00 FTE.")]
    [InlineData("Neighbourhood Policing strength was planned to reach 230.00 FTE in June 2026.")]
    [InlineData("Neighbourhood Policing strength is expected to be 230.00 FTE in June 2026.")]
    [InlineData("The Constabulary needs to recruit 18 officers, and reach 230.00 FTE of Neighbourhood Policing strength by June 2026.")]
    [InlineData("A Neighbourhood Policing strength of 230.00 FTE is needed in June 2026.")]
    [InlineData("Neighbourhood Policing strength of 230.00 FTE is the goal for June 2026.")]
    public async Task A_figure_required_planned_or_expected_is_not_checked_as_a_fact(string sentence)
    {
        var cohesive = CatalogueFile.Load(Repo.Catalogue("CohesiveCommunities"));
        await using var cc = await Stores.CreateAsync(Stores.Sqlite);
        await Stores.Importer(cc, cohesive).ImportAsync("indicator,from,to,value\nnpg.officers,2026-06,2026-06,212.40\n");
        var period = new ReportingPeriod(new Month(2026, 6));
        var checker = new ClaimChecker(cohesive, await new ObservationStore(cc).CalculatorAsync(cohesive, period), period);
        var claim = checker.Check("designated-officers", "- " + sentence).Claims.Single(c => c.Text == "230.00");
        Assert.Equal(("npg.officers", ClaimStatus.Unlinked), (claim.Indicator, claim.Status));
        // The same figure stated as a fact is a difference, after a plan in a sentence of its own too.
        foreach (var stated in new[] { "Neighbourhood Policing strength stood at 230.00 FTE in June 2026.", "Recruitment will continue. Neighbourhood Policing strength stood at 230.00 FTE in June 2026." })
        {
            var fact = checker.Check("designated-officers", "- " + stated).Claims.Single(c => c.Text == "230.00");
            Assert.Equal((ClaimStatus.Contradicts, "212.40"), (fact.Status, fact.Derived));
        }
    }

    [Fact]
    public async Task Calls_to_101_are_counted_from_call_records_and_checked_in_other_words_on_another_quarter()
    {
        var reducing = CatalogueFile.Load(Repo.Catalogue("ReducingHarm"));
        await using var db = await Stores.CreateAsync(Stores.Sqlite);
        // April to June 2026: 40 calls a month; in June 10 abandoned (25.0%), the rest answered after 150 seconds (2 min 30 s).
        var calls = Enumerable.Range(0, 120).Select(i =>
        {
            var month = 4 + i / 40;
            var abandoned = month == 6 && i % 40 < 10 || month != 6 && i % 40 < 4;
            return Call($"C-{i}", $"2026-{month:00}-{1 + i % 28:00}", abandoned ? null : month == 6 ? 150 : 100);
        });
        await SendAsync(db, reducing, calls);
        var period = new ReportingPeriod(new Month(2026, 6));
        var checker = new ClaimChecker(reducing, await new ObservationStore(db).CalculatorAsync(reducing, period), period);

        // Quarter: 120 calls, 18 abandoned (15.0%); June 25.0%, mean answer time 150 seconds; May 10.0%.
        var right = checker.Check("emergency-response", """
            - There were 120 101 calls this quarter.
            - 18 101 calls were abandoned over the quarter.
            - In June 2026 the 101 abandonment rate rose to 25.0%, from 10.0% in May.
            - The mean time to answer 101 calls was 150 seconds in June 2026.
            """).Claims;
        Assert.Equal([("120", "calls-101.total"), ("18", "calls-101.abandoned"), ("25.0%", "calls-101.abandoned-rate"), ("10.0%", "calls-101.abandoned-rate"), ("150", "calls-101.mean-answer-time")],
            right.Select(c => (c.Text, c.Indicator!)));
        Assert.All(right, c => Assert.Equal(ClaimStatus.Matches, c.Status));

        var wrong = checker.Check("emergency-response", """
            - In June 2026 the 101 abandonment rate rose to 21.0%, from 10.0% in May.
            - The mean time to answer 101 calls was 110 seconds in June 2026.
            - Average time to answer 101 calls was 110 seconds in June 2026.
            - The 101 answer time fell in June 2026.
            """).Claims.Where(c => c.Status != ClaimStatus.Matches);
        // "The 101 answer time": 101 is the line, not a figure.
        Assert.Equal([("21.0%", ClaimStatus.Contradicts, "25.0%"), ("110", ClaimStatus.Contradicts, "150.00"), ("110", ClaimStatus.Contradicts, "150.00")],
            wrong.Select(c => (c.Text, c.Status, c.Derived!)));
    }
}
