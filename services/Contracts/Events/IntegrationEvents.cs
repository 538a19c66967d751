namespace PlanServices.Contracts.Events;

/// <summary>
/// The topics of the suite's pub/sub, in one place (docs/events.md has publishers, subscribers and payloads).
/// </summary>
public static class Topics
{
    public const string PubSub = "pubsub";
    public const string MeetingScheduled = "meeting-scheduled";
    public const string PaperStatusChanged = "paper-status-changed";
    public const string ActionRaised = "action-raised";
    public const string ActionUpdateSubmitted = "action-update-submitted";
    public const string ActionUpdated = "action-updated";
    public const string FiguresChanged = "figures-changed";
    public const string PackPublished = "pack-published";
    /// <summary>Where poison messages go, with the reason they could not be handled.</summary>
    public const string DeadLetter = "dead-letter";
}

/// <summary>What every integration event carries: a unique id and when it happened.</summary>
public abstract record IntegrationEvent
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public DateTimeOffset OccurredAt { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>
/// Accountability scheduled a meeting: each pillar opens its draft paper for the reporting period, its cover saying
/// "submitted to" and "originator" as the meeting asks (empty: the pillar's defaults).
/// </summary>
public sealed record MeetingScheduled(string MeetingId, string Title, DateOnly Date, string PeriodEnd) : IntegrationEvent
{
    public string PapersSubmittedTo { get; init; } = "";
    public string PapersOriginator { get; init; } = "";
}

/// <summary>
/// A pillar's paper changed status (or version): Accountability tracks the pack's readiness and tells the people concerned.
/// <see cref="Change"/> says what was done (Opened, Edited, Submitted, Approved, Returned, Published, Corrected; empty
/// from a publisher that predates it) and <see cref="Reason"/> the reason its author gave, if any (a return always has one).
/// </summary>
public sealed record PaperStatusChanged(string Pillar, string PeriodEnd, string? MeetingId, string Status, int Version, string Author) : IntegrationEvent
{
    public string Change { get; init; } = "";
    public string Reason { get; init; } = "";
}

/// <summary>Accountability raised an action; its owner pillar lists it as open.</summary>
public sealed record ActionRaised(int Number, string MeetingId, DateOnly DateRaised, string Description, string Owner) : IntegrationEvent;

/// <summary>A pillar answered one of its actions; Accountability adds it to the action log.</summary>
public sealed record ActionUpdateSubmitted(int Number, string Pillar, string Text, string Author) : IntegrationEvent;

/// <summary>Accountability recorded an update to an action (and its status); the owner pillar's copy follows.</summary>
public sealed record ActionUpdated(int Number, string Owner, string Status, string Text, int HistoryLength) : IntegrationEvent;

/// <summary>
/// A pillar's figures changed for the months from..to: cached packs covering them are stale. <see cref="Source"/> is
/// who brought them and from where ("Analyst, Reducing Harm: calls.csv"), for the audit log.
/// </summary>
public sealed record FiguresChanged(string Pillar, string From, string To) : IntegrationEvent
{
    public string Source { get; init; } = "";
    public int Added { get; init; }
    public int Revised { get; init; }
}

/// <summary>The OPCCN published a meeting's pack: the pillars lock that period's papers.</summary>
public sealed record PackPublished(string MeetingId, string PeriodEnd) : IntegrationEvent;

/// <summary>A message a subscriber could not handle (its payload as delivered), kept for people to look at.</summary>
public sealed record DeadLettered(string Topic, string Subscriber, string Reason, string Payload) : IntegrationEvent;
