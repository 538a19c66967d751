using System.Globalization;
using System.Text.RegularExpressions;

namespace PlanServices.Pillars.Records;

/// <summary>The kinds of record the Constabulary's systems send, as catalogues name them (<c>records: crimes</c>).</summary>
public enum RecordKind { Crimes, Calls, Incidents }

/// <summary>The flags a crime carries: domestic abuse and the five monitored hate-crime strands.</summary>
[Flags]
public enum CrimeFlags
{
    None = 0,
    DomesticAbuse = 1,
    HateRace = 2,
    HateReligion = 4,
    HateSexualOrientation = 8,
    HateDisability = 16,
    HateTransgender = 32,
}

/// <summary>
/// A record as stored, kind-neutral: <see cref="On"/> is a crime's recorded date or a call's or incident's received date
/// (in Norfolk); <see cref="Code"/> its offence code, call line ("999", "101") or incident grade; <see cref="Value"/> the
/// seconds to answer a call or the minutes to attend an incident (null: abandoned, not attended). Two records with equal
/// content are equal.
/// </summary>
public sealed record RecordEntry(RecordKind Kind, string Reference, DateOnly On, string Code, CrimeFlags Flags, int District,
    string? Outcome, DateOnly? OutcomeOn, int? Value, bool Cancelled);

/// <summary>A record as a caller sends it, its fields as text, checked by <see cref="RecordRules"/>.</summary>
public sealed record SentRecord(RecordKind Kind, string Reference, string On, string Code, IReadOnlyList<string> Flags,
    string District, string Outcome, string OutcomeOn, string Value, string Cancelled);

/// <summary>The names each kind's fields go by, in the contract, the files and errors.</summary>
public static class RecordNames
{
    public static readonly IReadOnlyDictionary<CrimeFlags, string> Flags = new Dictionary<CrimeFlags, string>
    {
        [CrimeFlags.DomesticAbuse] = "domestic-abuse",
        [CrimeFlags.HateRace] = "hate-race",
        [CrimeFlags.HateReligion] = "hate-religion",
        [CrimeFlags.HateSexualOrientation] = "hate-sexual-orientation",
        [CrimeFlags.HateDisability] = "hate-disability",
        [CrimeFlags.HateTransgender] = "hate-transgender",
    };

    public static readonly IReadOnlyList<string> CallLines = ["999", "101"];
    public static readonly IReadOnlyList<string> IncidentGrades = ["emergency", "priority", "scheduled", "no-deployment"];

    public static string Singular(RecordKind kind) => kind switch { RecordKind.Crimes => "crime", RecordKind.Calls => "call", _ => "incident" };
    public static string On(RecordKind kind) => kind == RecordKind.Crimes ? "recorded_on" : "received_at";
    public static string Code(RecordKind kind) => kind switch { RecordKind.Crimes => "offence", RecordKind.Calls => "line", _ => "grade" };
    public static string Value(RecordKind kind) => kind == RecordKind.Calls ? "answered_after_seconds" : "attended_after_minutes";

    public static CrimeFlags? Flag(string name) =>
        Flags.FirstOrDefault(f => string.Equals(f.Value, name.Trim(), StringComparison.OrdinalIgnoreCase)) is { Value: not null } f ? f.Key : null;
}

/// <summary>
/// What a pillar accepts: the kinds of record its catalogue measures and, of crimes, the groups its measures name and
/// the measures that count crimes of any group by their flags (<see cref="AnyGroup"/>: hate crime).
/// </summary>
public sealed record RecordScope(string Pillar, IReadOnlySet<RecordKind> Kinds, IReadOnlySet<string> CrimeGroups, IReadOnlyList<Measure> AnyGroup)
{
    /// <summary>Whether a measure of the catalogue counts a crime of this group carrying these flags.</summary>
    public bool CountsCrime(string group, CrimeFlags flags) => CrimeGroups.Contains(group) || AnyGroup.Any(m => m.CountsFlags(flags));
}

/// <summary>
/// The rules a record must keep, the same for the gRPC stream and files. Each error names the record by its kind and
/// reference (or its place, when the reference itself is wrong) and the rule broken.
/// </summary>
public static partial class RecordRules
{
    public const int MaxReference = 64;

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9\-_/.]*$")]
    private static partial Regex ReferencePattern();

    public static RecordEntry? Check(SentRecord sent, string place, RecordScope scope, CountingRules rules, List<Violation> errors)
    {
        var before = errors.Count;
        var kind = sent.Kind;
        var reference = sent.Reference.Trim();
        var referenceOk = reference.Length is > 0 and <= MaxReference && ReferencePattern().IsMatch(reference);
        var where = referenceOk ? $"{RecordNames.Singular(kind)} {reference}" : place;
        void Fail(string rule) => errors.Add(new(where, rule));

        if (!referenceOk)
            Fail(reference.Length == 0 ? "reference is required"
                : $"reference '{Clip(reference)}' is not 1 to {MaxReference} letters, digits and - _ / . (a crime or call number, never a name)");
        if (!scope.Kinds.Contains(kind))
            Fail($"the {scope.Pillar} catalogue measures no {kind.ToString().ToLowerInvariant()}; send these records to the priority that counts them");

        var on = Date(sent.On, RecordNames.On(kind), Fail);
        var code = sent.Code.Trim();
        var flags = CrimeFlags.None;
        string? outcome = null;
        DateOnly? outcomeOn = null;
        switch (kind)
        {
            case RecordKind.Crimes:
                foreach (var name in sent.Flags)
                {
                    if (RecordNames.Flag(name) is { } flag) flags |= flag;
                    else Fail($"flag '{Clip(name)}' is not one of {string.Join(", ", RecordNames.Flags.Values)}");
                }
                // Whether a measure counts the crime is the importer's to say: one none counts may still revise a stored
                // crime (a burglary reclassified as criminal damage, a hate crime found not to be one).
                if (!rules.Offences.TryGetValue(code, out var offence))
                    Fail(code.Length == 0 ? "offence is required" : $"offence '{Clip(code)}' is not an offence code of the counting rules (docs/records.md)");
                else code = offence.Code;
                if (sent.Outcome.Trim().Length > 0)
                {
                    outcome = rules.Outcome(sent.Outcome);
                    if (outcome is null) Fail($"outcome '{Clip(sent.Outcome)}' is not an outcome type of the Home Office Counting Rules (1 to 22, 2A, 3A)");
                    if (sent.OutcomeOn.Trim().Length == 0) Fail("outcome_on is required with an outcome");
                    else outcomeOn = Date(sent.OutcomeOn, "outcome_on", Fail);
                }
                else if (sent.OutcomeOn.Trim().Length > 0) Fail("outcome_on is given without an outcome");
                if (outcomeOn is { } o && on is { } r && o < r)
                    Fail($"outcome dated {o:yyyy-MM-dd}, before the crime was recorded ({r:yyyy-MM-dd})");
                break;
            case RecordKind.Calls:
                code = RecordNames.CallLines.FirstOrDefault(l => l == code) ?? "";
                if (code.Length == 0) Fail($"line '{Clip(sent.Code)}' is not one of {string.Join(", ", RecordNames.CallLines)}");
                break;
            default:
                code = RecordNames.IncidentGrades.FirstOrDefault(g => string.Equals(g, code, StringComparison.OrdinalIgnoreCase)) ?? "";
                if (code.Length == 0) Fail($"grade '{Clip(sent.Code)}' is not one of {string.Join(", ", RecordNames.IncidentGrades)}");
                break;
        }
        var cancelled = sent.Cancelled.Trim().ToLowerInvariant() is "true" or "yes" or "y" or "1";
        if (!cancelled && sent.Cancelled.Trim().ToLowerInvariant() is not ("" or "false" or "no" or "n" or "0"))
            Fail($"cancelled '{Clip(sent.Cancelled)}' is not yes or no");
        if (kind != RecordKind.Crimes && (sent.Flags.Count > 0 || sent.Outcome.Trim().Length > 0 || sent.OutcomeOn.Trim().Length > 0 || cancelled))
            Fail($"flags, outcomes and cancellation belong to crimes, not {kind.ToString().ToLowerInvariant()}");
        int? value = null;
        if (sent.Value.Trim() is { Length: > 0 } text)
        {
            if (kind == RecordKind.Crimes) Fail("a crime has no answered or attended time");
            else if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                Fail($"{RecordNames.Value(kind)} '{Clip(text)}' is not a whole number");
            else if (number < 0) Fail($"{RecordNames.Value(kind)} is {number}; it cannot be negative");
            else value = number;
        }

        var district = sent.District.Trim().Length == 0 ? 0 : Norfolk.District(sent.District);
        if (district == 0 && (kind == RecordKind.Crimes || sent.District.Trim().Length > 0))
            Fail(sent.District.Trim().Length == 0 ? "district is required"
                : $"district '{Clip(sent.District)}' is not one of Norfolk's districts ({string.Join(", ", Norfolk.Districts)})");

        return errors.Count > before ? null
            : new RecordEntry(kind, reference, on!.Value, code, flags, district, outcome, outcomeOn, value, cancelled);
    }

    /// <summary>The rule a new crime breaks when no measure of the pillar counts it.</summary>
    public static string NotCounted(CountingRules.Offence offence, RecordScope scope) =>
        $"offence {offence.Code} ({offence.Name}) is in the group '{offence.Group}', which no measure of the {scope.Pillar} catalogue counts"
        + (scope.AnyGroup.Count == 0 ? "" : " with the flags this crime carries")
        + "; only a crime stored here already may be revised out of every measure";

    private static DateOnly? Date(string text, string field, Action<string> fail)
    {
        var t = text.Trim();
        if (t.Length == 0) { fail($"{field} is required"); return null; }
        if (DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        fail($"{field} '{Clip(t)}' is not a date (YYYY-MM-DD)");
        return null;
    }

    /// <summary>Input quoted in an error, cut short: an error never repeats a megabyte of what it refuses.</summary>
    public static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
