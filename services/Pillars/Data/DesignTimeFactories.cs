using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PlanServices.Pillars.Data;

/// <summary>Used only by <c>dotnet ef migrations add</c> (docs/migrations.md).</summary>
public sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqlitePillarDb>
{
    public SqlitePillarDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlitePillarDb>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Used only by <c>dotnet ef migrations add</c> (docs/migrations.md).</summary>
public sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresPillarDb>
{
    public PostgresPillarDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresPillarDb>().UseNpgsql("Host=localhost;Database=design").Options);
}

/// <summary>Used only by <c>dotnet ef migrations add</c> (docs/migrations.md).</summary>
public sealed class SqlServerDesignFactory : IDesignTimeDbContextFactory<SqlServerPillarDb>
{
    public SqlServerPillarDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerPillarDb>().UseSqlServer("Server=localhost;Database=design;Integrated Security=true;TrustServerCertificate=true").Options);
}
