using Microsoft.Playwright;
using PlanServices.Testing;

namespace PlanServices.Web.Tests;

/// <summary>A command area's analyst at work, in Chromium.</summary>
[Collection(WebCollection.Name)]
public sealed class CommandAreaTests(WebSuite web)
{
    public static string Workbook(params object[][] rows)
    {
        using var workbook = new ClosedXML.Excel.XLWorkbook();
        var sheet = workbook.AddWorksheet("Figures");
        for (var r = 0; r < rows.Length; r++)
            for (var c = 0; c < rows[r].Length; c++)
                sheet.Cell(r + 1, c + 1).Value = rows[r][c];
        var file = Path.Combine(Path.GetTempPath(), $"figures-{Guid.NewGuid():N}.xlsx");
        workbook.SaveAs(file);
        return file;
    }

    [Fact]
    public async Task An_analyst_uploads_an_excel_file_sees_the_bad_row_and_rule_fixes_it_previews_and_imports()
    {
        var page = await web.PageAsync("analyst-reducing-harm");
        await WebSuite.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Upload figures" }).First.ClickAsync();
        await WebSuite.AssertAccessibleAsync(page);

        await page.GetByLabel("File of figures").SetInputFilesAsync(Workbook(["indicator", "from", "to", "value"],
            ["calls.total", "2026-04", "2026-04", 9800], ["calls.under-10s", "2026-04", "2026-04", -5]));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        var alert = page.GetByRole(AriaRole.Alert);
        Assert.Contains("was not imported: nothing was written", await alert.InnerTextAsync());
        Assert.Contains("row 3: value -5 is negative", await alert.InnerTextAsync());
        await WebSuite.AssertAccessibleAsync(page);
        var stored = await web.Suite.ReducingHarm.WithDbAsync(db => Task.FromResult(db.Observations.Count()));

        await page.GetByLabel("File of figures").SetInputFilesAsync(Workbook(["indicator", "from", "to", "value"],
            ["calls.total", "2026-04", "2026-04", 9800], ["calls.under-10s", "2026-04", "2026-04", 9100], ["calls.total", "2025-12", "2025-12", 10_400]));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        var preview = await page.GetByRole(AriaRole.Status).InnerTextAsync();
        Assert.Contains("2 figures would be added", preview);
        Assert.Contains("1 figure would be revised", preview);
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { NameRegex = new("^Revised figures") }).GetByRole(AriaRole.Row, new() { Name = "calls.total" }))
            .ToContainTextAsync("10,375");
        Assert.Equal(stored, await web.Suite.ReducingHarm.WithDbAsync(db => Task.FromResult(db.Observations.Count())));
        await WebSuite.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Import these figures" }).ClickAsync();
        Assert.Contains("was imported", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        Assert.Equal(stored + 2, await web.Suite.ReducingHarm.WithDbAsync(db => Task.FromResult(db.Observations.Count())));
    }

    [Fact]
    public async Task An_analyst_uploads_a_crime_record_export_sees_a_personal_data_column_refused_then_previews_and_imports_the_records()
    {
        var page = await web.PageAsync("analyst-preventing-crime");
        await page.GotoAsync("/app/figures");
        var file = Path.Combine(Path.GetTempPath(), $"athena-export-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "reference,recorded_on,offence,district,victim_name\nNC/26/1,2026-03-02,28E,Norwich,A Person\n");
        await page.GetByLabel("File of figures").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        Assert.Contains("column 'victim_name' is not a field of crimes records", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        await WebSuite.AssertAccessibleAsync(page);

        var stored = await web.Suite.PreventingCrime.WithDbAsync(db => Task.FromResult(db.Records.Count()));
        // Two burglaries recorded in March 2026, and a sample burglary of December 2025 now charged in January 2026.
        await File.WriteAllTextAsync(file, """
            offence,reference,recorded_on,district,outcome,outcome_on
            28E,NC/26/1,2026-03-02,Norwich,,
            39,NC/26/2,2026-03-09,Great Yarmouth,,
            28E,S-residential-burglary-202512-0001,2025-12-01,Norwich,1,2026-01-15
            """);
        await page.GetByLabel("File of figures").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        var preview = await page.GetByRole(AriaRole.Status).InnerTextAsync();
        Assert.Contains("2 crime records would be added", preview);
        Assert.Contains("1 crime record would be revised", preview);
        Assert.Contains("Figures counted from them would change in 2025-12 to 2026-03.", preview);
        Assert.Equal(stored, await web.Suite.PreventingCrime.WithDbAsync(db => Task.FromResult(db.Records.Count())));
        await WebSuite.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Import these records" }).ClickAsync();
        Assert.Contains("was imported", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        Assert.Equal(stored + 2, await web.Suite.PreventingCrime.WithDbAsync(db => Task.FromResult(db.Records.Count())));
        File.Delete(file);
    }

    [Fact]
    public async Task The_opccn_reads_a_quarters_neighbourhood_crime_by_district_at_desktop_and_phone_width()
    {
        var page = await web.PageAsync("opccn");
        await page.GetByRole(AriaRole.Link, new() { Name = "Figures by district" }).ClickAsync();
        await page.GetByLabel("Priority").SelectOptionAsync(new SelectOptionValue { Label = "Preventing Crime" });
        await page.GetByLabel("Reporting period").FillAsync("2026-03");
        await page.GetByLabel("District").SelectOptionAsync(new SelectOptionValue { Label = "Great Yarmouth" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the tables" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToContainTextAsync("Preventing Crime, Great Yarmouth");
        var table = page.GetByRole(AriaRole.Table).First;
        await Assertions.Expect(table).ToContainTextAsync("Residential burglary");
        await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToHaveCountAsync(1); // serious violence and conduct cases have no district
        await WebSuite.AssertAccessibleAsync(page);
        await page.SetViewportSizeAsync(320, 800);
        await WebSuite.AssertAccessibleAsync(page);

        await page.GetByLabel("Reporting period").FillAsync("2026-13");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the tables" }).ClickAsync();
        Assert.Contains("'2026-13' is not a reporting period", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
    }

    [Fact]
    public async Task The_excel_template_downloads_with_readable_columns_and_once_filled_in_is_previewed()
    {
        var page = await web.PageAsync("analyst-reducing-harm");
        var template = await page.APIRequest.GetAsync("/app/figures/template?format=xlsx");
        Assert.Equal(200, template.Status);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", template.Headers["content-type"]);
        var file = Path.Combine(Path.GetTempPath(), $"reducing-harm-figures-{Guid.NewGuid():N}.xlsx");
        using (var workbook = new ClosedXML.Excel.XLWorkbook(new MemoryStream(await template.BodyAsync())))
        {
            var indicators = workbook.Worksheet("Indicators");
            Assert.Equal(["indicator", "name", "unit"], indicators.Row(1).Cells(1, 3).Select(c => c.GetString()));
            Assert.Contains(indicators.Column(1).CellsUsed(), c => c.GetString() == "calls.total");
            // 101 calls are counted from call records: they take no figures, so the template does not offer them.
            Assert.DoesNotContain(indicators.Column(1).CellsUsed(), c => c.GetString().StartsWith("calls-101.", StringComparison.Ordinal));
            foreach (var column in indicators.ColumnsUsed())
                Assert.True(column.Width > column.CellsUsed().Max(c => c.GetString().Length), $"column {column.ColumnLetter()} of Indicators is {column.Width} characters wide");
            var figures = workbook.Worksheet("Figures");
            Assert.Equal(["indicator", "from", "to", "value"], figures.Row(1).Cells(1, 4).Select(c => c.GetString()));
            Assert.True(figures.Column(1).Width > "calls.answer-seconds".Length);
            figures.Cell(2, 1).Value = "calls.total";
            figures.Cell(2, 2).Value = "2018-02";
            figures.Cell(2, 3).Value = "2018-02";
            figures.Cell(2, 4).Value = 9100;
            workbook.SaveAs(file);
        }
        await page.GotoAsync("/app/figures");
        await page.GetByLabel("File of figures").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        Assert.Contains("1 figure would be added", await WebSuite.OutcomeAsync(page));
    }

    [Fact]
    public async Task An_empty_file_or_one_with_only_the_header_is_refused_saying_so()
    {
        var page = await web.PageAsync("analyst-reducing-harm");
        await page.GotoAsync("/app/figures");
        foreach (var (name, content, error) in new[]
        {
            ("empty.csv", Array.Empty<byte>(), "the file is empty: expected the header 'indicator,from,to,value' and a row per figure"),
            ("header.csv", [0xEF, 0xBB, 0xBF, .. "indicator,from,to,value\r\n"u8], "the file has a header but no rows of figures"),
            ("empty.xlsx", Array.Empty<byte>(), "the file is empty: expected the header 'indicator,from,to,value' and a row per figure"),
        })
        {
            var file = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{name}");
            await File.WriteAllBytesAsync(file, content);
            await page.GetByLabel("File of figures").SetInputFilesAsync(file);
            await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
            var alert = await WebSuite.OutcomeAsync(page);
            Assert.Contains("was not imported: nothing was written", alert);
            Assert.Contains(error, alert);
        }
    }

    [Fact]
    public async Task The_preview_lists_each_new_revised_and_unchanged_figure_and_says_how_many_more_a_big_file_holds()
    {
        var stored = new List<Plan.Pillar.V1.Observation>();
        using (var call = web.Suite.ReducingHarm.CreateClient().ListObservations(new() { Indicator = "calls.total", From = "2025-10", To = "2025-11" }))
            await foreach (var o in call.ResponseStream.ReadAllAsync()) stored.Add(o);
        var (october, november) = (stored.Single(o => o.From == "2025-10"), stored.Single(o => o.From == "2025-11"));
        var rows = new List<object[]> { new object[] { "indicator", "from", "to", "value" } };
        rows.AddRange(Enumerable.Range(0, 250).Select(i => new object[] { "calls.total", $"{2031 + i / 12}-{i % 12 + 1:00}", $"{2031 + i / 12}-{i % 12 + 1:00}", 9_000 + i }));
        rows.Add(["calls.total", "2025-10", "2025-10", october.Value + 25]);
        rows.Add(["calls.total", "2025-11", "2025-11", november.Value]);

        var page = await web.PageAsync("analyst-reducing-harm");
        await page.GotoAsync("/app/figures");
        await page.GetByLabel("File of figures").SetInputFilesAsync(Workbook([.. rows]));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        var status = await WebSuite.OutcomeAsync(page);
        Assert.Contains("250 figures would be added", status);
        Assert.Contains("1 figure would be revised", status);
        Assert.Contains("1 figure unchanged", status);

        var added = page.GetByRole(AriaRole.Table, new() { Name = "New figures" });
        await Assertions.Expect(added.Locator("tbody tr")).ToHaveCountAsync(200);
        Assert.Equal(["calls.total", "2031-01", "9,000"], await added.Locator("tbody tr").First.Locator("th, td").AllInnerTextsAsync());
        await Assertions.Expect(page.GetByText("The first 200 of 250 new figures are listed.")).ToBeVisibleAsync();
        var revised = page.GetByRole(AriaRole.Table, new() { NameRegex = new("^Revised figures") });
        Assert.Equal(["calls.total", "2025-10", $"{october.Value:N0}", $"{october.Value + 25:N0}"], await revised.Locator("tbody tr").Locator("th, td").AllInnerTextsAsync());

        // The unchanged figures are folded away until asked for.
        var unchanged = page.GetByRole(AriaRole.Table, new() { Name = "Unchanged figures" });
        await Assertions.Expect(unchanged).ToBeHiddenAsync();
        await page.GetByText("1 figure already stored with the same value").ClickAsync();
        Assert.Equal(["calls.total", "2025-11", $"{november.Value:N0}"], await unchanged.Locator("tbody tr").Locator("th, td").AllInnerTextsAsync());
        await WebSuite.AssertAccessibleAsync(page);
    }

    [Theory]
    [InlineData("")]
    [InlineData("indicator,from,to,value\n")]
    public async Task An_empty_or_header_only_file_is_answered_plainly_and_offers_nothing_to_import(string content)
    {
        var page = await web.PageAsync("analyst-reducing-harm");
        await page.GotoAsync("/app/figures");
        var file = Path.Combine(Path.GetTempPath(), $"empty-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, content);
        await page.GetByLabel("File of figures").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        var outcome = await WebSuite.OutcomeAsync(page);
        Assert.Contains(Path.GetFileName(file), outcome);
        Assert.DoesNotContain("No file was chosen", outcome);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Import these figures" })).ToHaveCountAsync(0);
        await WebSuite.AssertAccessibleAsync(page);
        File.Delete(file);
    }

    [Fact]
    public async Task The_template_lists_the_pillars_indicators_and_a_wrong_file_type_is_refused_clearly()
    {
        var page = await web.PageAsync("analyst-reducing-harm");
        var template = await page.APIRequest.GetAsync("/app/figures/template?format=csv");
        var csv = await template.TextAsync();
        Assert.Contains("calls.total", csv);
        Assert.EndsWith("indicator,from,to,value\n", csv);

        await page.GotoAsync("/app/figures");
        var file = Path.Combine(Path.GetTempPath(), $"figures-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, "not figures");
        await page.GetByLabel("File of figures").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        Assert.Contains("is neither a CSV file (.csv) nor an Excel workbook (.xlsx)", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
    }
}
