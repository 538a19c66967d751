using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Import;
using PlanServices.Pillars.Records;
using PlanServices.Testing;

namespace PlanServices.Pillars.Tests;

/// <summary>
/// Figures counted from records (docs/records.md), worked by hand on a few crimes and calls, on SQLite and PostgreSQL:
/// crimes by the month recorded, solved and charged by the month of the outcome, revisions moving exactly the months they
/// touch, and the batch rule.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RecordTests(PostgresServer postgres)
{
    private static readonly Catalogue Catalogue = CatalogueFile.Parse("""
        pillar: test
        title: Test
        objectives: [{ id: o, title: O }]
        indicators:
          - { id: burglary.crimes, name: Burglaries, unit: count, measure: { records: crimes, groups: [residential-burglary] } }
          - { id: burglary.solved, name: Burglaries solved, unit: count, measure: { records: crimes, groups: [residential-burglary], outcomes: [solved] } }
          - { id: burglary.charged, name: Burglaries charged, unit: count, measure: { records: crimes, groups: [residential-burglary], outcomes: [charged] } }
          - { id: burglary.solved-rate, name: "% solved", unit: rate, numerator: burglary.solved, denominator: burglary.crimes }
          - { id: theft.crimes, name: Thefts from the person, unit: count, measure: { records: crimes, groups: [theft-from-person] } }
          - { id: hate.race, name: Racially motivated hate crimes, unit: count, measure: { records: crimes, groups: [residential-burglary, theft-from-person], flags: [hate-race] } }
          - { id: calls101.total, name: 101 calls, unit: count, measure: { records: calls, lines: ["101"] } }
          - { id: calls101.abandoned, name: 101 calls abandoned, unit: count, measure: { records: calls, lines: ["101"], answered: false } }
          - { id: calls101.answered, name: 101 calls answered, unit: count, measure: { records: calls, lines: ["101"], answered: true } }
          - { id: calls101.seconds, name: Seconds to answer 101 calls, unit: count, measure: { records: calls, lines: ["101"], sum: answered-after-seconds } }
          - { id: calls101.mean, name: Mean time to answer 101, unit: mean, comparison: absolute, numerator: calls101.seconds, denominator: calls101.answered }
          - { id: psd.cases, name: Conduct cases, unit: count }
        tables:
          - { id: t, objective: o, layout: comparison, caption: T, rows: [{ label: Burglaries, indicator: burglary.crimes }] }
        """);

    private static readonly Month Jan = new(2025, 1), Feb = new(2025, 2), Mar = new(2025, 3), Apr = new(2025, 4);

    private static SentRecord Crime(string reference, string recorded, string offence = "28E", string outcome = "", string outcomeOn = "",
        string district = "Norwich", bool cancelled = false, params string[] flags) =>
        new(RecordKind.Crimes, reference, recorded, offence, flags, district, outcome, outcomeOn, "", cancelled ? "yes" : "");

    private static SentRecord Call(string reference, string received, int? answeredAfter, string line = "101") =>
        new(RecordKind.Calls, reference, received, line, [], "", "", "", answeredAfter?.ToString() ?? "", "");

    /// <summary>Five burglaries and a theft of the first quarter of 2025, worked by hand in the assertions below.</summary>
    private static readonly SentRecord[] Quarter =
    [
        Crime("NC/25/001", "2025-01-10", "28E", "1", "2025-03-05"),               // charged in March
        Crime("NC/25/002", "2025-01-20", "28F", "8", "2025-01-25", flags: ["hate-race"]), // solved (community resolution) in January
        Crime("NC/25/003", "2025-02-02", "28G", "18", "2025-02-28"),              // no suspect: not solved
        Crime("NC/25/004", "2025-03-01", "28E", district: "Breckland"),           // open
        Crime("NC/25/005", "2025-03-15", "28E", cancelled: true),                 // no crime: counted nowhere
        Crime("NC/25/006", "2025-02-11", "39", district: "Great Yarmouth", flags: ["hate-race", "domestic-abuse"]),
        Call("C-1", "2025-01-03", 30), Call("C-2", "2025-01-04", null), Call("C-3", "2025-03-31", 90), Call("C-4", "2025-02-14", 5, "999"),
    ];

    private async Task<PillarDb> StoreAsync(string provider) => await Stores.CreateAsync(provider, postgres);

    private static Task<RecordReceipt> SendAsync(PillarDb db, IEnumerable<SentRecord> records, string source = "test") =>
        new RecordImporter(db, Catalogue, TimeProvider.System).ImportAsync(records.Select((r, i) => ($"record {i + 1}", r)).ToAsyncEnumerable(), source);

    private static async Task<Dictionary<(string, Month), decimal>> MonthsAsync(PillarDb db, int? district = null) =>
        (await RecordFigures.MonthlyAsync(db, Catalogue, new Period(new Month(2024, 12), new Month(2025, 5)), district))
            .ToDictionary(o => (o.Indicator, o.Period.From), o => o.Value);

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task Crimes_count_by_the_month_recorded_and_outcomes_by_the_month_of_the_outcome(string provider)
    {
        await using var db = await StoreAsync(provider);
        var receipt = await SendAsync(db, Quarter);
        Assert.Equal((10L, 10L, 0L, 0L, new Period(Jan, Mar)), (receipt.Received, receipt.Added, receipt.Revised, receipt.Unchanged, receipt.Changed));

        var months = await MonthsAsync(db);
        // Recorded: January 001, 002; February 003; March 004 (005 is cancelled).
        Assert.Equal([2m, 1m, 1m], new[] { Jan, Feb, Mar }.Select(m => months[("burglary.crimes", m)]));
        // Solved by outcome month: 002 in January (8), 001 in March (1); 003's outcome 18 is not in the solved set.
        Assert.Equal([1m, 0m, 1m], new[] { Jan, Feb, Mar }.Select(m => months[("burglary.solved", m)]));
        Assert.Equal([0m, 0m, 1m], new[] { Jan, Feb, Mar }.Select(m => months[("burglary.charged", m)]));
        Assert.Equal([1m, 1m, 0m], new[] { Jan, Feb, Mar }.Select(m => months[("hate.race", m)]));
        // 101 calls: January two, one abandoned; March one answered after 90 s; the 999 call counts in no 101 measure.
        Assert.Equal([2m, 0m, 1m], new[] { Jan, Feb, Mar }.Select(m => months[("calls101.total", m)]));
        Assert.Equal([1m, 0m, 0m], new[] { Jan, Feb, Mar }.Select(m => months[("calls101.abandoned", m)]));
        Assert.Equal([30m, 0m, 90m], new[] { Jan, Feb, Mar }.Select(m => months[("calls101.seconds", m)]));
        // The records cover January to March: outside those months nothing is known, not zero.
        Assert.False(months.ContainsKey(("burglary.crimes", new Month(2024, 12))));
        Assert.False(months.ContainsKey(("burglary.crimes", Apr)));

        var quarter = new ReportingPeriod(Mar);
        var figures = await new ObservationStore(db).CalculatorAsync(Catalogue, quarter);
        Assert.Equal(4m, figures.Value("burglary.crimes", quarter, Window.Period));
        Assert.Equal(50m, figures.Value("burglary.solved-rate", quarter, Window.Period)); // 2 of 4
        Assert.Equal(60m, figures.Value("calls101.mean", quarter, Window.Period));       // (30 + 90) / 2 answered

        var breckland = await MonthsAsync(db, Norfolk.District("Breckland"));
        Assert.Equal([0m, 0m, 1m], new[] { Jan, Feb, Mar }.Select(m => breckland[("burglary.crimes", m)]));
        Assert.Equal(0m, breckland[("burglary.solved", Mar)]);
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task A_later_outcome_a_reclassification_and_a_no_crime_change_exactly_the_months_they_touch(string provider)
    {
        await using var db = await StoreAsync(provider);
        await SendAsync(db, Quarter);
        var before = await MonthsAsync(db);

        // 003 is now charged in April (was 18 in February); 004 is reclassified as a theft from the person; 002 is cancelled.
        var receipt = await SendAsync(db, [
            Crime("NC/25/003", "2025-02-02", "28G", "1", "2025-04-02"),
            Crime("NC/25/004", "2025-03-01", "39", district: "Breckland"),
            Crime("NC/25/002", "2025-01-20", "28F", "8", "2025-01-25", cancelled: true, flags: ["hate-race"]),
            Crime("NC/25/001", "2025-01-10", "28E", "1", "2025-03-05"),
        ]);
        Assert.Equal((4L, 0L, 3L, 1L, new Period(Jan, Apr)), (receipt.Received, receipt.Added, receipt.Revised, receipt.Unchanged, receipt.Changed));

        var after = await MonthsAsync(db);
        var changed = after.Where(kv => before.GetValueOrDefault(kv.Key) != kv.Value).Select(kv => $"{kv.Key.Item1} {kv.Key.Item2}: {before.GetValueOrDefault(kv.Key)} → {kv.Value}").Order();
        Assert.Equal(new[]
        {
            "burglary.charged 2025-04: 0 → 1",
            "burglary.crimes 2025-01: 2 → 1",
            "burglary.crimes 2025-03: 1 → 0",
            "burglary.solved 2025-01: 1 → 0",
            "burglary.solved 2025-04: 0 → 1",
            "hate.race 2025-01: 1 → 0",
            "theft.crimes 2025-03: 0 → 1",
        }, changed);
        // The records now reach April, the month of the latest outcome: April's crimes are a known 0.
        Assert.Equal(0m, after[("burglary.crimes", Apr)]);
        await AssertCountsAreTheRecordsAsync(db);
    }

    /// <summary>The counts kept with the records are what counting the records themselves gives, cell by cell.</summary>
    private static async Task AssertCountsAreTheRecordsAsync(PillarDb db)
    {
        var live = db.Records.Where(r => !r.Cancelled);
        var recorded = await live.GroupBy(r => new { r.Kind, r.Month, r.Code, r.Flags, r.District, Valued = r.Value != null })
            .Select(g => new { g.Key, Count = (long)g.Count(), Sum = g.Sum(r => (long?)r.Value) ?? 0 }).ToListAsync();
        var outcomes = await live.Where(r => r.Outcome != null).GroupBy(r => new { r.Kind, Month = r.OutcomeMonth!.Value, r.Code, r.Flags, r.District, r.Outcome })
            .Select(g => new { g.Key, Count = (long)g.Count() }).ToListAsync();
        var expected = recorded.Select(g => $"{g.Key.Kind} Recorded {g.Key.Month} {g.Key.Code} {g.Key.Flags} {g.Key.District} {g.Key.Valued} : {g.Count} {g.Sum}")
            .Concat(outcomes.Select(g => $"{g.Key.Kind} Outcome {g.Key.Month} {g.Key.Code} {g.Key.Flags} {g.Key.District} False {g.Key.Outcome}: {g.Count} 0"));
        var counts = (await db.RecordCounts.Where(c => c.Count != 0 || c.Sum != 0).ToListAsync())
            .Select(c => $"{c.Kind} {c.Basis} {c.Month} {c.Code} {c.Flags} {c.District} {c.Valued} {c.Outcome}: {c.Count} {c.Sum}");
        Assert.Equal(expected.Order(), counts.Order());
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task The_same_records_again_change_nothing_and_leave_no_import(string provider)
    {
        await using var db = await StoreAsync(provider);
        await SendAsync(db, Quarter);
        var imports = await db.Imports.CountAsync();
        var again = await SendAsync(db, Quarter.Concat(Quarter));
        Assert.Equal((10L, 0L, 0L, 10L, (Period?)null), (again.Received, again.Added, again.Revised, again.Unchanged, again.Changed));
        Assert.Equal(imports, await db.Imports.CountAsync());
    }

    public static TheoryData<SentRecord, string> BadRecords => new()
    {
        { Crime("NC/1", "2025-01-01", "99Z"), "crime NC/1: offence '99Z' is not an offence code of the counting rules (docs/records.md)" },
        { Crime("NC/2", "2025-01-01", outcome: "23", outcomeOn: "2025-02-01"), "crime NC/2: outcome '23' is not an outcome type of the Home Office Counting Rules (1 to 22, 2A, 3A)" },
        { Crime("NC/3", "2025-03-10", outcome: "1", outcomeOn: "2025-03-09"), "crime NC/3: outcome dated 2025-03-09, before the crime was recorded (2025-03-10)" },
        { Crime("NC/4", "2025-01-01", "46"), "crime NC/4: offence 46 (Shoplifting) is in the group 'shoplifting', which no measure of the test catalogue counts; only a crime stored here already may be revised out of every measure" },
        { Crime("NC/5", "2025-01-01", outcome: "1"), "crime NC/5: outcome_on is required with an outcome" },
        { Crime("NC/6", "1 March 2025"), "crime NC/6: recorded_on '1 March 2025' is not a date (YYYY-MM-DD)" },
        { Crime("NC/7", "2025-01-01", district: "Suffolk"), "crime NC/7: district 'Suffolk' is not one of Norfolk's districts (Breckland, Broadland, Great Yarmouth, King's Lynn and West Norfolk, North Norfolk, Norwich, South Norfolk)" },
        { Crime("Jane Smith", "2025-01-01"), "record 2: reference 'Jane Smith' is not 1 to 64 letters, digits and - _ / . (a crime or call number, never a name)" },
        { Crime("NC/8", "2025-01-01", flags: ["hate-age"]), "crime NC/8: flag 'hate-age' is not one of domestic-abuse, hate-race, hate-religion, hate-sexual-orientation, hate-disability, hate-transgender" },
        { Call("C/9", "2025-01-01", -4), "call C/9: answered_after_seconds is -4; it cannot be negative" },
        { new SentRecord(RecordKind.Incidents, "I/1", "2025-01-01", "emergency", [], "", "", "", "5", ""), "incident I/1: the test catalogue measures no incidents; send these records to the priority that counts them" },
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public async Task A_record_breaking_a_rule_refuses_the_whole_batch_naming_the_record_and_the_rule(SentRecord bad, string error)
    {
        await using var db = await StoreAsync(Stores.Sqlite);
        var refused = await Assert.ThrowsAsync<ImportRejectedException>(() => SendAsync(db, [Quarter[0], bad, Quarter[1]]));
        Assert.Equal([error], refused.Errors);
        Assert.Equal(0, await db.Records.CountAsync());
        Assert.Equal(0, await db.Imports.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task A_stored_crime_reclassified_into_a_group_no_measure_counts_leaves_every_measure(string provider)
    {
        await using var db = await StoreAsync(provider);
        await SendAsync(db, Quarter);
        // NC/25/004, a March burglary, was criminal damage: the revision is taken, and March has no burglary left.
        var revision = await SendAsync(db, [Crime("NC/25/004", "2025-03-01", "58A", district: "Breckland")]);
        Assert.Equal((1L, Period.Single(Mar)), (revision.Revised, revision.Changed));
        Assert.Equal(0m, (await MonthsAsync(db))[("burglary.crimes", Mar)]);
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task The_same_reference_twice_with_different_content_is_refused_even_chunks_apart_and_nothing_is_written(string provider)
    {
        await using var db = await StoreAsync(provider);
        var filler = Enumerable.Range(0, RecordImporter.Chunk + 10).Select(i => Crime($"F/{i}", "2025-01-05"));
        var records = new[] { Crime("NC/1", "2025-01-01") }.Concat(filler).Append(Crime("NC/1", "2025-01-01", "28F"));
        var refused = await Assert.ThrowsAsync<ImportRejectedException>(() => SendAsync(db, records));
        Assert.Equal(["crime NC/1: sent twice in this batch with different content; send each record once, as it now stands"], refused.Errors);
        Assert.Equal(0, await db.Records.CountAsync());
    }

    [Fact]
    public async Task A_stored_reference_sent_unchanged_may_come_again_in_the_batch_only_unchanged_and_counts_once()
    {
        await using var db = await StoreAsync(Stores.Sqlite);
        await SendAsync(db, Quarter);
        var filler = Enumerable.Range(0, RecordImporter.Chunk + 10).Select(i => Crime($"F/{i}", "2025-01-05")).ToList();

        var again = await SendAsync(db, [Quarter[0], .. filler, Quarter[0]]);
        Assert.Equal((1L + filler.Count, 1L), (again.Received, again.Unchanged));

        var refused = await Assert.ThrowsAsync<ImportRejectedException>(() => SendAsync(db, [Quarter[0], .. filler, Crime("NC/25/001", "2025-01-10", "28F")]));
        Assert.Equal(["crime NC/25/001: sent twice in this batch with different content; send each record once, as it now stands"], refused.Errors);
    }

    [Fact]
    public async Task A_batch_of_many_bad_records_lists_the_first_fifty_and_counts_the_rest()
    {
        await using var db = await StoreAsync(Stores.Sqlite);
        var refused = await Assert.ThrowsAsync<ImportRejectedException>(() =>
            SendAsync(db, Enumerable.Range(0, 10_000).Select(i => Crime($"NC/{i}", "2025-01-01", "99Z"))));
        Assert.Equal(51, refused.Errors.Count);
        Assert.Equal("… and 9,950 more errors", refused.Errors[^1]);
        Assert.True(refused.Message.Length < 8_000, $"{refused.Message.Length} characters");
    }

    [Fact]
    public async Task Figures_for_an_indicator_counted_from_records_are_refused_and_the_catalogue_checks_its_measures()
    {
        await using var db = await StoreAsync(Stores.Sqlite);
        var refused = await Assert.ThrowsAsync<ImportRejectedException>(() =>
            new ObservationImporter(db, Catalogue, TimeProvider.System).ImportAsync("indicator,from,to,value\nburglary.crimes,2025-01,2025-01,4\npsd.cases,2025-01,2025-01,2\n"));
        Assert.Equal(["line 2: indicator 'burglary.crimes' is counted from crimes records (docs/records.md); it takes no figures: send the records"], refused.Errors);

        var wrong = Assert.Throws<CatalogueException>(() => CatalogueFile.Parse("""
            pillar: p
            title: P
            indicators:
              - { id: a, name: A, unit: count, measure: { records: crimes, groups: [burglary], outcomes: [detected] } }
              - { id: b, name: B, unit: rate, measure: { records: calls, groups: [x] } }
              - { id: c, name: C, unit: count, measure: { records: crimes, groups: [rape], outcomes: [charged], basis: recorded } }
              - { id: d, name: D, unit: count, measure: { records: crimes, outcomes: [charged] } }
            """));
        Assert.Contains("indicator 'd'.measure.groups: a crime measure names the crime groups it counts, or the flags by which it counts crimes of every group", wrong.Message);
        Assert.Contains("indicator 'c'.measure.basis: crimes with an outcome are counted in the month of the outcome", wrong.Message);
        Assert.Contains("indicator 'a'.measure.groups: 'burglary' is not a crime group of the counting rules", wrong.Message);
        Assert.Contains("indicator 'a'.measure.outcomes: 'detected' is neither an outcome set (charged, out-of-court, taken-into-consideration, solved) nor an outcome type", wrong.Message);
        Assert.Contains("indicator 'b'.measure: a measure counts or sums records, so its indicator is a count", wrong.Message);
        Assert.Contains("indicator 'b'.measure.groups, flags, outcomes and basis: only crime records have groups, flags, outcomes and basis", wrong.Message);
    }

    [Theory]
    [InlineData("sqlserver")]
    [InlineData("postgres")]
    public void A_chunks_references_are_looked_up_within_the_servers_parameter_limits(string engine)
    {
        // SQL Server takes at most 2,100 parameters, fewer than a chunk's references.
        using PillarDb db = engine == "sqlserver"
            ? new SqlServerPillarDb(new DbContextOptionsBuilder<SqlServerPillarDb>().UseSqlServer("Server=localhost;Database=planservices;TrustServerCertificate=true").Options)
            : new PostgresPillarDb(new DbContextOptionsBuilder<PostgresPillarDb>().UseNpgsql("Host=localhost").Options);
        var references = Enumerable.Range(0, RecordImporter.Chunk).Select(i => $"NC/25/{i:00000}").ToList();
        var sql = RecordImporter.Stored(db, RecordKind.Crimes, references).ToQueryString();
        // Two parameters: the kind and the references.
        Assert.Equal(["kind", "references"], Regex.Matches(sql, @"^(?:DECLARE @|-- @)(\w+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value));
        Assert.Contains(engine == "sqlserver" ? "OPENJSON(@references)" : "= ANY (@references)", sql);
    }

    [Fact]
    public void The_sample_records_count_exactly_the_sample_history_of_the_measured_indicators()
    {
        var catalogue = CatalogueFile.Load(Repo.Catalogue("PreventingCrime"));
        var history = SampleHistory.Read("PreventingCrime").Where(o => catalogue[o.Indicator].Measure is not null).ToList();
        var records = SampleRecords.Generate(catalogue, history, CountingRules.Default);
        static IEnumerable<string> Text(IEnumerable<SentRecord> all) => all.Select(r => $"{r with { Flags = [] }} {string.Join(",", r.Flags)}");
        Assert.Equal(Text(records), Text(SampleRecords.Generate(catalogue, history, CountingRules.Default)));
        var errors = new List<Violation>();
        var entries = records.Select((r, i) => RecordRules.Check(r, $"record {i}", catalogue.RecordScope, CountingRules.Default, errors)!).ToList();
        Assert.Empty(errors);
        Assert.Equal(entries.Count, entries.Select(e => e.Reference).Distinct().Count());
        foreach (var figure in history)
        {
            var measure = catalogue[figure.Indicator].Measure!;
            var counted = entries.Count(e => measure.Counts(e.Code, e.Flags, false, e.Outcome)
                && Month.Of(measure.Basis == RecordBasis.Recorded ? e.On : e.OutcomeOn ?? default) == figure.Period.From);
            Assert.True(counted == figure.Value, $"{figure.Indicator} {figure.Period}: {counted} records, history {figure.Value}");
        }
    }
}
