namespace PlanServices.Common;

/// <summary>Why a domain operation was refused. Each transport says it its own way (a gRPC status, an HTTP status).</summary>
public enum Refusal
{
    /// <summary>The input breaks a rule; every error names its field or row.</summary>
    Invalid,
    NotFound,
    AlreadyExists,
    /// <summary>The thing is not in a state that allows this (a paper already published, minutes already confirmed).</summary>
    WrongState,
    /// <summary>Based on a version that is no longer the latest: read again and retry.</summary>
    Stale,
}

/// <summary>A refused domain operation; nothing was written. <see cref="Errors"/> lists every problem found.</summary>
public class RefusedException(Refusal refusal, IReadOnlyList<string> errors, string? heading = null)
    : Exception(Describe(errors, heading))
{
    /// <summary>How many errors a message lists; the rest are counted.</summary>
    public const int MaxListed = 50;

    public RefusedException(Refusal refusal, string error) : this(refusal, [error]) { }

    public Refusal Refusal { get; } = refusal;
    public IReadOnlyList<string> Errors { get; } = errors;
    public string? Heading { get; } = heading;

    /// <summary>For a terminal: the heading, then each listed error on a line of its own.</summary>
    public string Listing() =>
        string.Join(Environment.NewLine, (Heading is null ? [] : new[] { Heading + ":" })
            .Concat(Errors.Take(MaxListed).Select(e => "  " + e))
            .Concat(Errors.Count > MaxListed ? [$"  … and {Errors.Count - MaxListed:N0} more"] : []));

    /// <summary>The first <see cref="MaxListed"/> errors, "; " between them, and how many more there are.</summary>
    public static string Describe(IReadOnlyList<string> errors, string? heading = null)
    {
        // Errors written as sentences are joined as sentences; terse "field: rule" errors with "; ".
        var listed = string.Join(errors.All(e => e.EndsWith('.')) ? " " : "; ", errors.Take(MaxListed));
        var more = errors.Count > MaxListed ? $"; … and {errors.Count - MaxListed:N0} more" : "";
        return heading is null ? listed + more : $"{heading}: {listed}{more}";
    }
}
