using System.Text.Json;
using PlanServices.Pillars.Tables;

namespace PlanServices.Testing;

/// <summary>Tables 1–9 of the 21 April 2026 pack exactly as printed (Fixtures/pam-2026-04-21-tables.json).</summary>
public static class PrintedPack
{
    public sealed record PrintedTable(int Number, string Caption, IReadOnlyList<string> Columns, IReadOnlyList<PrintedRow> Rows, string? DateRangeNote);

    public sealed record PrintedRow(string Key, IReadOnlyList<string> Values);

    public static IReadOnlyList<PrintedTable> Tables { get; } = Load();

    /// <summary>How a row is named in tests: "Group / Indicator" or the label.</summary>
    public static string Key(string? group, string label) => group is null ? label : $"{group} / {label}";

    public static string Key(Row row) => Key(row.Group, row.Label);

    private const string L12 = "Last 12 months", P12 = "Previous 12 months", Lta = "Long-term average";
    private const string VsP12 = "% difference to previous 12 months", VsLta = "% difference to long-term average";

    /// <summary>(table, row, column) → what this system prints, and why the pack differs.</summary>
    public static readonly Dictionary<(int, string, string), (string Expected, string Why)> Corrections = new()
    {
        [(2, "Neighbourhood crime / % Solved", VsLta)] = ("0.0pp", "pp changes print one decimal (pack: 0pp)"),
        [(2, "Robbery (Personal Property) / % Solved", VsP12)] = ("-0.4pp", "a rate changes in percentage points, not percent"),
        [(2, "Robbery (Personal Property) / % Solved", VsLta)] = ("0.0pp", "pp changes print one decimal (pack: 0pp)"),
        [(2, "Robbery (Personal Property) / Charged", VsP12)] = ("2.3%", "(44 - 43) / 43 = +2.33%"),
        [(2, "Robbery (Personal Property) / % Charged", VsP12)] = ("0.0pp", "pp changes print one decimal (pack: 0pp)"),
        [(4, "Horse Riders", VsP12)] = ("-100.0%", "percent changes print one decimal (pack: -100%)"),
        [(4, "Horse Riders", VsLta)] = ("Not applicable", "the long-term average is 0, so no percent change is defined"),
        [(6, "Disruptions against Tactical Vulnerabilities/Priority Individuals included", P12)] =
            ("417", "the previous 12 months are the 2024 months of Table 7, which sum to 417"),
        [(6, "Disruptions against Tactical Vulnerabilities/Priority Individuals included", VsP12)] =
            ("17.7%", "(491 - 417) / 417; the pack's 19.2% used the inconsistent 412"),
        [(7, "Total", "2024")] = ("417", "the total is the sum of the twelve 2024 months as printed"),
        [(8, "Last 12 months", "Mean Answer Time (seconds)")] =
            ("7.53", "the 12-month mean weights each month by its calls; 7.48 is the mean of monthly means"),
        [(9, "Rape / % Solved", L12)] = ("7.9%", "92 / 1,159 = 7.94% (pack: 7.95)"),
        [(9, "Rape / % Solved", VsP12)] = ("-0.2pp", "a rate changes in percentage points, not percent"),
        [(9, "Rape / % Charged", Lta)] = ("6.0%", "rates print one decimal (pack: 6%)"),
    };

    /// <summary>What this system prints in each cell of Tables 1–9: the pack's text, or its correction.</summary>
    public static IReadOnlyDictionary<int, List<(string Row, List<string> Cells)>> Expected() =>
        Tables.ToDictionary(t => t.Number, t => t.Rows.Select(r =>
        {
            var labels = t.Columns.Count - r.Values.Count;
            return (r.Key, r.Values.Select((v, i) => Corrections.TryGetValue((t.Number, r.Key, t.Columns[labels + i]), out var fix) ? fix.Expected : v).ToList());
        }).ToList());

    public static IEnumerable<(int Table, string Row, string Column, string Printed)> Cells() =>
        from table in Tables
        from row in table.Rows
        let labels = table.Columns.Count - row.Values.Count
        from value in row.Values.Select((v, i) => (Text: v, Column: table.Columns[labels + i]))
        select (table.Number, row.Key, value.Column, value.Text);

    private static List<PrintedTable> Load()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "pam-2026-04-21-tables.json")));
        return json.RootElement.GetProperty("tables").EnumerateArray().Select(t => new PrintedTable(
            t.GetProperty("table").GetInt32(),
            t.GetProperty("caption").GetString()!,
            t.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList(),
            t.GetProperty("rows").EnumerateArray().Select(r => new PrintedRow(
                r.TryGetProperty("group", out var g)
                    ? Key(g.GetString(), r.GetProperty("indicator").GetString()!)
                    : r.GetProperty("label").GetString()!,
                r.GetProperty("values").EnumerateArray().Select(v => v.GetString()!).ToList())).ToList(),
            t.GetProperty("date_range_note").GetString())).ToList();
    }
}

/// <summary>
/// The April 2026 pack's tables as this system derives them from the sample data, numbered across the
/// pack in its order: Preventing Crime 1–3, Cohesive Communities 4–5, Reducing Harm 6–9.
/// </summary>
public sealed class AprilPackTables : IAsyncLifetime
{
    public Dictionary<int, Table> ByNumber { get; } = [];

    public async Task InitializeAsync()
    {
        var number = 0;
        foreach (var host in Repo.PillarHosts)
        {
            await using var db = await Stores.CreateAsync(Stores.Sqlite);
            foreach (var table in await Stores.SampleTablesAsync(db, host)) ByNumber[++number] = table;
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public Row Row(int table, string key) => ByNumber[table].Rows.Single(r => PrintedPack.Key(r) == key);
}
