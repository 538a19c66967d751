using Microsoft.EntityFrameworkCore;

namespace PlanServices.Pillars.Data;

/// <summary>One observation: an indicator's total over whole months <see cref="From"/>..<see cref="To"/>.</summary>
public sealed class ObservationRow
{
    public long Id { get; set; }
    public required string Indicator { get; set; }
    /// <summary>First day of the first month.</summary>
    public DateOnly From { get; set; }
    /// <summary>First day of the last month.</summary>
    public DateOnly To { get; set; }
    public decimal Value { get; set; }
    public long ImportId { get; set; }
}

/// <summary>One accepted import file that changed something: where it came from and what it did.</summary>
public sealed class ImportRow
{
    public long Id { get; set; }
    public required string Source { get; set; }
    public required string Sha256 { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public int Added { get; set; }
    public int Revised { get; set; }
    public int Unchanged { get; set; }
}

/// <summary>A stored value an import replaced, kept so every published figure can be traced.</summary>
public sealed class RevisionRow
{
    public long Id { get; set; }
    public long ObservationId { get; set; }
    public decimal OldValue { get; set; }
    public decimal NewValue { get; set; }
    public long ImportId { get; set; }
}

/// <summary>A pillar's own database. One model, with a migrations set per provider (Data/Migrations/&lt;Provider&gt;).</summary>
public abstract class PillarDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<ObservationRow> Observations => Set<ObservationRow>();
    public DbSet<ImportRow> Imports => Set<ImportRow>();
    public DbSet<RevisionRow> Revisions => Set<RevisionRow>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<ObservationRow>(e =>
        {
            e.ToTable("observations");
            e.Property(o => o.Indicator).HasMaxLength(100);
            e.Property(o => o.Value).HasPrecision(18, 4);
            e.HasIndex(o => new { o.Indicator, o.From, o.To }).IsUnique();
            e.HasOne<ImportRow>().WithMany().HasForeignKey(o => o.ImportId);
        });
        model.Entity<ImportRow>(e =>
        {
            e.ToTable("imports");
            e.Property(i => i.Source).HasMaxLength(400);
            e.Property(i => i.Sha256).HasMaxLength(64);
        });
        model.Entity<RevisionRow>(e =>
        {
            e.ToTable("revisions");
            e.Property(r => r.OldValue).HasPrecision(18, 4);
            e.Property(r => r.NewValue).HasPrecision(18, 4);
            e.HasOne<ObservationRow>().WithMany().HasForeignKey(r => r.ObservationId);
            e.HasOne<ImportRow>().WithMany().HasForeignKey(r => r.ImportId);
        });
    }
}

public sealed class SqlitePillarDb(DbContextOptions<SqlitePillarDb> options) : PillarDb(options);

public sealed class PostgresPillarDb(DbContextOptions<PostgresPillarDb> options) : PillarDb(options);
