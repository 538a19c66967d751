using System.Text.Json;
using PlanServices.Pillars.Tables;

namespace PlanServices.Pillars.Tests.Infrastructure;

/// <summary>Tables 1–9 of the 21 April 2026 pack exactly as printed (Fixtures/pam-2026-04-21-tables.json).</summary>
public static class PrintedPack
{
    public sealed record PrintedTable(int Number, string Caption, IReadOnlyList<string> Columns, IReadOnlyList<PrintedRow> Rows, string? DateRangeNote);

    public sealed record PrintedRow(string Key, IReadOnlyList<string> Values);

    public static IReadOnlyList<PrintedTable> Tables { get; } = Load();

    /// <summary>How a row is named in tests: "Group / Indicator" or the label.</summary>
    public static string Key(string? group, string label) => group is null ? label : $"{group} / {label}";

    public static string Key(Row row) => Key(row.Group, row.Label);

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
