using System.Globalization;
using System.Text.RegularExpressions;
using PlanServices.Common;
using PlanServices.ServiceDefaults;

namespace PlanServices.Accountability.Domain;

/// <summary>A refused request; nothing was written.</summary>
public sealed class AccountabilityException(Refusal refusal, IReadOnlyList<Violation> errors) : RefusedException(refusal, errors)
{
    public AccountabilityException(Refusal refusal, string where, string rule) : this(refusal, [new Violation(where, rule)]) { }

    public AccountabilityException(Refusal refusal, string sentence) : this(refusal, [new Violation("", sentence)]) { }
}

/// <summary>The input rules shared by meetings, minutes and actions; each error names its field. The pillars are the suite's shape's.</summary>
public sealed partial class Rules(SuiteShape shape)
{
    public const string Opccn = SuiteShape.Opccn;

    private IReadOnlyList<string> Pillars => shape.PillarIds;
    public const int MaxShortText = 400;
    public const int MaxLongText = 20_000;

    private readonly List<Violation> _errors = [];

    public string Text(string? value, string field, int max = MaxShortText, bool required = true)
    {
        value = value?.Trim() ?? "";
        if (required && value.Length == 0) _errors.Add(new(field, "required"));
        else if (value.Length > max) _errors.Add(new(field, $"longer than {max:N0} characters"));
        return value;
    }

    public DateOnly Date(string? value, string field)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        _errors.Add(new(field, $"'{value}' is not a date (YYYY-MM-DD)"));
        return default;
    }

    public void Time(string? value, string field, bool required = true)
    {
        if (!required && string.IsNullOrEmpty(value)) return;
        if (!TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            _errors.Add(new(field, $"'{value}' is not a time (HH:MM)"));
    }

    public void Month(string? value, string field)
    {
        if (!Common.Month.TryParse(value, out _)) _errors.Add(new(field, $"'{value}' is not a month (YYYY-MM)"));
    }

    public void MeetingId(string? value, string field)
    {
        if (value is null || !MeetingIdPattern().IsMatch(value))
            _errors.Add(new(field, $"'{value}' is not a meeting id (lower case letters, digits and '-', e.g. pam-2026-04-21)"));
    }

    public void Pillar(string? value, string field, bool required)
    {
        if (!required && string.IsNullOrEmpty(value)) return;
        if (!Pillars.Contains(value)) _errors.Add(new(field, $"'{value}' is not a pillar ({string.Join(", ", Pillars)})"));
    }

    public void Owner(string? value, string field)
    {
        if (value != Opccn && !Pillars.Contains(value))
            _errors.Add(new(field, $"'{value}' is not an owner ({string.Join(", ", Pillars)}, {Opccn})"));
    }

    /// <summary>An email address as people type it: one @, something either side, no spaces.</summary>
    public string Email(string? value, string field)
    {
        value = value?.Trim() ?? "";
        if (value.Length == 0) _errors.Add(new(field, "required"));
        else if (value.Length > 254 || !EmailPattern().IsMatch(value)) _errors.Add(new(field, $"'{Cut(value)}' is not an email address"));
        return value;
    }

    /// <summary>An https address, when given.</summary>
    public string Https(string? value, string field)
    {
        value = value?.Trim() ?? "";
        if (value.Length > 0 && (value.Length > 500 || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
            _errors.Add(new(field, $"'{Cut(value)}' is not an https address"));
        return value;
    }

    private static string Cut(string value) => value.Length > 60 ? value[..60] + "…" : value;

    public void Add(Violation error) => _errors.Add(error);

    /// <summary>Throws with every error found, if any.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count > 0) throw new AccountabilityException(Refusal.Invalid, _errors);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex MeetingIdPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
