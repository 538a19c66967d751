using System.Text;
using Microsoft.EntityFrameworkCore;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Import;
using PlanServices.Pillars.Records;
using PlanServices.Testing;

namespace PlanServices.Pillars.Tests;

/// <summary>Record systems' exports as files (docs/records.md, "Files"): CSV and Excel, columns in any order, the same rules as the stream.</summary>
public sealed class RecordFileTests
{
    private static readonly Catalogue Catalogue = CatalogueFile.Parse("""
        pillar: test
        title: Test
        indicators:
          - { id: burglary.crimes, name: Burglaries, unit: count, measure: { records: crimes, groups: [residential-burglary] } }
          - { id: burglary.da, name: Domestic burglaries, unit: count, measure: { records: crimes, groups: [residential-burglary], flags: [domestic-abuse] } }
          - { id: burglary.charged, name: Burglaries charged, unit: count, measure: { records: crimes, groups: [residential-burglary], outcomes: [charged] } }
          - { id: calls999.total, name: 999 calls, unit: count, measure: { records: calls, lines: ["999"] } }
          - { id: calls999.seconds, name: Seconds to answer 999 calls, unit: count, measure: { records: calls, lines: ["999"], sum: answered-after-seconds } }
        """);

    private static async Task<(RecordReceipt Receipt, Dictionary<(string, Month), decimal> Months)> ImportAsync(PillarDb db, string name, byte[] content, bool dryRun = false)
    {
        var receipt = await new RecordImporter(db, Catalogue, TimeProvider.System).ImportFileAsync(name, new MemoryStream(content), name, dryRun);
        var months = (await RecordFigures.MonthlyAsync(db, Catalogue, new Period(new Month(2025, 1), new Month(2025, 12))))
            .ToDictionary(o => (o.Indicator, o.Period.From), o => o.Value);
        return (receipt, months);
    }

    [Fact]
    public async Task A_crime_export_is_read_by_its_header_in_any_column_order_with_flags_and_a_cancellation()
    {
        await using var db = await Stores.CreateAsync(Stores.Sqlite);
        var csv = "\uFEFF# Athena export, 2025-06-30\r\n" +
            "district,offence,reference,recorded_on,flags,outcome,outcome_on,cancelled,,\r\n" +
            "Norwich,28E,NC/1,2025-05-02,domestic-abuse;hate-race,1,2025-06-10,\r\n" +
            "\"King's Lynn and West Norfolk\",28F,NC/2,2025-05-20,,,,no\r\n" +
            "south-norfolk,28G,NC/3,2025-06-01,domestic-abuse,,,yes\r\n";
        var (receipt, months) = await ImportAsync(db, "athena.csv", Encoding.UTF8.GetBytes(csv));
        Assert.Equal((3L, "crime"), (receipt.Added, receipt.Kind));
        Assert.Equal((2m, 0m), (months[("burglary.crimes", new Month(2025, 5))], months[("burglary.crimes", new Month(2025, 6))]));
        Assert.Equal((1m, 0m), (months[("burglary.da", new Month(2025, 5))], months[("burglary.da", new Month(2025, 6))]));
        Assert.Equal(1m, months[("burglary.charged", new Month(2025, 6))]);
        Assert.Equal(4, await db.Records.Where(r => r.Reference == "NC/2").Select(r => r.District).SingleAsync());
    }

    [Fact]
    public async Task A_call_export_in_excel_reads_times_as_dates_in_norfolk_and_a_dry_run_writes_nothing()
    {
        await using var db = await Stores.CreateAsync(Stores.Sqlite);
        using var workbook = new ClosedXML.Excel.XLWorkbook();
        var sheet = workbook.AddWorksheet("Calls");
        object[][] rows =
        [
            ["reference", "received_at", "line", "answered_after_seconds"],
            ["C1", new DateTime(2025, 3, 31, 23, 30, 0), "999", 4], // a workbook's times are Norfolk's
            ["C2", new DateTime(2025, 5, 1, 0, 30, 0), "999", 12],
            ["C3", new DateTime(2025, 4, 15), "999", ""],           // abandoned
        ];
        for (var r = 0; r < rows.Length; r++)
            for (var c = 0; c < rows[r].Length; c++)
                sheet.Cell(r + 1, c + 1).Value = rows[r][c];
        using var file = new MemoryStream();
        workbook.SaveAs(file);

        var (dry, none) = await ImportAsync(db, "calls.xlsx", file.ToArray(), dryRun: true);
        Assert.Equal((3L, new Period(new Month(2025, 3), new Month(2025, 5))), (dry.Added, dry.Changed));
        Assert.Empty(none);
        Assert.Equal(0, await db.Records.CountAsync());

        var (_, months) = await ImportAsync(db, "calls.xlsx", file.ToArray());
        Assert.Equal([1m, 1m, 1m], new[] { 3, 4, 5 }.Select(m => months[("calls999.total", new Month(2025, m))]));
        Assert.Equal([4m, 0m, 12m], new[] { 3, 4, 5 }.Select(m => months[("calls999.seconds", new Month(2025, m))]));

        // A time with an offset is placed by its date in Norfolk: 23:30 UTC on 30 April is 00:30 on 1 May (BST).
        (_, months) = await ImportAsync(db, "calls.csv", "reference,received_at,line,answered_after_seconds\nC4,2025-04-30T23:30:00Z,999,7\n"u8.ToArray());
        Assert.Equal((1m, 2m), (months[("calls999.total", new Month(2025, 4))], months[("calls999.total", new Month(2025, 5))]));
    }

    [Theory]
    [InlineData("reference,recorded_on,offence,district,victim_name\nNC/1,2025-01-01,28E,Norwich,A Person\n",
        "line 1: column 'victim_name' is not a field of crimes records (they carry no personal data or free text)")]
    [InlineData("reference,recorded_on,offence\nNC/1,2025-01-01,28E\n", "line 1: column 'district' is missing")]
    [InlineData("reference,recorded_on,offence,district\nNC/1,2025-01-01,28E,Norwich,extra\n", "line 2: expected 4 fields, as the header names, found 5")]
    [InlineData("id,when,what\n1,2,3\n", "line 1: the header names no kind of record: crimes have reference, recorded_on, offence and district; calls reference, received_at and line; incidents reference, received_at and grade (docs/records.md)")]
    [InlineData("reference,received_at,line,answered_after_seconds\nC1,2025-01-01,999,soon\n", "call C1: answered_after_seconds 'soon' is not a whole number")]
    [InlineData("reference,received_at,line\nC1,2025-06-30 23:30,999\n", "call C1: received_at '2025-06-30 23:30' is not a date (YYYY-MM-DD)")]
    [InlineData("reference,received_at,line\nC1,01/05/2025 10:00,999\n", "call C1: received_at '01/05/2025 10:00' is not a date (YYYY-MM-DD)")]
    public async Task A_bad_file_is_refused_naming_the_line_and_rule_and_nothing_is_written(string csv, string error)
    {
        await using var db = await Stores.CreateAsync(Stores.Sqlite);
        var refused = await Assert.ThrowsAsync<ImportRejectedException>(() => ImportAsync(db, "bad.csv", Encoding.UTF8.GetBytes(csv)));
        Assert.Equal(error, refused.Errors[0]);
        Assert.Equal(0, await db.Records.CountAsync());
    }

    [Fact]
    public void A_record_file_is_told_from_a_figures_file_by_its_header()
    {
        Assert.True(RecordFile.IsRecordFile("x.csv", "# note\nreference,recorded_on,offence,district\n"u8.ToArray()));
        Assert.False(RecordFile.IsRecordFile("x.csv", "indicator,from,to,value\n"u8.ToArray()));
        Assert.False(RecordFile.IsRecordFile("x.csv", []));
    }
}
