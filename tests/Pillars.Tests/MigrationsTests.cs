using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PlanServices.Accountability.Data;
using PlanServices.Identity.Data;
using PlanServices.Pillars.Data;

namespace PlanServices.Pillars.Tests;

/// <summary>
/// Every store has a migrations set per provider that matches its model. SQL Server has no engine here (docs/migrations.md):
/// its sets are checked by generating their idempotent scripts and comparing the model; SQLite and PostgreSQL are also
/// migrated for real by the store tests.
/// </summary>
public sealed class MigrationsTests
{
    private const string SqlServer = "Server=localhost;Database=planservices;Integrated Security=true;TrustServerCertificate=true";

    public static TheoryData<string> Contexts() => new(["pillar/sqlite", "pillar/postgres", "pillar/sqlserver", "accountability/sqlite", "accountability/postgres", "accountability/sqlserver",
        "identity/sqlite", "identity/postgres", "identity/sqlserver"]);

    private static DbContext Create(string context) => context switch
    {
        "pillar/sqlite" => new SqlitePillarDb(new DbContextOptionsBuilder<SqlitePillarDb>().UseSqlite("Data Source=:memory:").Options),
        "pillar/postgres" => new PostgresPillarDb(new DbContextOptionsBuilder<PostgresPillarDb>().UseNpgsql("Host=localhost").Options),
        "pillar/sqlserver" => new SqlServerPillarDb(new DbContextOptionsBuilder<SqlServerPillarDb>().UseSqlServer(SqlServer).Options),
        "accountability/sqlite" => new SqliteAccountabilityDb(new DbContextOptionsBuilder<SqliteAccountabilityDb>().UseSqlite("Data Source=:memory:").Options),
        "accountability/postgres" => new PostgresAccountabilityDb(new DbContextOptionsBuilder<PostgresAccountabilityDb>().UseNpgsql("Host=localhost").Options),
        "accountability/sqlserver" => new SqlServerAccountabilityDb(new DbContextOptionsBuilder<SqlServerAccountabilityDb>().UseSqlServer(SqlServer).Options),
        "identity/sqlite" => new SqliteIdentityDb(new DbContextOptionsBuilder<SqliteIdentityDb>().UseSqlite("Data Source=:memory:").Options),
        "identity/postgres" => new PostgresIdentityDb(new DbContextOptionsBuilder<PostgresIdentityDb>().UseNpgsql("Host=localhost").Options),
        _ => new SqlServerIdentityDb(new DbContextOptionsBuilder<SqlServerIdentityDb>().UseSqlServer(SqlServer).Options),
    };

    [Theory]
    [MemberData(nameof(Contexts))]
    public void The_migrations_set_matches_the_model(string context)
    {
        using var db = Create(context);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"{context}: the model has changes no migration holds: add a migration (docs/migrations.md)");
    }

    [Theory]
    [InlineData("pillar/sqlserver", "observations")]
    [InlineData("accountability/sqlserver", "meetings")]
    [InlineData("identity/sqlserver", "OpenIddictApplications")]
    public void The_sql_server_set_generates_an_idempotent_script_creating_every_table(string context, string table)
    {
        using var db = Create(context);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        foreach (var migration in db.Database.GetMigrations())
            Assert.Contains($"SELECT * FROM [__EFMigrationsHistory]\n    WHERE [MigrationId] = N'{migration}'", script.ReplaceLineEndings("\n"));
        Assert.Contains($"CREATE TABLE [{table}]", script);
        foreach (var entity in db.Model.GetEntityTypes())
            Assert.Contains($"CREATE TABLE [{entity.GetTableName()}]", script);
    }
}
