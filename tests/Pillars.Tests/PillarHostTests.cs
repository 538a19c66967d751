using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Plan.Pillar.V1;
using PlanServices.Testing;

namespace PlanServices.Pillars.Tests;

/// <summary>The pillar hosts in process, seeded from their sample files into their own SQLite files.</summary>
public sealed class PillarHostTests
{
    private static ServiceServer<T> Host<T>(string name) where T : class => new(name);

    private static HttpClient Client<T>(ServiceServer<T> host) where T : class => host.Http();

    [Fact]
    public async Task Preventing_crime_serves_table_1_as_printed()
    {
        await using var host = Host<PreventingCrime.Host>("preventing-crime");
        using var client = Client(host);
        using var json = JsonDocument.Parse(await client.GetStringAsync("/tables/2025-12"));

        Assert.Equal("preventing-crime", json.RootElement.GetProperty("pillar").GetString());
        Assert.Equal("1st October 2025 to 31st December 2025", json.RootElement.GetProperty("reportingPeriod").GetString());
        var first = json.RootElement.GetProperty("tables")[0].GetProperty("rows")[0];
        Assert.Equal("Violence with injury", first.GetProperty("group").GetString());
        Assert.Equal(["7,777", "7,904", "8,274", "-1.6%", "-6.0%"],
            first.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task The_tables_by_district_count_that_districts_records_and_the_seven_add_up_to_the_force()
    {
        await using var host = Host<PreventingCrime.Host>("preventing-crime");
        using var client = Client(host);
        static decimal Burglaries(JsonDocument json) => decimal.Parse(json.RootElement.GetProperty("tables").EnumerateArray()
            .Single(t => t.GetProperty("id").GetString() == "neighbourhood-crime").GetProperty("rows").EnumerateArray()
            .Single(r => r.GetProperty("group").GetString() == "Residential burglary" && r.GetProperty("label").GetString() == "Number of crimes")
            .GetProperty("cells")[0].GetProperty("text").GetString()!, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);

        decimal sum = 0;
        foreach (var district in PlanServices.Common.Norfolk.Districts)
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync($"/tables/2025-12?district={Uri.EscapeDataString(district)}"));
            Assert.Equal(district, json.RootElement.GetProperty("district").GetString());
            // Violence with injury is imported as the force's counts: it has no district.
            Assert.Equal("Data not available", json.RootElement.GetProperty("tables")[0].GetProperty("rows")[0].GetProperty("cells")[0].GetProperty("text").GetString());
            sum += Burglaries(json);
        }
        using var force = JsonDocument.Parse(await client.GetStringAsync("/tables/2025-12"));
        Assert.Equal(1_231m, Burglaries(force));
        Assert.Equal(1_231m, sum);

        using var wrong = await client.GetAsync("/tables/2025-12?district=suffolk");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("'suffolk' is not one of Norfolk's districts", await wrong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_financial_year_and_any_run_of_months_are_reporting_periods_too()
    {
        await using var host = Host<PreventingCrime.Host>("preventing-crime");
        using var client = Client(host);
        using var year = JsonDocument.Parse(await client.GetStringAsync("/tables/FY2025-26"));
        Assert.Equal("1st April 2025 to 31st March 2026", year.RootElement.GetProperty("reportingPeriod").GetString());
        var html = await client.GetStringAsync("/tables/2025-01..2025-12.html");
        Assert.Contains("Reporting period: 1st January 2025 to 31st December 2025.", html);
        Assert.Contains("<td class=\"n\">7,777</td><td class=\"n\">7,904</td>", html);
    }

    [Fact]
    public async Task Cohesive_communities_shows_its_tables_as_an_accessible_page()
    {
        await using var host = Host<CohesiveCommunities.Host>("cohesive-communities");
        using var client = Client(host);
        var response = await client.GetAsync("/tables/2025-12.html");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("<html lang=\"en-GB\">", html);
        Assert.Contains("<caption>Killed and Serious Injury (KSI) collisions and KSI collisions involving vulnerable road users.</caption>", html);
        Assert.Contains("<th scope=\"row\">Horse Riders</th><td class=\"n\">0</td><td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">-100.0%</td><td class=\"n\">Not applicable</td>", html);
    }

    [Fact]
    public async Task Reducing_harm_marks_months_that_miss_the_999_target()
    {
        await using var host = Host<ReducingHarm.Host>("reducing-harm");
        using var client = Client(host);
        var html = await client.GetStringAsync("/tables/2025-12.html");
        Assert.Contains("<th scope=\"row\">December 2025</th><td class=\"n\">10,375</td><td class=\"n\">6.61</td><td class=\"n\">91.5% (target met)</td>", html);
        Assert.Contains("<td class=\"n missed\">86.5% (target missed)</td>", html);
    }

    [Fact]
    public async Task A_reporting_period_that_is_not_a_period_is_a_clear_400()
    {
        await using var host = Host<ReducingHarm.Host>("reducing-harm");
        using var client = Client(host);
        var response = await client.GetAsync("/tables/2025-Q4");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'2025-Q4' is not a reporting period: give a quarter by its last month (2025-12), a financial year (FY2025-26) or a run of months (2025-01..2025-06)",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_period_whose_figures_reach_outside_the_calendar_is_a_clear_400_over_http_and_grpc_and_december_9999_is_reported()
    {
        await using var host = Host<ReducingHarm.Host>("reducing-harm");
        using var client = Client(host);
        var grpc = host.CreateClient();
        const string early = "'0001-03' is too early: its figures would reach back before January of year 1 (a period's windows look back 120 months " +
            "from its end and a period's length before its start; the earliest quarter that can be reported ends 0010-12)";
        const string late = "'FY9999-00' ends after December 9999, the last month of the calendar";
        foreach (var (period, error) in new[] { ("0001-03", early), ("FY9999-00", late) })
        {
            var response = await client.GetAsync($"/tables/{period}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(error, problem.RootElement.GetProperty("detail").GetString());
            Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/tables/{period}.html")).StatusCode);
            var refused = await Assert.ThrowsAsync<RpcException>(() => grpc.GetTablesAsync(new GetTablesRequest { PeriodEnd = period }).ResponseAsync);
            Assert.Equal((StatusCode.InvalidArgument, $"period_end: {error}"), (refused.StatusCode, refused.Status.Detail));
        }
        Assert.False(Common.ReportingPeriod.TryParse("0001-01..0010-06", out _, out var run));
        Assert.StartsWith("'0001-01..0010-06' is too early", run);

        using var earliest = JsonDocument.Parse(await client.GetStringAsync("/tables/0010-12"));
        Assert.Equal("1st October 0010 to 31st December 0010", earliest.RootElement.GetProperty("reportingPeriod").GetString());
        using var last = JsonDocument.Parse(await client.GetStringAsync("/tables/9999-12"));
        Assert.Equal("1st October 9999 to 31st December 9999", last.RootElement.GetProperty("reportingPeriod").GetString());
        var tables = await grpc.GetTablesAsync(new GetTablesRequest { PeriodEnd = "9999-12" });
        Assert.Equal("1 October 9999 to 31 December 9999", tables.PeriodDates);
        Assert.Equal("Data not available", tables.Tables.Single(t => t.Id == "calls-999").Rows[^1].Cells[0].Text);
    }

    [Fact]
    public async Task Health_and_liveness_answer_once_the_store_is_ready()
    {
        await using var host = Host<PreventingCrime.Host>("preventing-crime");
        using var client = Client(host);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
    }

    [Fact]
    public async Task A_period_without_data_prints_data_not_available_rather_than_zeros()
    {
        await using var host = Host<PreventingCrime.Host>("preventing-crime");
        using var client = Client(host);
        using var json = JsonDocument.Parse(await client.GetStringAsync("/tables/2019-12"));
        var cells = json.RootElement.GetProperty("tables")[0].GetProperty("rows")[0].GetProperty("cells").EnumerateArray()
            .Select(c => c.GetProperty("text").GetString());
        Assert.Equal(["Data not available", "Data not available", "Data not available", "Not applicable", "Not applicable"], cells);
    }
}

/// <summary>Computed tables are cached per reporting period and data version: every write shows at the next read.</summary>
public sealed class TablesCacheTests
{
    private static async Task<string> LastTwelveMonthsOfCallsAsync(PillarService.PillarServiceClient client) =>
        (await client.GetTablesAsync(new GetTablesRequest { PeriodEnd = "2025-12" })).Tables.Single(t => t.Id == "calls-999")
            .Rows.Single(r => r.Label == "Last 12 months").Cells[0].Text;

    [Fact]
    public async Task A_revised_figure_shows_at_once_whether_recorded_over_grpc_or_imported_beside_the_service()
    {
        await using var server = new ServiceServer<ReducingHarm.Host>("reducing-harm");
        var client = server.CreateClient();
        Assert.Equal("129,695", await LastTwelveMonthsOfCallsAsync(client));
        Assert.Equal("129,695", await LastTwelveMonthsOfCallsAsync(client));

        await client.RecordObservationsAsync(new RecordObservationsRequest
        {
            Observations = { new Plan.Pillar.V1.Observation { Indicator = "calls.total", From = "2025-12", To = "2025-12", Value = 10_400 } },
        });
        Assert.Equal("129,720", await LastTwelveMonthsOfCallsAsync(client));

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var importer = scope.ServiceProvider.GetRequiredService<Import.ObservationImporter>();
            await importer.ImportAsync("indicator,from,to,value\ncalls.total,2025-12,2025-12,10425\n", "revision.csv");
        }
        Assert.Equal("129,745", await LastTwelveMonthsOfCallsAsync(client));
    }
}

/// <summary>The import command changes figures only when signed, and records who signed.</summary>
public sealed class ImportCommandTests
{
    private static async Task<(int Code, IReadOnlyList<string> Sources)> ImportAsync(ServiceServer<ReducingHarm.Host> server, params string[] args)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var code = await Import.ImportCommand.RunAsync(scope.ServiceProvider, args);
        var sources = await server.WithDbAsync(db => db.Imports.OrderBy(i => i.Id).Select(i => i.Source).ToListAsync());
        return (code, sources);
    }

    [Fact]
    public async Task An_unsigned_import_is_refused_and_a_signed_one_records_its_operator_or_command_area()
    {
        await using var server = new ServiceServer<ReducingHarm.Host>("reducing-harm");
        var file = Path.Combine(Path.GetTempPath(), $"calls-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "indicator,from,to,value\ncalls.total,2026-01,2026-01,9800\n");
        var before = (await ImportAsync(server, "--Storage:Provider=Sqlite")).Sources.Count;

        Assert.Equal(2, (await ImportAsync(server, file)).Code);
        var otherPillar = TestAuth.Token([ServiceDefaults.Roles.CommandArea], ["preventing-crime"], "Analyst, Preventing Crime");
        Assert.Equal(2, (await ImportAsync(server, file, "--token", otherPillar)).Code);
        Assert.Equal(2, (await ImportAsync(server, "--token", "not-a-token", file)).Code);
        Assert.Equal(before, (await ImportAsync(server, "--Storage:Provider=Sqlite")).Sources.Count);

        var signed = await ImportAsync(server, file, "--as", "Jane Smith");
        Assert.Equal(0, signed.Code);
        Assert.Equal($"Jane Smith (operator): {Path.GetFileName(file)}", signed.Sources[^1]);

        await File.WriteAllTextAsync(file, "indicator,from,to,value\ncalls.total,2026-01,2026-01,9900\n");
        var own = TestAuth.Token([ServiceDefaults.Roles.CommandArea], ["reducing-harm"], "Analyst, Reducing Harm");
        var byToken = await ImportAsync(server, $"--token={own}", file);
        Assert.Equal(0, byToken.Code);
        Assert.Equal($"Analyst, Reducing Harm: {Path.GetFileName(file)}", byToken.Sources[^1]);

        // A Constabulary system asks the authority for its own token by client credentials; another pillar's is refused.
        var secret = Path.GetTempFileName();
        await File.WriteAllTextAsync(secret, TestAuth.DemoPassword + "\n");
        Assert.Equal(2, (await ImportAsync(server, file, "--client", "constabulary-preventing-crime", "--secret-file", secret)).Code);
        Assert.Equal(2, (await ImportAsync(server, file, "--client", "constabulary-reducing-harm")).Code);
        await File.WriteAllTextAsync(file, "indicator,from,to,value\ncalls.total,2026-01,2026-01,9950\n");
        var byClient = await ImportAsync(server, file, "--client", "constabulary-reducing-harm", "--secret-file", secret);
        Assert.Equal(0, byClient.Code);
        Assert.Equal($"Constabulary records system, Reducing Harm: {Path.GetFileName(file)}", byClient.Sources[^1]);
    }
}

/// <summary>A CSV saved by Excel as "CSV UTF-8" starts with a byte-order mark: the upload and the import command read it as any other.</summary>
public sealed class ByteOrderMarkTests
{
    private static readonly byte[] Figures = [0xEF, 0xBB, 0xBF, .. "indicator,from,to,value\r\ncalls.total,2026-04,2026-04,9800\r\n"u8];

    [Fact]
    public async Task The_web_upload_and_the_import_command_read_a_csv_with_a_byte_order_mark()
    {
        await using var server = new ServiceServer<ReducingHarm.Host>("reducing-harm");
        var analyst = server.CreateClient(TestAuth.Token([ServiceDefaults.Roles.CommandArea], ["reducing-harm"], "Analyst, Reducing Harm"));
        var preview = await analyst.ImportFiguresAsync(new ImportFiguresRequest { FileName = "calls.csv", Content = Google.Protobuf.ByteString.CopyFrom(Figures), DryRun = true });
        Assert.Equal((1, 1, 0), (preview.Received, preview.Added, preview.Revised));

        var file = Path.Combine(Path.GetTempPath(), $"calls-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(file, Figures);
        await using (var scope = server.Services.CreateAsyncScope())
            Assert.Equal(0, await Import.ImportCommand.RunAsync(scope.ServiceProvider, [file, "--as", "Jane Smith"]));
        Assert.Equal(9800m, await server.WithDbAsync(db => db.Observations.Where(o => o.Indicator == "calls.total" && o.From == new DateOnly(2026, 4, 1)).Select(o => o.Value).SingleAsync()));
    }
}

/// <summary>Figures as analysts keep them (CSV or Excel), previewed before anything is written.</summary>
public sealed class ImportFiguresTests
{
    private static readonly string AnalystToken = TestAuth.Token([ServiceDefaults.Roles.CommandArea], ["reducing-harm"], "Analyst, Reducing Harm");

    public static byte[] Workbook(params object[][] rows)
    {
        using var workbook = new ClosedXML.Excel.XLWorkbook();
        var sheet = workbook.AddWorksheet("Figures");
        for (var r = 0; r < rows.Length; r++)
            for (var c = 0; c < rows[r].Length; c++)
                sheet.Cell(r + 1, c + 1).Value = rows[r][c];
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task An_excel_file_with_a_bad_row_is_refused_naming_the_row_and_a_dry_run_previews_without_writing()
    {
        await using var server = new ServiceServer<ReducingHarm.Host>("reducing-harm");
        var client = server.CreateClient(AnalystToken);
        var before = await server.WithDbAsync(db => db.Observations.CountAsync());
        var bad = Workbook(["indicator", "from", "to", "value"], ["calls.total", "2026-01", "2026-01", 9800], ["calls.total", new DateTime(2026, 2, 1), "2026-02", -3]);
        var refused = await Assert.ThrowsAsync<RpcException>(() => client.ImportFiguresAsync(new ImportFiguresRequest
        {
            FileName = "calls.xlsx", Content = Google.Protobuf.ByteString.CopyFrom(bad), DryRun = true,
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("row 3: value -3 is negative", refused.Status.Detail);
        var violation = Assert.Single(refused.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations);
        Assert.Equal("row 3", violation.Field);
        Assert.StartsWith("value -3 is negative", violation.Description);

        var good = Workbook(["Indicator", "From", "To", "Value"], ["calls.total", "2026-04", "2026-04", 9800], ["calls.total", new DateTime(2025, 12, 1), new DateTime(2025, 12, 1), 10_400]);
        var preview = await client.ImportFiguresAsync(new ImportFiguresRequest { FileName = "calls.xlsx", Content = Google.Protobuf.ByteString.CopyFrom(good), DryRun = true });
        Assert.Equal((2, 1, 1, true), (preview.Received, preview.Added, preview.Revised, preview.DryRun));
        Assert.Equal(("calls.total", "2025-12", 10_375.0, 10_400.0), (preview.Revisions[0].Indicator, preview.Revisions[0].From, preview.Revisions[0].OldValue, preview.Revisions[0].NewValue));
        Assert.Equal(before, await server.WithDbAsync(db => db.Observations.CountAsync()));

        var imported = await client.ImportFiguresAsync(new ImportFiguresRequest { FileName = "calls.xlsx", Content = Google.Protobuf.ByteString.CopyFrom(good) });
        Assert.Equal((1, 1, false), (imported.Added, imported.Revised, imported.DryRun));
        Assert.Equal(before + 1, await server.WithDbAsync(db => db.Observations.CountAsync()));
        Assert.Equal("Analyst, Reducing Harm: calls.xlsx", await server.WithDbAsync(db => db.Imports.OrderBy(i => i.Id).Select(i => i.Source).LastAsync()));

        var notExcel = await Assert.ThrowsAsync<RpcException>(() => client.ImportFiguresAsync(new ImportFiguresRequest { FileName = "calls.xlsx", Content = Google.Protobuf.ByteString.CopyFromUtf8("not a workbook") }).ResponseAsync);
        Assert.Contains("is not an Excel workbook", notExcel.Status.Detail);
    }
}
