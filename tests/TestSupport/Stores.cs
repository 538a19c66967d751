using Microsoft.EntityFrameworkCore;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Import;
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

    /// <summary>Imports a pillar host's figures as the April 2026 pack published them (no illustrative month among them).</summary>
    public static async Task ImportPublishedAsync(this ObservationImporter importer, string host)
    {
        foreach (var file in Repo.Published(host)) await importer.ImportFileAsync(file);
    }

    /// <summary>A pillar's paper tables for the quarter ending December 2025, from its sample file imported into <paramref name="db"/>.</summary>
    public static async Task<IReadOnlyList<Table>> SampleTablesAsync(PillarDb db, string host)
    {
        var catalogue = CatalogueFile.Load(Repo.Catalogue(host));
        await Importer(db, catalogue).ImportFileAsync(Repo.Sample(host));
        var period = new ReportingPeriod(new Month(2025, 12));
        return new PaperTables(await new ObservationStore(db).CalculatorAsync(catalogue, period)).Build(period);
    }
}
