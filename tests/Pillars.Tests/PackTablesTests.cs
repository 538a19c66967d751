using PlanServices.Pillars.Tests.Infrastructure;

namespace PlanServices.Pillars.Tests;

/// <summary>
/// Every cell of Tables 1–9 of the 21 April 2026 pack, derived from the sample data through the import and
/// the engine. Cells the pack got wrong are listed in <see cref="Corrections"/> with the reason; every
/// other cell must read exactly as printed.
/// </summary>
public sealed class PackTablesTests(AprilPackTables pack) : IClassFixture<AprilPackTables>
{
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

    public static TheoryData<int, string, string, string> PrintedCells()
    {
        var data = new TheoryData<int, string, string, string>();
        foreach (var (table, row, column, printed) in Cells())
            if (!Corrections.ContainsKey((table, row, column))) data.Add(table, row, column, printed);
        return data;
    }

    public static TheoryData<int, string, string, string, string, string> CorrectedCells()
    {
        var data = new TheoryData<int, string, string, string, string, string>();
        foreach (var (table, row, column, printed) in Cells())
            if (Corrections.TryGetValue((table, row, column), out var fix)) data.Add(table, row, column, printed, fix.Expected, fix.Why);
        return data;
    }

    [Theory]
    [MemberData(nameof(PrintedCells))]
    public void Cell_reads_as_printed_in_the_pack(int table, string row, string column, string printed) =>
        Assert.Equal(printed, Cell(table, row, column));

    [Theory]
    [MemberData(nameof(CorrectedCells))]
    public void Cell_corrects_the_pack(int table, string row, string column, string printed, string expected, string why)
    {
        Assert.NotEqual(printed, expected);
        Assert.False(string.IsNullOrEmpty(why));
        Assert.Equal(expected, Cell(table, row, column));
    }

    [Fact]
    public void Every_correction_names_a_cell_of_the_pack() =>
        Assert.All(Corrections.Keys, key => Assert.Contains(Cells(), c => (c.Table, c.Row, c.Column) == key));

    [Fact]
    public void Tables_have_the_rows_columns_captions_and_date_notes_of_the_pack()
    {
        foreach (var printed in PrintedPack.Tables)
        {
            var table = pack.ByNumber[printed.Number];
            Assert.Equal(printed.Caption, table.Caption);
            Assert.Equal(printed.Columns, table.Columns);
            Assert.Equal(printed.Rows.Select(r => r.Key), table.Rows.Select(PrintedPack.Key));
            if (printed.Number != 9) Assert.Equal(printed.DateRangeNote, table.DateRangeNote);
        }
        Assert.Equal(9, pack.ByNumber.Count);
    }

    [Fact]
    public void Table9_states_its_date_ranges_like_every_comparison_table_where_the_pack_omits_them() =>
        Assert.Equal(PrintedPack.Tables.Single(t => t.Number == 1).DateRangeNote, pack.ByNumber[9].DateRangeNote);

    [Fact]
    public void Table8_twelve_month_mean_answer_time_is_weighted_by_calls_not_the_mean_of_monthly_means()
    {
        var cell = pack.Row(8, "Last 12 months").Cells[1];
        Assert.Equal("7.53", cell.Text);
        Assert.InRange(cell.Value!.Value, 7.525m, 7.535m);
    }

    [Fact]
    public void Table8_months_below_90_percent_answered_in_10_seconds_miss_the_national_target()
    {
        Assert.True(pack.Row(8, "December 2025").Cells[2].TargetMet);
        Assert.False(pack.Row(8, "October 2025").Cells[2].TargetMet);
        Assert.False(pack.Row(8, "Last 12 months").Cells[2].TargetMet);
        Assert.Null(pack.Row(8, "Last 12 months").Cells[0].TargetMet);
    }

    [Fact]
    public void Table4_total_is_fatal_plus_serious_injury_collisions_in_every_window()
    {
        var total = pack.Row(4, "Killed & Serious Injury collisions – Total").Cells;
        var fatal = pack.Row(4, "Killed & Serious Injury collisions – Fatal").Cells;
        var serious = pack.Row(4, "Killed & Serious Injury collisions – Serious Injury").Cells;
        for (var i = 0; i < 3; i++) Assert.Equal(total[i].Value!.Value, fatal[i].Value!.Value + serious[i].Value!.Value, 20);
    }

    private string Cell(int table, string row, string column)
    {
        var computed = pack.ByNumber[table];
        var index = computed.Columns.ToList().IndexOf(column) - (computed.Columns.Count - computed.Rows[0].Cells.Count);
        return pack.Row(table, row).Cells[index].Text;
    }

    /// <summary>What this system prints in each cell of Tables 1–9: the pack's text, or its correction.</summary>
    public static IReadOnlyDictionary<int, List<(string Row, List<string> Cells)>> Expected() =>
        PrintedPack.Tables.ToDictionary(t => t.Number, t => t.Rows.Select(r =>
        {
            var labels = t.Columns.Count - r.Values.Count;
            return (r.Key, r.Values.Select((v, i) => Corrections.TryGetValue((t.Number, r.Key, t.Columns[labels + i]), out var fix) ? fix.Expected : v).ToList());
        }).ToList());

    private static IEnumerable<(int Table, string Row, string Column, string Printed)> Cells() =>
        from table in PrintedPack.Tables
        from row in table.Rows
        let labels = table.Columns.Count - row.Values.Count
        from value in row.Values.Select((v, i) => (Text: v, Column: table.Columns[labels + i]))
        select (table.Number, row.Key, value.Column, value.Text);
}
