using Microsoft.EntityFrameworkCore;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Import;
using PlanServices.Testing;

namespace PlanServices.Pillars.Tests;

/// <summary>The analysts' import and the store, on SQLite and on a real PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ImportTests(PostgresServer postgres)
{
    private static readonly Catalogue ReducingHarm = CatalogueFile.Load(Repo.Catalogue("ReducingHarm"));

    private async Task<(PillarDb Db, ObservationImporter Importer)> StoreAsync(string provider)
    {
        var db = await Stores.CreateAsync(provider, postgres);
        return (db, Stores.Importer(db, ReducingHarm));
    }

    private static string Csv(params string[] rows) => string.Join('\n', ["indicator,from,to,value", .. rows]);

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task Reimporting_the_same_file_changes_nothing(string provider)
    {
        var (db, importer) = await StoreAsync(provider);
        await using var _ = db;
        var first = await importer.ImportFileAsync(Repo.Sample("ReducingHarm"));
        var second = await importer.ImportFileAsync(Repo.Sample("ReducingHarm"));

        Assert.Equal(first.Rows, first.Added);
        Assert.Equal((0, 0, first.Rows), (second.Added, second.Revised, second.Unchanged));
        Assert.Equal(1, await db.Imports.CountAsync());
        Assert.Equal(first.Rows, await db.Observations.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task The_pack_tables_are_the_same_on_either_database(string provider)
    {
        await using var db = await Stores.CreateAsync(provider, postgres);
        await using var reference = await Stores.CreateAsync(Stores.Sqlite);
        foreach (var host in Repo.PillarHosts)
        {
            var tables = await Stores.SampleTablesAsync(db, host);
            var expected = await Stores.SampleTablesAsync(reference, host);
            Assert.Equal(
                expected.SelectMany(t => t.Rows).SelectMany(r => r.Cells).Select(c => c.Text),
                tables.SelectMany(t => t.Rows).SelectMany(r => r.Cells).Select(c => c.Text));
        }
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task A_new_value_for_a_stored_period_is_a_revision_that_keeps_the_old_value(string provider)
    {
        var (db, importer) = await StoreAsync(provider);
        await using var _ = db;
        await importer.ImportAsync(Csv("soc.ocg-disruptions,2024-01,2024-12,97"));
        var result = await importer.ImportAsync(Csv("soc.ocg-disruptions,2024-01,2024-12,99"), "corrected.csv");

        Assert.Equal((0, 1), (result.Added, result.Revised));
        var observation = await db.Observations.SingleAsync();
        Assert.Equal(99, observation.Value);
        var revision = await db.Revisions.SingleAsync();
        Assert.Equal((97m, 99m, observation.Id), (revision.OldValue, revision.NewValue, revision.ObservationId));
        Assert.Equal("corrected.csv", (await db.Imports.SingleAsync(i => i.Id == revision.ImportId)).Source);
    }

    public static TheoryData<string, string, string> BadFiles() => new()
    {
        { "soc.ocg-disruptions,2025-01,2025-12,10\nsoc.unknown,2025-01,2025-12,5", "line 4: indicator 'soc.unknown' is not in the reducing-harm catalogue", "unknown indicator" },
        { "calls.under-10s-rate,2025-01,2025-01,90", "line 3: indicator 'calls.under-10s-rate' is derived (calls.under-10s / calls.total); import its parts, or give a window's value with kind 'reported'", "derived indicator" },
        { "calls.total,2025-01,2025-01,-5", "line 3: value -5 is negative; count cannot be below zero", "negative count" },
        { "calls.total,2025-01,2025-01,12.5", "line 3: value 12.5 is not a whole number; 'calls.total' is a count", "fractional count" },
        { "calls.total,2025-01-15,2025-01,5", "line 3: from '2025-01-15' is not a whole month (YYYY-MM)", "not a whole month" },
        { "calls.total,2025-03,2025-01,5", "line 3: to 2025-01 is before from 2025-03", "reversed period" },
        { "calls.total,2025-01,2025-01,7,777", "line 3: expected 4 fields (indicator,from,to,value), found 5", "thousands separator splits the row" },
        { "calls.total,2025-01,2025-01,100\ncalls.under-10s,2025-01,2025-01,101", "line 4: calls.under-10s 2025-01 is 101, above calls.total (100); the numerator of 'calls.under-10s-rate' cannot exceed its denominator", "numerator above denominator" },
        { "calls.total,2025-01,2025-03,300\ncalls.total,2025-03,2025-03,100", "line 4: calls.total 2025-03 overlaps line 3 (2025-01..2025-03); periods of one indicator may not overlap", "overlapping periods" },
        { "calls.total,2025-01,2025-01,100\ncalls.total,2025-01,2025-01,101", "line 4: duplicates line 3 (calls.total 2025-01) with a different value (101 vs 100)", "duplicate with a different value" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_file_with_a_bad_row_is_rejected_whole_naming_the_line_and_rule(string rows, string error, string rule)
    {
        var (db, importer) = await StoreAsync(Stores.Sqlite);
        await using var _ = db;
        var csv = Csv("soc.disruptions,2025-01,2025-01,35", rows); // a good row on line 2, the bad ones from line 3
        var rejected = await Assert.ThrowsAsync<ImportRejectedException>(() => importer.ImportAsync(csv));

        Assert.Contains(error, rejected.Errors);
        Assert.False(string.IsNullOrEmpty(rule));
        Assert.Equal(0, await db.Observations.CountAsync());
        Assert.Equal(0, await db.Imports.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task A_period_overlapping_a_stored_one_is_rejected_naming_both(string provider)
    {
        var (db, importer) = await StoreAsync(provider);
        await using var _ = db;
        await importer.ImportAsync(Csv("soc.disruptions,2024-01,2024-12,412"));
        var rejected = await Assert.ThrowsAsync<ImportRejectedException>(() =>
            importer.ImportAsync(Csv("soc.disruptions,2024-06,2024-06,46", "soc.disruptions,2025-01,2025-01,35")));

        Assert.Equal(["line 2: soc.disruptions 2024-06 overlaps the stored observation 2024-01..2024-12 (2024-01..2024-12); periods of one indicator may not overlap"],
            rejected.Errors);
        Assert.Equal(1, await db.Observations.CountAsync());
    }

    [Fact]
    public async Task Every_bad_row_is_reported_not_only_the_first()
    {
        var (db, importer) = await StoreAsync(Stores.Sqlite);
        await using var _ = db;
        var rejected = await Assert.ThrowsAsync<ImportRejectedException>(() =>
            importer.ImportAsync(Csv("nope,2025-01,2025-01,1", "calls.total,2025-01,2025-01,-1", "calls.total,x,2025-01,1")));
        Assert.Equal(3, rejected.Errors.Count);
        Assert.Contains("nothing was imported (3 errors)", rejected.Message);
    }

    [Fact]
    public async Task A_file_without_the_header_is_rejected()
    {
        var (db, importer) = await StoreAsync(Stores.Sqlite);
        await using var _ = db;
        var rejected = await Assert.ThrowsAsync<ImportRejectedException>(() => importer.ImportAsync("calls.total,2025-01,2025-01,5"));
        Assert.Contains("line 1: the header must be 'indicator,from,to,value' or 'indicator,from,to,value,kind'", rejected.Errors);
    }

    private static readonly Catalogue AnnualReport = CatalogueFile.Load(Repo.Path("docs", "examples", "annual-report", "catalogue.yaml"));

    [Fact]
    public async Task A_time_is_its_seconds_for_an_indicator_printed_as_a_clock_and_refused_naming_the_seconds_for_any_other()
    {
        await using var db = await Stores.CreateAsync(Stores.Sqlite);
        var result = await Stores.Importer(db, AnnualReport).ImportAsync(
            "indicator,from,to,value,kind\nattendance.median,2025-04,2026-03,101:05:09,reported\nattendance.median,2024-04,2025-03,00:07:31,reported\n");
        Assert.Equal(2, result.Added);
        Assert.Equal([451m, 363_909m], await db.Observations.OrderBy(o => o.Value).Select(o => o.Value).ToListAsync());

        var (other, importer) = await StoreAsync(Stores.Sqlite);
        await using var _ = other;
        var rejected = await Assert.ThrowsAsync<ImportRejectedException>(() => importer.ImportAsync(Csv(
            "calls.answer-seconds,2025-01,2025-01,00:07:31", "calls.total,2025-01,2025-01,7:31")));
        Assert.Equal([
            "line 2: value '00:07:31' is a time (HH:MM:SS), but 'calls.answer-seconds' is a count written as a plain number in its own unit (only an indicator printed as a clock takes a time): for seconds, write 451",
            "line 3: value '7:31' is not a number (use a dot for decimals and no thousands separators)",
        ], rejected.Errors);
        var clockHint = await Assert.ThrowsAsync<ImportRejectedException>(() => Stores.Importer(db, AnnualReport).ImportAsync(
            "indicator,from,to,value,kind\nattendance.median,2023-04,2024-03,7:31,reported\n"));
        Assert.Equal(["line 2: value '7:31' is not a number (use a dot for decimals and no thousands separators, or a time as hours, minutes and seconds: 00:07:31)"],
            clockHint.Errors);
        Assert.Equal(0, await other.Observations.CountAsync());
    }

    [Fact]
    public async Task A_time_typed_in_excel_is_read_as_its_seconds()
    {
        await using var db = await Stores.CreateAsync(Stores.Sqlite);
        var workbook = ImportFiguresTests.Workbook(["indicator", "from", "to", "value", "kind"],
            ["attendance.median", "2025-04", "2026-03", new TimeSpan(101, 5, 9), "reported"]);
        await Stores.Importer(db, AnnualReport).ImportFileAsync("times.xlsx", workbook, "times.xlsx", dryRun: false);
        Assert.Equal(363_909m, (await db.Observations.SingleAsync()).Value);
    }

    public static TheoryData<string, byte[], string> EmptyFiles() => new()
    {
        { "figures.csv", [], "the file is empty: expected the header 'indicator,from,to,value' and a row per figure" },
        { "figures.csv", "\uFEFF\r\n\r\n"u8.ToArray(), "the file is empty: expected the header 'indicator,from,to,value' and a row per figure" },
        { "figures.csv", "\uFEFFindicator,from,to,value\r\n"u8.ToArray(), "the file has a header but no rows of figures" },
        { "figures.xlsx", [], "the file is empty: expected the header 'indicator,from,to,value' and a row per figure" },
        { "figures.xlsx", ImportFiguresTests.Workbook(), "the file is empty: expected the header 'indicator,from,to,value' and a row per figure (its first sheet, 'Figures', holds nothing)" },
        { "figures.xlsx", ImportFiguresTests.Workbook(["indicator", "from", "to", "value"]), "the file has a header but no rows of figures" },
    };

    [Theory]
    [MemberData(nameof(EmptyFiles))]
    public async Task An_empty_or_header_only_file_is_refused_saying_so(string name, byte[] content, string error)
    {
        var (db, importer) = await StoreAsync(Stores.Sqlite);
        await using var _ = db;
        var rejected = await Assert.ThrowsAsync<ImportRejectedException>(() => importer.ImportFileAsync(name, content, name, dryRun: true));
        Assert.Equal([error], rejected.Errors);
    }

    [Fact]
    public async Task A_large_file_reports_its_progress_and_imports_in_one_go()
    {
        var (db, importer) = await StoreAsync(Stores.Sqlite);
        await using var _ = db;
        var rows = Enumerable.Range(0, 20_000).Select(i => $"calls.total,{new Month(300, 1).Plus(i)},{new Month(300, 1).Plus(i)},{i}");
        var stages = new List<ImportStage>();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Csv([.. rows])));
        var result = await importer.ImportAsync(stream, "big.csv", new Progress(stages));

        Assert.Equal(20_000, result.Added);
        Assert.True(stages.Count(s => s == ImportStage.Reading) >= 10);
        Assert.Equal([ImportStage.Reading, ImportStage.Checking, ImportStage.Writing, ImportStage.Done], stages.Distinct());
    }

    private sealed class Progress(List<ImportStage> stages) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => stages.Add(value.Stage);
    }
}
