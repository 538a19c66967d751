using PlanServices.Testing;

namespace PlanServices.Pillars.Tests;

/// <summary>
/// Every cell of Tables 1–9 of the 21 April 2026 pack, derived from the sample data through the import and
/// the engine. Cells the pack got wrong are listed in <see cref="PrintedPack.Corrections"/> with the reason; every
/// other cell must read exactly as printed.
/// </summary>
public sealed class PackTablesTests(AprilPackTables pack) : IClassFixture<AprilPackTables>
{
    public static TheoryData<int, string, string, string> PrintedCells()
    {
        var data = new TheoryData<int, string, string, string>();
        foreach (var (table, row, column, printed) in PrintedPack.Cells())
            if (!PrintedPack.Corrections.ContainsKey((table, row, column))) data.Add(table, row, column, printed);
        return data;
    }

    public static TheoryData<int, string, string, string, string, string> CorrectedCells()
    {
        var data = new TheoryData<int, string, string, string, string, string>();
        foreach (var (table, row, column, printed) in PrintedPack.Cells())
            if (PrintedPack.Corrections.TryGetValue((table, row, column), out var fix)) data.Add(table, row, column, printed, fix.Expected, fix.Why);
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
        Assert.All(PrintedPack.Corrections.Keys, key => Assert.Contains(PrintedPack.Cells(), c => (c.Table, c.Row, c.Column) == key));

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
}
