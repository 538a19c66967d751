using Microsoft.EntityFrameworkCore;
using PlanServices.Eventing;

namespace PlanServices.Pillars.Data;

/// <summary>
/// One figure of an indicator over whole months <see cref="From"/>..<see cref="To"/>: an observation (its total), or,
/// when <see cref="Reported"/>, the window's value as the source reported it.
/// </summary>
public sealed class ObservationRow
{
    public long Id { get; set; }
    public required string Indicator { get; set; }
    /// <summary>First day of the first month.</summary>
    public DateOnly From { get; set; }
    /// <summary>First day of the last month.</summary>
    public DateOnly To { get; set; }
    public decimal Value { get; set; }
    public bool Reported { get; set; }
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

/// <summary>
/// A record of the Constabulary's systems (docs/records.md), kind-neutral: a crime, a call or an incident, keyed by its
/// kind and reference. <see cref="Month"/> and <see cref="OutcomeMonth"/> are the months of <see cref="On"/> and
/// <see cref="OutcomeOn"/> as <see cref="Common.Month.Index"/>, stored so that counting by month is a plain GROUP BY.
/// </summary>
public sealed class RecordRow
{
    public long Id { get; set; }
    public Records.RecordKind Kind { get; set; }
    public required string Reference { get; set; }
    public DateOnly On { get; set; }
    public int Month { get; set; }
    public required string Code { get; set; }
    public Records.CrimeFlags Flags { get; set; }
    public int District { get; set; }
    public string? Outcome { get; set; }
    public DateOnly? OutcomeOn { get; set; }
    public int? OutcomeMonth { get; set; }
    public int? Value { get; set; }
    public bool Cancelled { get; set; }
    /// <summary>The import that wrote this content: the first, or the latest revision.</summary>
    public long ImportId { get; set; }
}

/// <summary>
/// How many live records (and the sum of their answered or attended time) share one month of one date basis and the
/// facts measures filter on: kept in the same transaction as the records, so that counting a paper's months reads a few
/// thousand of these, not a million records. <see cref="Outcome"/> is "" on the recorded basis.
/// </summary>
public sealed class RecordCountRow
{
    public long Id { get; set; }
    public Records.RecordKind Kind { get; set; }
    public Records.RecordBasis Basis { get; set; }
    public int Month { get; set; }
    public required string Code { get; set; }
    public Records.CrimeFlags Flags { get; set; }
    public int District { get; set; }
    public bool Valued { get; set; }
    public required string Outcome { get; set; }
    public long Count { get; set; }
    public long Sum { get; set; }
}

/// <summary>A pillar's own database. One model, with a migrations set per provider (Data/Migrations/&lt;Provider&gt;).</summary>
public abstract class PillarDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<ObservationRow> Observations => Set<ObservationRow>();
    public DbSet<ImportRow> Imports => Set<ImportRow>();
    public DbSet<RevisionRow> Revisions => Set<RevisionRow>();
    public DbSet<RecordRow> Records => Set<RecordRow>();
    public DbSet<RecordCountRow> RecordCounts => Set<RecordCountRow>();
    public DbSet<PaperRow> Papers => Set<PaperRow>();
    public DbSet<PaperVersionRow> PaperVersions => Set<PaperVersionRow>();
    public DbSet<OpenActionRow> OpenActions => Set<OpenActionRow>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<ObservationRow>(e =>
        {
            e.ToTable("observations");
            e.Property(o => o.Indicator).HasMaxLength(100);
            e.Property(o => o.Value).HasPrecision(18, 4);
            e.HasIndex(o => new { o.Indicator, o.From, o.To, o.Reported }).IsUnique();
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
        model.Entity<RecordRow>(e =>
        {
            e.ToTable("records");
            e.Property(r => r.Reference).HasMaxLength(PlanServices.Pillars.Records.RecordRules.MaxReference);
            e.Property(r => r.Code).HasMaxLength(16);
            e.Property(r => r.Outcome).HasMaxLength(3);
            e.HasIndex(r => new { r.Kind, r.Reference }).IsUnique();
            e.HasIndex(r => new { r.Kind, r.Month });
            e.HasIndex(r => new { r.Kind, r.OutcomeMonth });
            e.HasOne<ImportRow>().WithMany().HasForeignKey(r => r.ImportId);
        });
        model.Entity<RecordCountRow>(e =>
        {
            e.ToTable("record_counts");
            e.Property(c => c.Code).HasMaxLength(16);
            e.Property(c => c.Outcome).HasMaxLength(3);
            e.HasIndex(c => new { c.Kind, c.Basis, c.Month, c.Code, c.Flags, c.District, c.Valued, c.Outcome }).IsUnique();
        });
        model.Entity<PaperRow>(e =>
        {
            e.ToTable("papers");
            e.HasIndex(p => new { p.PeriodEnd, p.PeriodMonths }).IsUnique();
            e.Property(p => p.MeetingId).HasMaxLength(100);
            e.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(p => p.Version).IsConcurrencyToken();
        });
        model.Entity<PaperVersionRow>(e =>
        {
            e.ToTable("paper_versions");
            e.HasIndex(v => new { v.PaperId, v.Version }).IsUnique();
            e.HasOne<PaperRow>().WithMany().HasForeignKey(v => v.PaperId);
            e.Property(v => v.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(v => v.Change).HasConversion<string>().HasMaxLength(20);
            e.Property(v => v.Author).HasMaxLength(200);
            e.Property(v => v.Reason).HasMaxLength(2000);
            e.Property(v => v.CorrectionNote).HasMaxLength(2000);
        });
        model.Entity<OpenActionRow>(e =>
        {
            e.ToTable("open_actions");
            e.HasKey(a => a.Number);
            e.Property(a => a.Number).ValueGeneratedNever();
            e.Property(a => a.MeetingId).HasMaxLength(64);
            e.Property(a => a.Status).HasMaxLength(10);
        });
        model.AddEventTables();
    }
}

public sealed class SqlitePillarDb(DbContextOptions<SqlitePillarDb> options) : PillarDb(options);

public sealed class PostgresPillarDb(DbContextOptions<PostgresPillarDb> options) : PillarDb(options);

public sealed class SqlServerPillarDb(DbContextOptions<SqlServerPillarDb> options) : PillarDb(options)
{
    /// <summary>References compare exactly, as on the other engines (SQL Server's default collation ignores case).</summary>
    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.Entity<RecordRow>().Property(r => r.Reference).UseCollation("Latin1_General_100_BIN2");
    }
}
