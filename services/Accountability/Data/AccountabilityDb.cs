using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PlanServices.Eventing;

namespace PlanServices.Accountability.Data;

/// <summary>A meeting; its agenda and next scrutiny dates are kept in the document (the contract's JSON).</summary>
public sealed class MeetingRow
{
    public required string Id { get; set; }
    public DateOnly Date { get; set; }
    public required string Document { get; set; }
    /// <summary>When the OPCCN published the meeting's pack.</summary>
    public DateTimeOffset? PackPublishedAt { get; set; }
    /// <summary>When the OPCCN published the meeting's agenda: from then on the meeting is on the public side.</summary>
    public DateTimeOffset? AgendaPublishedAt { get; set; }
    public string? AgendaPublishedBy { get; set; }
}

/// <summary>A question a member of the public put to a meeting, and the OPCCN's decision on it.</summary>
public sealed class PublicQuestionRow
{
    public long Id { get; set; }
    public required string MeetingId { get; set; }
    public required string Name { get; set; }
    /// <summary>Where the decision is sent; never shown on the public side.</summary>
    public required string Email { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset AskedAt { get; set; }
    public Domain.QuestionStatus Status { get; set; }
    /// <summary>Why it was rejected, as sent to the asker.</summary>
    public string? Reason { get; set; }
    public string? ModeratedBy { get; set; }
    public DateTimeOffset? ModeratedAt { get; set; }
}

/// <summary>
/// An address that asked for the public alerts. It gets them once confirmed from the mail sent to it; the token, in
/// every mail, confirms and unsubscribes. An unsubscribed address keeps its row (when it asked, confirmed and left).
/// </summary>
public sealed class SubscriberRow
{
    /// <summary>Lower case.</summary>
    public required string Email { get; set; }
    public required string Token { get; set; }
    public DateTimeOffset AskedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? UnsubscribedAt { get; set; }
}

/// <summary>A version of a meeting's pack as it was published: never changed, never removed.</summary>
public sealed class PublishedPackRow
{
    public required string MeetingId { get; set; }
    public int Version { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public required string PublishedBy { get; set; }
    /// <summary>Why the version exists (a correction's note); empty for the first.</summary>
    public required string Note { get; set; }
}

/// <summary>One rendered file of a published pack version, with its SHA-256.</summary>
public sealed class PublishedPackFileRow
{
    public required string MeetingId { get; set; }
    public int Version { get; set; }
    public required string Format { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public required string Sha256 { get; set; }
}

/// <summary>
/// A passage of a published pack version for full-text search, written with the version. Each provider indexes it its own
/// way (the migrations): SQLite an FTS5 table kept by triggers, PostgreSQL a generated tsvector with a GIN index.
/// </summary>
public sealed class PublishedTextRow
{
    public long Id { get; set; }
    public required string MeetingId { get; set; }
    public int Version { get; set; }
    public required string Anchor { get; set; }
    public required string Kind { get; set; }
    public required string Heading { get; set; }
    public required string Text { get; set; }
}

/// <summary>A pillar's paper for a reporting period, as its latest paper-status-changed event reported it.</summary>
public sealed class ReadinessRow
{
    public required string Pillar { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public required string Status { get; set; }
    public int Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>What made this version (Submitted, FiguresRevised...), when the pillar said.</summary>
    public string? Change { get; set; }
}

/// <summary>The minutes of a meeting, as a document, and whether and where they were confirmed.</summary>
public sealed class MinutesRow
{
    public required string MeetingId { get; set; }
    public required string Document { get; set; }
    public string? ConfirmedAtMeetingId { get; set; }
    public int Revision { get; set; }
}

public sealed class ActionRow
{
    public int Number { get; set; }
    public required string RaisedAtMeetingId { get; set; }
    public DateOnly DateRaised { get; set; }
    public required string Description { get; set; }
    public required string Owner { get; set; }
    public Domain.ActionState Status { get; set; }
    /// <summary>When the owner is to answer by; none for an action recorded without one.</summary>
    public DateOnly? DueDate { get; set; }
}

/// <summary>One entry of an action's history: never changed, never removed.</summary>
public sealed class ActionUpdateRow
{
    public long Id { get; set; }
    public int ActionNumber { get; set; }
    public DateTimeOffset At { get; set; }
    public string? MeetingId { get; set; }
    public required string Text { get; set; }
    public Domain.ActionState Status { get; set; }
    public required string Author { get; set; }
}

/// <summary>
/// An email to one person about one thing that happened, written in the same transaction as the change or event that
/// caused it, and sent by the mail sender until the server accepts it.
/// </summary>
public sealed class NotificationRow
{
    public long Id { get; set; }
    /// <summary>The mail's Message-Id, derived from what happened and to whom: the same mail is never recorded twice.</summary>
    public required string MessageId { get; set; }
    public required string Kind { get; set; }
    public required string ToName { get; set; }
    public required string ToEmail { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>When the server refused the mail for good (a 5xx reply): it is not tried again.</summary>
    public DateTimeOffset? RefusedAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>A public alert's one-click unsubscribe address (RFC 8058); none for the suite's own people.</summary>
    public string? Unsubscribe { get; set; }
}

/// <summary>A person's own choice for one kind of notification (made in the web application); it wins over the settings.</summary>
public sealed class NotificationChoiceRow
{
    /// <summary>The person's address, lower case.</summary>
    public required string Email { get; set; }
    public required string Kind { get; set; }
    public bool On { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>
/// One entry of the audit log: who did what to what, and when. Written by Accountability as it publishes, and from the
/// pillars' events (imports, papers submitted, approved, returned, published, corrected); never changed.
/// </summary>
public sealed class AuditRow
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Who { get; set; }
    public required string Action { get; set; }
    public required string Subject { get; set; }
    public string Detail { get; set; } = "";
}

/// <summary>The OPCCN's database. One model, a migrations set per provider.</summary>
public abstract class AccountabilityDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<MeetingRow> Meetings => Set<MeetingRow>();
    public DbSet<MinutesRow> Minutes => Set<MinutesRow>();
    public DbSet<ActionRow> Actions => Set<ActionRow>();
    public DbSet<ActionUpdateRow> ActionUpdates => Set<ActionUpdateRow>();
    public DbSet<ReadinessRow> Readiness => Set<ReadinessRow>();
    public DbSet<PublishedPackRow> PublishedPacks => Set<PublishedPackRow>();
    public DbSet<PublishedPackFileRow> PublishedPackFiles => Set<PublishedPackFileRow>();
    public DbSet<NotificationRow> Notifications => Set<NotificationRow>();
    public DbSet<NotificationChoiceRow> NotificationChoices => Set<NotificationChoiceRow>();
    public DbSet<PublicQuestionRow> PublicQuestions => Set<PublicQuestionRow>();
    public DbSet<SubscriberRow> Subscribers => Set<SubscriberRow>();
    public DbSet<PublishedTextRow> PublishedTexts => Set<PublishedTextRow>();
    public DbSet<AuditRow> Audit => Set<AuditRow>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<AuditRow>(e =>
        {
            e.ToTable("audit");
            e.Property(a => a.Who).HasMaxLength(400);
            e.Property(a => a.Action).HasMaxLength(40);
            e.Property(a => a.Subject).HasMaxLength(400);
            e.Property(a => a.Detail).HasMaxLength(2000);
            e.HasIndex(a => a.At);
        });
        model.Entity<MeetingRow>(e =>
        {
            e.ToTable("meetings");
            e.Property(m => m.Id).HasMaxLength(64);
            e.Property(m => m.AgendaPublishedBy).HasMaxLength(200);
        });
        model.Entity<MinutesRow>(e =>
        {
            e.ToTable("minutes");
            e.HasKey(m => m.MeetingId);
            e.HasOne<MeetingRow>().WithOne().HasForeignKey<MinutesRow>(m => m.MeetingId);
            e.HasOne<MeetingRow>().WithMany().HasForeignKey(m => m.ConfirmedAtMeetingId);
            e.Property(m => m.Revision).IsConcurrencyToken();
        });
        model.Entity<ActionRow>(e =>
        {
            e.ToTable("actions");
            e.HasKey(a => a.Number);
            e.Property(a => a.Number).ValueGeneratedNever();
            e.HasOne<MeetingRow>().WithMany().HasForeignKey(a => a.RaisedAtMeetingId);
            e.Property(a => a.Owner).HasMaxLength(40);
            e.Property(a => a.Status).HasConversion<string>().HasMaxLength(10);
            e.HasIndex(a => new { a.Owner, a.Status });
        });
        model.Entity<ActionUpdateRow>(e =>
        {
            e.ToTable("action_updates");
            e.HasOne<ActionRow>().WithMany().HasForeignKey(u => u.ActionNumber);
            e.HasOne<MeetingRow>().WithMany().HasForeignKey(u => u.MeetingId);
            e.Property(u => u.Status).HasConversion<string>().HasMaxLength(10);
            e.Property(u => u.Author).HasMaxLength(200);
        });
        model.Entity<PublishedTextRow>(e =>
        {
            e.ToTable("published_text");
            e.HasOne<PublishedPackRow>().WithMany().HasForeignKey(t => new { t.MeetingId, t.Version });
            e.Property(t => t.Id).HasColumnName("id");
            e.Property(t => t.MeetingId).HasColumnName("meeting_id");
            e.Property(t => t.Version).HasColumnName("version");
            e.Property(t => t.Anchor).HasColumnName("anchor").HasMaxLength(100);
            e.Property(t => t.Kind).HasColumnName("kind").HasMaxLength(20);
            e.Property(t => t.Heading).HasColumnName("heading").HasMaxLength(400);
            e.Property(t => t.Text).HasColumnName("text");
        });
        model.Entity<ReadinessRow>(e =>
        {
            e.ToTable("paper_readiness");
            e.HasKey(r => new { r.Pillar, r.PeriodEnd });
            e.Property(r => r.Pillar).HasMaxLength(40);
            e.Property(r => r.Status).HasMaxLength(20);
        });
        model.Entity<PublishedPackRow>(e =>
        {
            e.ToTable("published_packs");
            e.HasKey(p => new { p.MeetingId, p.Version });
            e.HasOne<MeetingRow>().WithMany().HasForeignKey(p => p.MeetingId);
            e.Property(p => p.PublishedBy).HasMaxLength(200);
            e.Property(p => p.Note).HasMaxLength(20_000);
        });
        model.Entity<PublishedPackFileRow>(e =>
        {
            e.ToTable("published_pack_files");
            e.HasKey(f => new { f.MeetingId, f.Version, f.Format });
            e.HasOne<PublishedPackRow>().WithMany().HasForeignKey(f => new { f.MeetingId, f.Version });
            e.Property(f => f.Format).HasMaxLength(10);
            e.Property(f => f.ContentType).HasMaxLength(100);
            e.Property(f => f.Sha256).HasMaxLength(64);
        });
        model.Entity<NotificationRow>(e =>
        {
            e.ToTable("notifications");
            e.HasIndex(n => n.MessageId).IsUnique();
            e.HasIndex(n => new { n.SentAt, n.NextAttemptAt });
            e.Property(n => n.MessageId).HasMaxLength(500);
            e.Property(n => n.Kind).HasMaxLength(40);
            e.Property(n => n.ToName).HasMaxLength(200);
            e.Property(n => n.ToEmail).HasMaxLength(254);
            e.Property(n => n.Subject).HasMaxLength(400);
            e.Property(n => n.LastError).HasMaxLength(500);
            e.Property(n => n.Unsubscribe).HasMaxLength(500);
        });
        model.Entity<PublicQuestionRow>(e =>
        {
            e.ToTable("public_questions");
            e.HasOne<MeetingRow>().WithMany().HasForeignKey(q => q.MeetingId);
            e.HasIndex(q => new { q.MeetingId, q.Status });
            e.Property(q => q.Name).HasMaxLength(200);
            e.Property(q => q.Email).HasMaxLength(254);
            e.Property(q => q.Text).HasMaxLength(4000);
            e.Property(q => q.Status).HasConversion<string>().HasMaxLength(10);
            e.Property(q => q.Reason).HasMaxLength(4000);
            e.Property(q => q.ModeratedBy).HasMaxLength(200);
        });
        model.Entity<SubscriberRow>(e =>
        {
            e.ToTable("subscribers");
            e.HasKey(s => s.Email);
            e.Property(s => s.Email).HasMaxLength(254);
            e.Property(s => s.Token).HasMaxLength(64);
            e.HasIndex(s => s.Token).IsUnique();
        });
        model.Entity<NotificationChoiceRow>(e =>
        {
            e.ToTable("notification_choices");
            e.HasKey(c => new { c.Email, c.Kind });
            e.Property(c => c.Email).HasMaxLength(254);
            e.Property(c => c.Kind).HasMaxLength(40);
        });
        model.AddEventTables();
    }
}

public sealed class SqliteAccountabilityDb(DbContextOptions<SqliteAccountabilityDb> options) : AccountabilityDb(options);

public sealed class PostgresAccountabilityDb(DbContextOptions<PostgresAccountabilityDb> options) : AccountabilityDb(options);

public sealed class SqlServerAccountabilityDb(DbContextOptions<SqlServerAccountabilityDb> options) : AccountabilityDb(options);

/// <summary>Used only by <c>dotnet ef migrations add</c> (docs/migrations.md).</summary>
public sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteAccountabilityDb>
{
    public SqliteAccountabilityDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAccountabilityDb>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Used only by <c>dotnet ef migrations add</c> (docs/migrations.md).</summary>
public sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresAccountabilityDb>
{
    public PostgresAccountabilityDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAccountabilityDb>().UseNpgsql("Host=localhost;Database=design").Options);
}

/// <summary>Used only by <c>dotnet ef migrations add</c> (docs/migrations.md).</summary>
public sealed class SqlServerDesignFactory : IDesignTimeDbContextFactory<SqlServerAccountabilityDb>
{
    public SqlServerAccountabilityDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerAccountabilityDb>().UseSqlServer("Server=localhost;Database=design;Integrated Security=true;TrustServerCertificate=true").Options);
}
