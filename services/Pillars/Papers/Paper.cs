namespace PlanServices.Pillars.Papers;

/// <summary>Where a paper is in its sign-off: Draft → Submitted → Approved (by the originator) → Published.</summary>
public enum PaperStatus { Draft, Submitted, Approved, Published }

/// <summary>What a version changed.</summary>
public enum PaperChange { Opened, Edited, Submitted, Approved, Returned, Published, Corrected, FiguresRevised }

/// <summary>The cover block of a paper, as the pack prints it.</summary>
public sealed record CoverBlock(
    string Originator,
    string ReasonForSubmission,
    string SubmittedTo,
    string Subject,
    string Summary,
    string Recommendation);

/// <summary>One version of a paper: the whole paper as it stood, who changed it, when and why.</summary>
public sealed record PaperVersion(
    string PeriodEnd,
    string? MeetingId,
    int Version,
    PaperStatus Status,
    PaperChange Change,
    string Author,
    DateTimeOffset At,
    string? Reason,
    CoverBlock Cover,
    IReadOnlyDictionary<string, string> Narratives,
    IReadOnlyList<string> CorrectionNotes)
{
    /// <summary>Why a table has no data for the period, by table id: printed under the table; required before sign-off.</summary>
    public IReadOnlyDictionary<string, string> TableNotes { get; init; } = new Dictionary<string, string>();

    /// <summary>The figures of its tables that changed after the paper was last approved on them, until it is approved again.</summary>
    public IReadOnlyList<FigureRevision> FigureRevisions { get; init; } = [];
}

/// <summary>A refused paper operation; nothing was written.</summary>
public sealed class PaperException(Refusal refusal, IReadOnlyList<Violation> errors) : RefusedException(refusal, errors)
{
    public PaperException(Refusal refusal, string where, string rule) : this(refusal, [new Violation(where, rule)]) { }

    public PaperException(Refusal refusal, string sentence) : this(refusal, [new Violation("", sentence)]) { }
}
