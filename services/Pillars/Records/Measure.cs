namespace PlanServices.Pillars.Records;

/// <summary>Which date of a record places it in a month.</summary>
public enum RecordBasis
{
    /// <summary>The month a crime was recorded or a call or incident received.</summary>
    Recorded,
    /// <summary>The month a crime's outcome was assigned.</summary>
    Outcome,
}

/// <summary>
/// An indicator defined over records (docs/records.md): of the records of one kind that pass every filter, the number,
/// or the sum of their answered or attended time, in each month of the <see cref="Basis"/> date. Cancelled crimes
/// count nowhere.
/// </summary>
/// <param name="Codes">The offence codes (of the crime groups named), call lines or incident grades counted; empty: all.</param>
/// <param name="AllFlags">Flags a crime must carry, every one.</param>
/// <param name="AnyFlags">Flags of which a crime must carry at least one; none: no such filter.</param>
/// <param name="Outcomes">The outcome types counted (a named set of the counting rules, or types); null: no outcome filter.</param>
/// <param name="Valued">True: only calls answered (incidents attended); false: only those abandoned (not attended).</param>
/// <param name="SumValue">Sums the answered or attended time instead of counting.</param>
public sealed record Measure(
    RecordKind Records,
    RecordBasis Basis,
    IReadOnlyList<string> Groups,
    IReadOnlySet<string> Codes,
    CrimeFlags AllFlags,
    CrimeFlags AnyFlags,
    IReadOnlySet<string>? Outcomes,
    bool? Valued,
    bool SumValue)
{
    /// <summary>Whether a record of this kind with these facts is counted (its month aside).</summary>
    public bool Counts(string code, CrimeFlags flags, bool valued, string? outcome) =>
        (Codes.Count == 0 || Codes.Contains(code))
        && CountsFlags(flags)
        && (Valued is not { } v || v == valued)
        && (Outcomes is null || outcome is not null && Outcomes.Contains(outcome));

    /// <summary>Whether a crime carrying these flags passes the flag filters.</summary>
    public bool CountsFlags(CrimeFlags flags) =>
        (flags & AllFlags) == AllFlags && (AnyFlags == CrimeFlags.None || (flags & AnyFlags) != 0);
}
