using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PlanServices.Gateway.Pack;

/// <summary>
/// A published table as CSV (RFC 4180, UTF-8 with a byte-order mark so that Excel reads "£" and "–"), for spreadsheets:
/// its rows and columns as printed, each figure a plain number as printed (9377, 92.8, -1250; a clock as its seconds),
/// "Data not available" and "Not applicable" as empty cells. A column whose figures share one unit names it in its
/// heading ("Change (percentage points)") unless the heading already does; where the unit changes from row to row (counts
/// and rates in one comparison table) a "Unit (...)" column before those columns gives each row's unit (docs/gateway.md).
/// </summary>
public static partial class TableCsv
{
    public const string Number = "number", Percent = "%", PercentagePoints = "percentage points", Seconds = "seconds";

    public static byte[] Render(PackTable table) => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(Text(table))];

    public static string Text(PackTable table)
    {
        var figures = table.Rows.Select(r => r.Cells.Select(c => Figure(c.Text)).ToList()).ToList();
        var headings = table.Columns.Skip(table.LabelColumns).ToList();
        var units = Enumerable.Range(0, headings.Count)
            .Select(c => figures.Select(r => r[c]?.Unit).OfType<string>().Distinct().ToList() switch { [] => Number, [var one] => one, _ => null })
            .ToList();

        // Adjacent columns whose unit changes by row, but in step (a row's values in one unit, its changes in another), share a unit column.
        string? RowUnit(IEnumerable<int> columns, int row) => columns.Select(c => figures[row][c]?.Unit).FirstOrDefault(u => u is not null);
        var groups = new List<List<int>>();
        for (var c = 0; c < headings.Count; c++)
        {
            if (units[c] is not null) continue;
            if (groups.LastOrDefault() is { } last && last[^1] == c - 1
                && Enumerable.Range(0, figures.Count).All(r => RowUnit(last, r) is not { } u || figures[r][c] is not { } f || f.Unit == u))
                last.Add(c);
            else groups.Add([c]);
        }

        var csv = new StringBuilder();
        void Line(IEnumerable<string> fields) => csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");
        Line(table.Columns.Take(table.LabelColumns).Concat(headings.SelectMany((heading, c) =>
            (groups.FirstOrDefault(g => g[0] == c) is { } group ? [$"Unit ({string.Join(", ", group.Select(g => headings[g]))})"] : Array.Empty<string>())
            .Append(units[c] is { } unit && !Names(heading, unit) ? $"{heading} ({unit})" : heading))));
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            IEnumerable<string> labels = table.LabelColumns == 2 ? [row.Group, row.Label] : [row.Label];
            Line(labels.Concat(headings.SelectMany((_, c) =>
                (groups.FirstOrDefault(g => g[0] == c) is { } group ? [RowUnit(group, r) ?? ""] : Array.Empty<string>())
                .Append(figures[r][c] is { } figure ? figure.Value.ToString(CultureInfo.InvariantCulture) : ""))));
        }
        return csv.ToString();
    }

    /// <summary>
    /// A figure as printed, read back as a number and its unit: 9,377 (a number), 92.8% (%), 0.3pp (percentage points),
    /// (1,250) and (0.45%) (negative, as money prints), 101:05:09 (363909 seconds). Null for words ("Not applicable").
    /// </summary>
    public static (decimal Value, string Unit)? Figure(string text)
    {
        var t = text.Trim();
        var negative = t.Length > 1 && t[0] == '(' && t[^1] == ')';
        if (negative) t = t[1..^1];
        if (t.StartsWith('-')) (negative, t) = (!negative, t[1..]);
        var unit = t.EndsWith('%') ? Percent : t.EndsWith("pp", StringComparison.Ordinal) ? PercentagePoints : Number;
        t = t[..^(unit == Percent ? 1 : unit == PercentagePoints ? 2 : 0)];
        decimal value;
        if (Clock().Match(t) is { Success: true } clock && unit == Number)
            (value, unit) = (decimal.Parse(clock.Groups[1].Value, CultureInfo.InvariantCulture) * 3600
                + int.Parse(clock.Groups[2].Value, CultureInfo.InvariantCulture) * 60 + int.Parse(clock.Groups[3].Value, CultureInfo.InvariantCulture), Seconds);
        else if (!decimal.TryParse(t, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
            return null;
        return (negative ? -value : value, unit);
    }

    /// <summary>Whether a heading already names its unit ("% 999 calls answered", "Budget £000" is a number).</summary>
    private static bool Names(string heading, string unit) => unit switch
    {
        Number => true,
        Percent => heading.Contains('%'),
        PercentagePoints => heading.Contains("percentage points", StringComparison.OrdinalIgnoreCase),
        _ => heading.Contains(unit, StringComparison.OrdinalIgnoreCase),
    };

    private static string Field(string value) => value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;

    [GeneratedRegex(@"^(\d+):([0-5]\d):([0-5]\d)$")]
    private static partial Regex Clock();
}
