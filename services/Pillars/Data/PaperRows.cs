namespace PlanServices.Pillars.Data;

/// <summary>A pillar's paper for one reporting period; its content lives in its versions.</summary>
public sealed class PaperRow
{
    public long Id { get; set; }
    /// <summary>First day of the reporting quarter's last month; one paper per period.</summary>
    public DateOnly PeriodEnd { get; set; }
    public string? MeetingId { get; set; }
    public Papers.PaperStatus Status { get; set; }
    public int Version { get; set; }
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
    /// <summary>The visible note of a correction to a published paper.</summary>
    public string? CorrectionNote { get; set; }
}
