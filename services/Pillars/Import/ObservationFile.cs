using System.Globalization;
using System.Text;
using PlanServices.Pillars.Domain;

namespace PlanServices.Pillars.Import;

/// <summary>An observation to import, with where it came from ("line 7", "observations[3]") for errors.</summary>
public sealed record ObservationLine(int Index, string Where, Observation Observation);

/// <summary>
/// Reads an observations file (CSV, docs/import.md): a header <c>indicator,from,to,value</c>, then one row
/// per figure, months as YYYY-MM, values with a dot and no thousands separators. Blank lines and lines
/// starting with '#' are ignored. Each row is checked on its own here; rules across rows live in the importer.
/// </summary>
public static class ObservationFile
{
    public static readonly string[] Header = ["indicator", "from", "to", "value"];

    public static List<ObservationLine> Read(TextReader reader, Catalogue catalogue, List<string> errors, Action<int>? onLine = null)
    {
        var lines = new List<ObservationLine>();
        var headerSeen = false;
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
                if (!fields.Select(f => f.Trim().ToLowerInvariant()).SequenceEqual(Header))
                    errors.Add($"line {number}: the header must be '{string.Join(',', Header)}'");
                continue;
            }
            if (Parse(number, fields, catalogue, errors) is { } line) lines.Add(line);
        }
        if (!headerSeen) errors.Add("the file is empty: expected the header 'indicator,from,to,value' and rows");
        onLine?.Invoke(number);
        return lines;
    }

    private static ObservationLine? Parse(int number, List<string> fields, Catalogue catalogue, List<string> errors)
    {
        if (fields.Count != Header.Length)
        {
            errors.Add($"line {number}: expected {Header.Length} fields (indicator,from,to,value), found {fields.Count}");
            return null;
        }
        var valueText = fields[3].Trim();
        if (!decimal.TryParse(valueText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add($"line {number}: value '{valueText}' is not a number (use a dot for decimals and no thousands separators)");
            return null;
        }
        return Check(number, $"line {number}", fields[0].Trim(), fields[1].Trim(), fields[2].Trim(), value, catalogue, errors);
    }

    /// <summary>The rules every observation meets, whichever way it arrives.</summary>
    public static ObservationLine? Check(int index, string at, string id, string fromText, string toText, decimal value,
        Catalogue catalogue, List<string> errors)
    {
        var before = errors.Count;

        var indicator = catalogue.Find(id);
        if (indicator is null)
            errors.Add($"{at}: indicator '{id}' is not in the {catalogue.Pillar} catalogue");
        else if (!indicator.IsStored)
            errors.Add($"{at}: indicator '{id}' is derived ({Derivation(indicator)}); import its parts instead");

        if (!Month.TryParse(fromText, out var from))
            errors.Add($"{at}: from '{fromText}' is not a whole month (YYYY-MM)");
        if (!Month.TryParse(toText, out var to))
            errors.Add($"{at}: to '{toText}' is not a whole month (YYYY-MM)");
        else if (from != default && to < from)
            errors.Add($"{at}: to {to} is before from {from}");

        var valueText = value.ToString(CultureInfo.InvariantCulture);
        if (value < 0)
            errors.Add($"{at}: value {valueText} is negative; {indicator?.Unit.ToString().ToLowerInvariant() ?? "a figure"} cannot be below zero");
        else if (indicator?.Unit == Unit.Count && value != decimal.Truncate(value))
            errors.Add($"{at}: value {valueText} is not a whole number; '{id}' is a count");

        return errors.Count == before ? new ObservationLine(index, at, new Observation(id, new Period(from, to), value)) : null;
    }

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
