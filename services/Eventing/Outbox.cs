using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PlanServices.Contracts.Events;

namespace PlanServices.Eventing;

/// <summary>An event waiting to be published, saved in the same transaction as the change it reports.</summary>
public sealed class OutboxRow
{
    public long Sequence { get; set; }
    public Guid EventId { get; set; }
    public required string Topic { get; set; }
    public required string Payload { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>The W3C trace context of the change that raised the event, carried into its CloudEvent.</summary>
    public string? TraceParent { get; set; }
}

/// <summary>An event this service has handled, saved in the same transaction as its effect.</summary>
public sealed class InboxRow
{
    public Guid EventId { get; set; }
    public required string Topic { get; set; }
    public DateTimeOffset ProcessedAt { get; set; }
}

public static class Outbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The outbox and inbox tables, in a service's own model.</summary>
    public static ModelBuilder AddEventTables(this ModelBuilder model)
    {
        model.Entity<OutboxRow>(e =>
        {
            e.ToTable("outbox");
            e.HasKey(o => o.Sequence);
            e.HasIndex(o => o.EventId).IsUnique();
            e.HasIndex(o => new { o.SentAt, o.NextAttemptAt });
            e.Property(o => o.Topic).HasMaxLength(100);
            e.Property(o => o.TraceParent).HasMaxLength(100);
        });
        model.Entity<InboxRow>(e =>
        {
            e.ToTable("inbox");
            e.HasKey(i => i.EventId);
            e.Property(i => i.Topic).HasMaxLength(100);
        });
        return model;
    }

    /// <summary>Queues an event; it is written by the caller's next SaveChanges, with the change it reports.</summary>
    public static void Publish(this DbContext db, string topic, IntegrationEvent integrationEvent) =>
        db.Set<OutboxRow>().Add(new OutboxRow
        {
            EventId = integrationEvent.Id, Topic = topic, OccurredAt = integrationEvent.OccurredAt, NextAttemptAt = integrationEvent.OccurredAt,
            TraceParent = System.Diagnostics.Activity.Current?.Id,
            Payload = JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), Json),
        });
}
