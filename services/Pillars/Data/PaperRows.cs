namespace PlanServices.Pillars.Data;

/// <summary>A pillar's paper for one reporting period; its content lives in its versions.</summary>
public sealed class PaperRow
{
    public long Id { get; set; }
    /// <summary>First day of the reporting period's last month; one paper per period.</summary>
    public DateOnly PeriodEnd { get; set; }
    /// <summary>How many months the reporting period has: 3 for a quarter, 12 for a year.</summary>
    public int PeriodMonths { get; set; } = 3;
    public string? MeetingId { get; set; }
    public Papers.PaperStatus Status { get; set; }
    public int Version { get; set; }
    /// <summary>Set when the meeting's pack is published: from then on only corrections.</summary>
    public bool Locked { get; set; }
}

/// <summary>An action the OPCCN raised for this pillar, as last heard from Accountability.</summary>
public sealed class OpenActionRow
{
    public int Number { get; set; }
    public required string MeetingId { get; set; }
    public DateOnly DateRaised { get; set; }
    public required string Description { get; set; }
    public required string Status { get; set; }
    public string? LastUpdate { get; set; }
    /// <summary>How many entries Accountability's history had when this copy was taken: older news is ignored.</summary>
    public int HistoryLength { get; set; }
}

/// <summary>An immutable version of a paper: cover and narratives as JSON, with the change that made it.</summary>
public sealed class PaperVersionRow
{
    public long Id { get; set; }
    public long PaperId { get; set; }
    public int Version { get; set; }
    public Papers.PaperStatus Status { get; set; }
    public Papers.PaperChange Change { get; set; }
    public required string Author { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Reason { get; set; }
    public required string Cover { get; set; }
    public required string Narratives { get; set; }
    /// <summary>Why a table has no data for the period, by table id (JSON); printed under the table.</summary>
    public string TableNotes { get; set; } = "{}";
    /// <summary>The visible note of a correction to a published paper.</summary>
    public string? CorrectionNote { get; set; }
    /// <summary>An approval: every figure of the paper's tables as approved (JSON of <see cref="Papers.FigureCell"/>).</summary>
    public string? ApprovedFigures { get; set; }
    /// <summary>A revision of figures after approval: each changed figure, old and new (JSON of <see cref="Papers.FigureRevision"/>).</summary>
    public string? RevisedFigures { get; set; }
}
