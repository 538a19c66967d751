using Microsoft.EntityFrameworkCore;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Import;
using PlanServices.Pillars.Records;
using PlanServices.Pillars.Tables;

namespace PlanServices.Testing;

/// <summary>Real stores for tests: a fresh SQLite file, or a fresh database on the test PostgreSQL server.</summary>
public static class Stores
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static readonly TheoryData<string> Providers = new() { Sqlite, Postgres };

    public static async Task<PillarDb> CreateAsync(string provider, PostgresServer? server = null)
    {
        PillarDb db = provider switch
        {
            Sqlite => new SqlitePillarDb(new DbContextOptionsBuilder<SqlitePillarDb>()
                .UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), $"pillar-{Guid.NewGuid():N}.db")};Pooling=false").Options),
            Postgres => new PostgresPillarDb(new DbContextOptionsBuilder<PostgresPillarDb>()
                .UseNpgsql(await server!.CreateDatabaseAsync()).Options),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
        await db.Database.MigrateAsync();
        return db;
    }

    public static ObservationImporter Importer(PillarDb db, Catalogue catalogue) => new(db, catalogue, TimeProvider.System);

    public static async Task<ImportResult> ImportAsync(this ObservationImporter importer, string csv, string source = "test.csv")
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv));
        return await importer.ImportAsync(stream, source);
    }

    public static async Task<ImportResult> ImportFileAsync(this ObservationImporter importer, string path)
    {
        await using var stream = File.OpenRead(path);
        return await importer.ImportAsync(stream, Path.GetFileName(path));
    }

    public static RecordImporter RecordImporter(PillarDb db, Catalogue catalogue) => new(db, catalogue, TimeProvider.System);

    /// <summary>
    /// Imports a pillar host's figures as the April 2026 pack published them (no illustrative month among them); the
    /// indicators its catalogue counts from records come as the sample records, whose sums over the published windows
    /// are the published figures.
    /// </summary>
    public static async Task ImportPublishedAsync(this ObservationImporter importer, PillarDb db, Catalogue catalogue, string host)
    {
        foreach (var file in Repo.Published(host))
        {
            var rows = File.ReadAllLines(file).Where(l => catalogue.Find(l.Split(',')[0])?.Measure is null);
            await importer.ImportAsync(string.Join('\n', rows) + "\n", Path.GetFileName(file));
        }
        if (catalogue.Indicators.Any(i => i.Measure is not null)) await ImportSampleRecordsAsync(db, catalogue, host);
    }

    /// <summary>The sample records of a host, made from its sample history (and nothing else of that file).</summary>
    public static async Task<RecordReceipt> ImportSampleRecordsAsync(PillarDb db, Catalogue catalogue, string host)
    {
        var monthly = File.ReadAllLines(Repo.Sample(host)).Select(l => l.Split(','))
            .Where(f => f.Length >= 4 && catalogue.Find(f[0])?.Measure is not null)
            .Select(f => new Observation(f[0], Period.Single(Month.Parse(f[1])), decimal.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture)));
        var records = SampleRecords.Generate(catalogue, monthly, CountingRules.Default);
        return await RecordImporter(db, catalogue).ImportAsync(records.Select((r, i) => ($"record {i + 1}", r)).ToAsyncEnumerable(), "sample records");
    }

    /// <summary>A host's sample history, as the one-command run seeds it: figures, and records for the measured indicators.</summary>
    public static Task<string> ImportSampleAsync(PillarDb db, Catalogue catalogue, string host) =>
        SampleData.ImportAsync(catalogue, Importer(db, catalogue), RecordImporter(db, catalogue), Repo.Sample(host), "sample");

    /// <summary>A pillar's paper tables for the quarter ending December 2025, from its sample file imported into <paramref name="db"/>.</summary>
    public static async Task<IReadOnlyList<Table>> SampleTablesAsync(PillarDb db, string host)
    {
        var catalogue = CatalogueFile.Load(Repo.Catalogue(host));
        await ImportSampleAsync(db, catalogue, host);
        var period = new ReportingPeriod(new Month(2025, 12));
        return new PaperTables(await new ObservationStore(db).CalculatorAsync(catalogue, period)).Build(period);
    }
}
