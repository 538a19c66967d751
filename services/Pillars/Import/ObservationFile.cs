using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PlanServices.Pillars.Domain;

namespace PlanServices.Pillars.Import;

/// <summary>An observation to import, with where it came from ("line 7", "observations[3]") for errors.</summary>
public sealed record ObservationLine(int Index, string Where, Observation Observation);

/// <summary>
/// Reads an observations file (CSV, docs/import.md): a header <c>indicator,from,to,value</c> (and optionally
/// <c>,kind</c>), then one row per figure, months as YYYY-MM, values with a dot and no thousands separators. The
/// kind is <c>observed</c> (the total over the months; the default) or <c>reported</c> (the window's figure as the
/// source published it). Blank lines and lines starting with '#' are ignored. Each row is checked on its own here;
/// rules across rows live in the importer.
/// </summary>
public static partial class ObservationFile
{
    public static readonly string[] Header = ["indicator", "from", "to", "value"];
    public static readonly string[] HeaderWithKind = [.. Header, "kind"];
    public const string Observed = "observed";
    public const string Reported = "reported";
    public const string Empty = "the file is empty: expected the header 'indicator,from,to,value' and a row per figure";
    public const string NoRows = "the file has a header but no rows of figures";

    public static List<ObservationLine> Read(TextReader reader, Catalogue catalogue, List<Violation> errors, Action<int>? onLine = null)
    {
        var lines = new List<ObservationLine>();
        var headerSeen = false;
        var width = Header.Length;
        var number = 0;
        while (reader.ReadLine() is { } text)
        {
            number++;
            if ((number & 0x3FF) == 0) onLine?.Invoke(number);
            if (string.IsNullOrWhiteSpace(text) || text.TrimStart().StartsWith('#')) continue;
            var fields = Split(text);
            if (!headerSeen)
            {
                headerSeen = true;
                var names = fields.Select(f => f.Trim().ToLowerInvariant()).ToArray();
                if (names.SequenceEqual(HeaderWithKind)) width = HeaderWithKind.Length;
                else if (!names.SequenceEqual(Header))
                    errors.Add(new($"line {number}", $"the header must be '{string.Join(',', Header)}' or '{string.Join(',', HeaderWithKind)}'"));
                continue;
            }
            if (Parse(number, fields, width, catalogue, errors) is { } line) lines.Add(line);
        }
        if (!headerSeen) errors.Add(new("", Empty));
        onLine?.Invoke(number);
        return lines;
    }

    private static ObservationLine? Parse(int number, List<string> fields, int width, Catalogue catalogue, List<Violation> errors)
    {
        if (fields.Count != width)
        {
            errors.Add(new($"line {number}", $"expected {width} fields ({string.Join(',', HeaderWithKind[..width])}), found {fields.Count}"));
            return null;
        }
        var (at, id) = ($"line {number}", fields[0].Trim());
        return Value(at, id, fields[3].Trim(), catalogue, errors) is { } value
            ? Check(number, at, id, fields[1].Trim(), fields[2].Trim(), value, width > Header.Length ? fields[4].Trim() : "", catalogue, errors)
            : null;
    }

    /// <summary>
    /// A value as written: a number with a dot for decimals and no thousands separators or, for an indicator printed as
    /// a clock (a duration, or a mean or median with <c>format: clock</c>), a time HH:MM:SS, which is its seconds.
    /// </summary>
    public static decimal? Value(string at, string id, string text, Catalogue catalogue, List<Violation> errors)
    {
        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            return number;
        var indicator = catalogue.Find(id);
        var clock = ClockPattern().Match(text);
        if (!clock.Success)
        {
            errors.Add(new(at, $"value '{text}' is not a number (use a dot for decimals and no thousands separators" +
                (indicator is { Clock: true } ? ", or a time as hours, minutes and seconds: 00:07:31)" : ")")));
            return null;
        }
        var seconds = long.Parse(clock.Groups[1].Value, CultureInfo.InvariantCulture) * 3600
            + int.Parse(clock.Groups[2].Value, CultureInfo.InvariantCulture) * 60 + int.Parse(clock.Groups[3].Value, CultureInfo.InvariantCulture);
        if (indicator is null or { Clock: true }) return seconds;
        errors.Add(new(at, $"value '{text}' is a time (HH:MM:SS), but '{id}' is a {Name(indicator.Unit)} written as a plain number " +
            $"in its own unit (only an indicator printed as a clock takes a time): for seconds, write {seconds}"));
        return null;
    }

    [GeneratedRegex(@"^(\d+):([0-5]\d):([0-5]\d)$")]
    private static partial Regex ClockPattern();

    /// <summary>The rules every figure meets, whichever way it arrives (docs/import.md).</summary>
    public static ObservationLine? Check(int index, string at, string id, string fromText, string toText, decimal value,
        string kindText, Catalogue catalogue, List<Violation> errors)
    {
        var before = errors.Count;

        var indicator = catalogue.Find(id);
        bool? reported = kindText.ToLowerInvariant() switch
        {
            Reported => true,
            Observed => false,
            "" => indicator?.IsReportedOnly,
            _ => null,
        };
        if (kindText != "" && reported is null)
            errors.Add(new(at, $"kind '{kindText}' is not one of {Observed}, {Reported}"));

        if (indicator is null)
            errors.Add(new(at, $"indicator '{id}' is not in the {catalogue.Pillar} catalogue"));
        else if (reported != true && !indicator.IsStored)
            errors.Add(new(at, $"indicator '{id}' is derived ({Derivation(indicator)}); import its parts, or give a window's value with kind '{Reported}'"));
        else if (reported == false && indicator.IsReportedOnly)
            errors.Add(new(at, $"'{id}' is a {Name(indicator.Unit)} without parts: it is never built from months, only reported for the window it describes; use kind '{Reported}'"));

        var fromOk = Month.TryParse(fromText, out var from);
        var toOk = Month.TryParse(toText, out var to);
        if (!fromOk) errors.Add(new(at, $"from '{fromText}' is not a whole month (YYYY-MM)"));
        if (!toOk) errors.Add(new(at, $"to '{toText}' is not a whole month (YYYY-MM)"));
        else if (fromOk && to < from) errors.Add(new(at, $"to {to} is before from {from}"));
        var period = new Period(from, to);
        var periodOk = fromOk && toOk && to >= from;

        var valueText = value.ToString(CultureInfo.InvariantCulture);
        if (indicator is not null && (reported is not null || kindText == ""))
        {
            if (value < 0 && !indicator.MayBeNegative)
                errors.Add(new(at, $"value {valueText} is negative; {Name(indicator.Unit)} cannot be below zero"));
            else if (indicator.Unit == Unit.Count && value != decimal.Truncate(value) && !(reported == true && periodOk && FigureCalculator.YearsAveraged(period) > 1))
                errors.Add(new(at, $"value {valueText} is not a whole number; '{id}' is a count"));
            else if (indicator.Unit == Unit.Stock && reported == false && periodOk && period.Months != 1)
                errors.Add(new(at, $"'{id}' is a stock, measured in a month: give one month (from = to), or a window's value with kind '{Reported}'"));
            else if (indicator.Unit == Unit.Rate && reported == true && value > 100 && !indicator.MayExceedWhole)
                errors.Add(new(at, $"value {valueText} is above 100; '{id}' is a percentage of a whole (mayExceed100 in the catalogue allows more)"));
        }

        return errors.Count == before ? new ObservationLine(index, at, new Observation(id, period, value, reported == true)) : null;
    }

    private static string Name(Unit unit) => CatalogueFile.Kebab(unit.ToString());

    private static string Derivation(Indicator indicator) =>
        indicator.IsRatio ? $"{indicator.Numerator} / {indicator.Denominator}" : "sum of " + string.Join(" + ", indicator.SumOf);

    /// <summary>Splits one CSV line (RFC 4180 quoting, no line breaks inside fields).</summary>
    public static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
