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

/// <summary>
/// One problem found: <see cref="Where"/> names what it concerns, a field of the request as its path
/// (<c>attendance[2].role</c>) or a row of a file (<c>line 3</c>), or is empty when the rule concerns the whole;
/// <see cref="Rule"/> says what is wrong, in words.
/// </summary>
public sealed record Violation(string Where, string Rule)
{
    public override string ToString() => Where.Length == 0 ? Rule : $"{Where}: {Rule}";
}

/// <summary>A refused domain operation; nothing was written. <see cref="Violations"/> lists every problem found.</summary>
public class RefusedException(Refusal refusal, IReadOnlyList<Violation> violations, string? heading = null)
    : Exception(Describe(violations, heading))
{
    /// <summary>How many errors a message lists; the rest are counted.</summary>
    public const int MaxListed = 50;

    public RefusedException(Refusal refusal, string where, string rule) : this(refusal, [new Violation(where, rule)]) { }

    /// <summary>A refusal of the whole request, said in one sentence.</summary>
    public RefusedException(Refusal refusal, string sentence) : this(refusal, [new Violation("", sentence)]) { }

    public Refusal Refusal { get; } = refusal;
    public IReadOnlyList<Violation> Violations { get; } = violations;
    public string? Heading { get; } = heading;

    /// <summary>Each problem as a line of text: where, then the rule.</summary>
    public IReadOnlyList<string> Errors => [.. Violations.Select(v => v.ToString())];

    /// <summary>For a terminal: the heading, then each listed error on a line of its own.</summary>
    public string Listing() =>
        string.Join(Environment.NewLine, (Heading is null ? [] : new[] { Heading + ":" })
            .Concat(Errors.Take(MaxListed).Select(e => "  " + e))
            .Concat(Errors.Count > MaxListed ? [$"  … and {Errors.Count - MaxListed:N0} more"] : []));

    /// <summary>The first <see cref="MaxListed"/> errors, "; " between them, and how many more there are.</summary>
    public static string Describe(IReadOnlyList<Violation> violations, string? heading = null)
    {
        var errors = violations.Select(v => v.ToString()).ToList();
        // Errors written as sentences are joined as sentences; terse ones ("where: rule") with "; ".
        var listed = string.Join(errors.All(e => e.EndsWith('.')) ? " " : "; ", errors.Take(MaxListed));
        var more = errors.Count > MaxListed ? $"; … and {errors.Count - MaxListed:N0} more" : "";
        return heading is null ? listed + more : $"{heading}: {listed}{more}";
    }
}
