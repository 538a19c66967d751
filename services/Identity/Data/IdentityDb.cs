using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PlanServices.Identity.Data;

/// <summary>A user name's failed sign-ins in a row, and until when it is locked.</summary>
public sealed class LockoutRow
{
    public required string UserName { get; set; }
    public int Failures { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
}

/// <summary>One sign-in attempt, kept for the audit log: who, when, from where, and how it ended.</summary>
public sealed class SignInRow
{
    public long Id { get; set; }
    public required string UserName { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Address { get; set; }
    /// <summary>"signed in", "wrong password", "unknown user", "locked", "signed out".</summary>
    public required string Outcome { get; set; }
}

/// <summary>The provider's store: OpenIddict's applications, authorizations and tokens, lockouts and sign-ins.</summary>
public abstract class IdentityDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<LockoutRow> Lockouts => Set<LockoutRow>();
    public DbSet<SignInRow> SignIns => Set<SignInRow>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.UseOpenIddict();
        model.Entity<LockoutRow>(e =>
        {
            e.HasKey(r => r.UserName);
            e.Property(r => r.UserName).HasMaxLength(200);
        });
        model.Entity<SignInRow>(e =>
        {
            e.Property(r => r.UserName).HasMaxLength(200);
            e.Property(r => r.Address).HasMaxLength(64);
            e.Property(r => r.Outcome).HasMaxLength(32);
            e.HasIndex(r => r.At);
        });
    }
}

public sealed class SqliteIdentityDb(DbContextOptions<SqliteIdentityDb> options) : IdentityDb(options);

public sealed class PostgresIdentityDb(DbContextOptions<PostgresIdentityDb> options) : IdentityDb(options);

public sealed class SqlServerIdentityDb(DbContextOptions<SqlServerIdentityDb> options) : IdentityDb(options);

/// <summary>Used only by <c>dotnet ef migrations add</c> (docs/migrations.md).</summary>
public sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteIdentityDb>
{
    public SqliteIdentityDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteIdentityDb>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Used only by <c>dotnet ef migrations add</c> (docs/migrations.md).</summary>
public sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresIdentityDb>
{
    public PostgresIdentityDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresIdentityDb>().UseNpgsql("Host=localhost;Database=design").Options);
}

/// <summary>Used only by <c>dotnet ef migrations add</c> (docs/migrations.md).</summary>
public sealed class SqlServerDesignFactory : IDesignTimeDbContextFactory<SqlServerIdentityDb>
{
    public SqlServerIdentityDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerIdentityDb>().UseSqlServer("Server=localhost;Database=design;Integrated Security=true;TrustServerCertificate=true").Options);
}
