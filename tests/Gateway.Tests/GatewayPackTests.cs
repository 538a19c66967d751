using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Playwright;
using Plan.Accountability.V1;
using Plan.Pillar.V1;
using PlanServices.Gateway.Pack;
using Grpc.Core;
using PlanServices.Testing;
using Word = DocumentFormat.OpenXml.Wordprocessing;

namespace PlanServices.Gateway.Tests;

/// <summary>The 21 April 2026 pack through the gateway, from the sample data, in every format.</summary>
[Collection(SuiteCollection.Name)]
public sealed class GatewayPackTests(Suite suite)
{
    private const string Pack = "/packs/pam-2026-04-21";
    private static readonly IReadOnlyDictionary<int, List<(string Row, List<string> Cells)>> Expected = PrintedPack.Expected();

    private async Task<byte[]> GetAsync(string path)
    {
        using var http = suite.GatewayHttp();
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("false", response.Headers.GetValues("Pack-Partial").Single());
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static string Key(JsonElement row) =>
        PrintedPack.Key(row.GetProperty("group").GetString() is { Length: > 0 } g ? g : null, row.GetProperty("label").GetString()!);

    [Fact]
    public async Task The_json_pack_holds_tables_1_to_9_numbered_across_the_pack_with_every_figure()
    {
        using var json = JsonDocument.Parse(await GetAsync($"{Pack}.json"));
        var tables = json.RootElement.GetProperty("papers").EnumerateArray()
            .SelectMany(p => p.GetProperty("objectives").EnumerateArray()).SelectMany(o => o.GetProperty("tables").EnumerateArray()).ToList();

        Assert.Equal(Enumerable.Range(1, 9), tables.Select(t => t.GetProperty("number").GetInt32()));
        foreach (var table in tables)
        {
            var expected = Expected[table.GetProperty("number").GetInt32()];
            var rows = table.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(expected.Select(e => e.Row), rows.Select(Key));
            Assert.Equal(expected.Select(e => e.Cells), rows.Select(r => r.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("text").GetString()!).ToList()));
        }
        Assert.False(json.RootElement.GetProperty("partial").GetBoolean());
        using var schema = JsonDocument.Parse(await File.ReadAllTextAsync(Repo.Path("docs", "pack.schema.json")));
        Assert.Empty(SchemaCheck.Violations(schema.RootElement, json.RootElement));
        Assert.Equal(["preventing-crime", "cohesive-communities", "reducing-harm"],
            json.RootElement.GetProperty("papers").EnumerateArray().Select(p => p.GetProperty("pillar").GetString()));
    }

    [Fact]
    public async Task Html_pdf_and_docx_print_the_same_wording_the_reporting_period_and_the_target_status()
    {
        var html = WebUtility.HtmlDecode(Regex.Replace(System.Text.Encoding.UTF8.GetString(await GetAsync($"{Pack}.html")), "<[^>]+>", " "));
        var pdf = await PackPdf.PdfTextAsync(await GetAsync($"{Pack}.pdf"), "/usr/bin/pdftotext", CancellationToken.None);
        using var stream = new MemoryStream(await GetAsync($"{Pack}.docx"));
        using var document = WordprocessingDocument.Open(stream, false);
        var docx = string.Join("\n", document.MainDocumentPart!.Document.Body!.Descendants<Word.Paragraph>().Select(p => p.InnerText));
        foreach (var text in new[]
        {
            PackWording.ReportingPeriod("1 October 2025 to 31 December 2025"), PackWording.Version(new Publication(1, new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 2), []))[..25],
            PackWording.Agenda, PackWording.NextMeetings, PackWording.MinutesHeading, PackWording.Signatures, PackWording.Objectives("Reducing Harm"),
            "88.3% (target missed)", "REASON FOR SUBMISSION",
        })
        {
            Assert.Contains(text, html);
            Assert.Contains(text, Regex.Replace(pdf, @"\s+", " "));
            Assert.Contains(text, docx);
        }
    }

    [Fact]
    public async Task The_minutes_keep_their_items_and_numbering_as_recorded_and_name_each_priority_as_the_plan_does()
    {
        using var http = suite.GatewayHttp("");
        var html = await http.GetStringAsync("/packs/pam-2026-04-21.html");
        string[] items =
        [
            "1. In attendance", "2. Declarations of Personal and/or Prejudicial Interests",
            "3. Confirm the Minutes and Actions of the Previous Meeting Held on Wednesday 22 October 2025", "4. Public Questions",
            "5. Police and Crime Plan: Priority 2 – Cohesive Communities – Neighbourhood Policing Guarantee",
            "6. Police and Crime Plan: Priority 1 – Preventing Crime – Winter of Action Plan",
            "7. Police and Crime Plan: Priority 3 – Reducing Harm – Emergency Call Performance",
            "8. Emerging Operational/Organisational Risks", "9. Any Other Business",
        ];
        var positions = items.Select(item => html.IndexOf($"<h3>{item}</h3>", StringComparison.Ordinal)).ToList();
        Assert.All(positions.Zip(items), p => Assert.True(p.First >= 0, $"missing: {p.Second}"));
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public async Task The_html_pack_prints_every_table_with_its_number_caption_and_figures()
    {
        // Compared as a reader's browser reads the text: however an encoder writes a character, it decodes to the same.
        // A charted measure's row label links to its story.
        var html = WebUtility.HtmlDecode(System.Text.Encoding.UTF8.GetString(await GetAsync($"{Pack}.html")));
        foreach (var printed in PrintedPack.Tables)
        {
            Assert.Contains($"<caption>Table {printed.Number}: {printed.Caption}</caption>", html);
            foreach (var (row, cells) in Expected[printed.Number])
                Assert.Matches("<th scope=\"row\">(<a class=\"story\" href=\"/measures/[^\"]+\">)?" + Regex.Escape(row.Split(" / ")[^1]) + "(</a>)?</th>" + string.Concat(cells.Select(c =>
                    $"<td class=\"n( missed)?\">{Regex.Escape(c)}( \\(target (met|missed)\\))?</td>")), html);
        }
    }

    [Fact]
    public async Task The_pdf_pack_prints_every_table_and_the_agenda_names_the_pages_where_items_start()
    {
        var pdf = await GetAsync($"{Pack}.pdf");
        var text = await PackPdf.PdfTextAsync(pdf, "/usr/bin/pdftotext", CancellationToken.None);
        var pages = text.Split('\f');
        var flat = Regex.Replace(text, @"\s+", " ");
        foreach (var printed in PrintedPack.Tables)
        {
            Assert.Contains($"Table {printed.Number}:", flat);
            foreach (var (_, cells) in Expected[printed.Number])
                Assert.Matches(string.Join(@"\s+(\(target (met|missed)\)\s+)?", cells.Select(c => Regex.Escape(c).Replace(@"\ ", @"\s+"))), text);
        }

        var agenda = pages[0];
        foreach (var (title, heading) in new[]
        {
            ("To confirm the minutes", "Summary of the PCC Accountability Meeting"),
            ("Priority 1 – Preventing Crime", "PREVENTING CRIME OBJECTIVES"),
            ("Priority 2 – Cohesive Communities", "COHESIVE COMMUNITIES OBJECTIVES"),
            ("Priority 3 – Reducing Harm", "REDUCING HARM OBJECTIVES"),
        })
        {
            var line = agenda.Split('\n').Single(l => l.Contains(title, StringComparison.Ordinal));
            var page = int.Parse(Regex.Match(line, @"Page (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains(pages[page - 1].Split('\n'), l => l.Trim() == heading);
            Assert.DoesNotContain(pages[..(page - 1)].SelectMany(p => p.Split('\n')), l => l.Trim() == heading);
        }
    }

    [Fact]
    public async Task The_docx_pack_reads_back_with_headings_and_real_tables_holding_every_figure()
    {
        using var stream = new MemoryStream(await GetAsync($"{Pack}.docx"));
        using var document = WordprocessingDocument.Open(stream, false);
        var body = document.MainDocumentPart!.Document.Body!;
        var headings = body.Elements<Word.Paragraph>().Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value?.StartsWith("Heading") == true).Select(p => p.InnerText).ToList();
        Assert.Contains("PREVENTING CRIME OBJECTIVES", headings);
        Assert.Contains("Speed up emergency response times", headings);

        foreach (var printed in PrintedPack.Tables)
        {
            var caption = body.Elements<Word.Paragraph>().Single(p => p.InnerText.StartsWith($"Table {printed.Number}: ", StringComparison.Ordinal));
            var table = caption.ElementsAfter().OfType<Word.Table>().First();
            var rows = table.Elements<Word.TableRow>().Skip(1).Select(r => r.Elements<Word.TableCell>().Select(c => c.InnerText).ToList()).ToList();
            var labels = printed.Columns.Count - printed.Rows[0].Values.Count;
            Assert.Equal(Expected[printed.Number].Select(e => e.Cells), rows.Select(r => r.Skip(labels).Select(c => Regex.Replace(c, @" \(target (met|missed)\)$", "")).ToList()));
        }

        // Page numbers in the footer; the agenda's pages as fields to bookmarks on the parts; title and date in the properties.
        var footer = document.MainDocumentPart.FooterParts.Single().Footer!;
        Assert.Equal([" PAGE ", " NUMPAGES "], footer.Descendants<Word.SimpleField>().Select(f => f.Instruction!.Value!));
        var pageRefs = body.Elements<Word.Table>().First().Descendants<Word.SimpleField>().Select(f => (f.Instruction!.Value!, f.InnerText)).ToList();
        using var json = JsonDocument.Parse(await GetAsync($"{Pack}.json"));
        var expected = json.RootElement.GetProperty("front").GetProperty("agenda").EnumerateArray().Where(a => a.GetProperty("section").ValueKind == JsonValueKind.String)
            .Select(a => ($" PAGEREF part_{a.GetProperty("section").GetString()!.Replace('-', '_')} \\h ", a.GetProperty("page").GetString()!["Page ".Length..])).ToList();
        Assert.Equal(4, expected.Count);
        Assert.Equal(expected, pageRefs);
        var bookmarks = body.Descendants<Word.BookmarkStart>().Select(b => b.Name!.Value!).ToList();
        Assert.All(pageRefs, r => Assert.Contains(r.Item1.Split(' ')[2], bookmarks));
        Assert.Equal("PCC Accountability Meeting – Tuesday 21 April 2026", document.PackageProperties.Title);
        Assert.Equal(new DateTime(2026, 4, 21), document.PackageProperties.Created!.Value.Date);
    }

    /// <summary>The fields of a CSV line (RFC 4180 quoting).</summary>
    private static List<string> Fields(string line) =>
        Regex.Matches(line, "(?:^|,)(\"(?:[^\"]|\"\")*\"|[^,]*)").Select(m => m.Groups[1].Value is ['"', .. var quoted, '"'] ? quoted.Replace("\"\"", "\"") : m.Groups[1].Value).ToList();

    [Fact]
    public async Task A_published_tables_csv_holds_each_figure_as_the_plain_number_printed_with_its_unit_named()
    {
        using var http = suite.GatewayHttp();
        async Task<string[]> LinesAsync(int number)
        {
            var bytes = await http.GetByteArrayAsync($"{Pack}/tables/{number}.csv");
            Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
            return System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        }

        var violence = await LinesAsync(1);
        Assert.Equal("Crime,Indicator,\"Unit (Last 12 months, Previous 12 months, Long-term average)\",Last 12 months,Previous 12 months,Long-term average," +
            "\"Unit (% difference to previous 12 months, % difference to long-term average)\",% difference to previous 12 months,% difference to long-term average", violence[0]);
        Assert.Equal("Violence with injury,Number of crimes,number,7777,7904,8274,%,-1.6,-6.0", violence[1]);
        Assert.Equal("Violence with injury,% Domestic Abuse,%,33.8,33.5,33.6,percentage points,0.3,0.2", violence[2]);
        var ksi = await LinesAsync(4);
        Assert.Equal("Indicator,Last 12 months,Previous 12 months,Long-term average,% difference to previous 12 months,% difference to long-term average", ksi[0]);
        Assert.Contains("Horse Riders,0,1,0,-100.0,", ksi);
        var calls = await LinesAsync(8);
        Assert.Equal("Month,Total Calls,Mean Answer Time (seconds),% 999 calls answered in under 10 seconds,% 999 calls answered in 10 to under 60 seconds," +
            "% 999 calls answered in 60 seconds and over", calls[0]);
        Assert.Equal("January 2025,9377,5.84,92.8,7.0,0.2", calls[1]);

        // Every table of the published pack: each figure as printed without separators or units, each word an empty cell.
        using var json = JsonDocument.Parse(await GetAsync($"{Pack}.json"));
        foreach (var table in json.RootElement.GetProperty("papers").EnumerateArray().SelectMany(p => p.GetProperty("objectives").EnumerateArray())
            .SelectMany(o => o.GetProperty("tables").EnumerateArray()))
        {
            var lines = await LinesAsync(table.GetProperty("number").GetInt32());
            var header = Fields(lines[0]);
            var labels = table.GetProperty("labelColumns").GetInt32();
            var figures = Enumerable.Range(labels, header.Count - labels).Where(i => !header[i].StartsWith("Unit (", StringComparison.Ordinal)).ToList();
            var rows = table.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(rows.Count + 2, lines.Length);
            foreach (var (row, line) in rows.Zip(lines.Skip(1)))
                Assert.Equal(row.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("text").GetString() switch
                    {
                        "Data not available" or "Not applicable" => "",
                        var text => Regex.Replace(text!, "[,%]|pp$", ""),
                    }),
                    figures.Select(i => Fields(line)[i]));
        }
    }

    [Fact]
    public async Task The_docx_tables_size_their_columns_to_their_content_and_right_align_figures()
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(await GetAsync($"{Pack}.docx")), false);
        var body = document.MainDocumentPart!.Document.Body!;
        var invalid = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(invalid.Count == 0, string.Join("\n", invalid));

        static int[] Grid(Word.Table table) => table.GetFirstChild<Word.TableGrid>()!.Elements<Word.GridColumn>().Select(g => int.Parse(g.Width!.Value!)).ToArray();
        var agenda = Grid(body.Elements<Word.Table>().First());
        Assert.Equal(["Item", "Time", "Agenda Item", "Page Number"], body.Elements<Word.Table>().First().Elements<Word.TableRow>().First().Elements<Word.TableCell>().Select(c => c.InnerText));
        Assert.True(agenda[0] < 1000, $"the Item column is {agenda[0]} twips wide");
        Assert.True(agenda[2] > 4 * agenda[0] && agenda[2] == agenda.Max(), $"the agenda's columns are {string.Join(", ", agenda)} twips wide");
        Assert.InRange(agenda.Sum(), 9800, 9906);

        var table2 = body.Elements<Word.Paragraph>().Single(p => p.InnerText.StartsWith("Table 2: ", StringComparison.Ordinal)).ElementsAfter().OfType<Word.Table>().First();
        var widths = Grid(table2);
        Assert.True(widths[0] > widths[2] && widths[1] > widths[2], $"Table 2's labels are narrower than its figures: {string.Join(", ", widths)}");
        Assert.All(table2.Elements<Word.TableRow>().Select(r => r.Elements<Word.TableCell>().Select(c => c.TableCellProperties!.TableCellWidth!.Width!.Value).ToArray()),
            cells => Assert.Equal(widths.Select(w => $"{w}"), cells));
        static bool RightAligned(Word.TableCell cell) => cell.GetFirstChild<Word.Paragraph>()!.ParagraphProperties?.Justification?.Val?.Value == Word.JustificationValues.Right;
        foreach (var row in table2.Elements<Word.TableRow>().Skip(1))
            Assert.Equal([false, false, true, true, true, true, true], row.Elements<Word.TableCell>().Select(RightAligned));
        Assert.All(body.Elements<Word.Table>().First().Descendants<Word.TableCell>(), c => Assert.False(RightAligned(c)));
        Assert.Equal(Word.TableLayoutValues.Fixed, table2.GetFirstChild<Word.TableProperties>()!.GetFirstChild<Word.TableLayout>()!.Type!.Value);
    }

    [Fact]
    public async Task Chromium_shows_the_html_pack_with_ordered_headings_captions_and_table_8()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
        var page = await browser.NewPageAsync();
        await page.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["Authorization"] = $"Bearer {TestAuth.Admin}" });
        await page.GotoAsync(new Uri(suite.Gateway.HttpAddress, $"{Pack}.html").ToString());

        Assert.Equal("en-GB", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        var levels = await page.EvaluateAsync<int[]>("() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])");
        Assert.True(levels.Zip(levels.Skip(1)).All(p => p.Second <= p.First + 1), "a heading level is skipped");
        Assert.Equal(0, await page.Locator("table:not(:has(caption))").CountAsync());
        Assert.Equal(0, await page.Locator("thead th:not([scope])").CountAsync());
        var lastRow = await page.Locator("#table-8 tbody tr").Last.Locator("td").AllInnerTextsAsync();
        Assert.Equal(["129,695", "7.53", "88.3% (target missed)", "10.9%", "0.8%"], lastRow);
        Assert.Equal("bg", await page.Locator("p[lang=bg]").GetAttributeAsync("lang"));
        Assert.Equal("rtl", await page.Locator("p[lang=ar]").GetAttributeAsync("dir"));
    }

    [Fact]
    public async Task The_printed_pack_keeps_each_caption_with_its_table_and_header_and_the_signatures_together()
    {
        using var http = suite.GatewayHttp("");
        var pdf = await http.GetByteArrayAsync($"{Pack}.pdf");
        var json = await http.GetFromJsonAsync<JsonElement>($"{Pack}.json");
        var pages = (await PackPdf.PdfTextAsync(pdf, "/usr/bin/pdftotext", CancellationToken.None)).Split('\f');
        int PageOf(string text) => Array.FindIndex(pages, p => p.Replace("\n", " ").Contains(text, StringComparison.Ordinal));

        foreach (var table in json.GetProperty("papers").EnumerateArray().SelectMany(p => p.GetProperty("objectives").EnumerateArray())
            .SelectMany(o => o.GetProperty("tables").EnumerateArray()))
        {
            var number = table.GetProperty("number").GetInt32();
            var caption = PageOf($"Table {number}:");
            var header = PageOf(table.GetProperty("columns").EnumerateArray().Last().GetString()!);
            var firstRow = pages.Skip(caption).Take(2).ToList().FindIndex(p => p.Contains(table.GetProperty("rows")[0].GetProperty("cells")[0].GetProperty("text").GetString()!, StringComparison.Ordinal));
            Assert.True(caption >= 0 && firstRow == 0, $"Table {number}: its caption is on page {caption + 1}, its first row not on that page");
            Assert.True(header <= caption + 1, $"Table {number}: its header row is not with its caption");
        }
        int LastPageOf(string text) => Array.FindLastIndex(pages, p => p.Contains(text, StringComparison.Ordinal));
        var signatures = LastPageOf("Signatures");
        var signatories = json.GetProperty("minutes").GetProperty("signatories").EnumerateArray().Select(s => LastPageOf(s.GetProperty("name").GetString()!));
        Assert.All(signatories, page => Assert.True(page == signatures, "the signature block is split across pages"));
    }

    [Fact]
    public async Task Every_language_notice_is_drawn_with_fonts_that_have_its_letters_not_empty_boxes()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(suite.Gateway.HttpAddress, $"{Pack}.html").ToString());
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("DOM.enable");
        await cdp.SendAsync("CSS.enable");
        var root = (await cdp.SendAsync("DOM.getDocument"))!.Value.GetProperty("root").GetProperty("nodeId").GetInt32();
        var notices = (await cdp.SendAsync("DOM.querySelectorAll", new Dictionary<string, object> { ["nodeId"] = root, ["selector"] = "p[lang]" }))!.Value
            .GetProperty("nodeIds").EnumerateArray().Select(n => n.GetInt32()).ToList();
        Assert.Equal(10, notices.Count);
        foreach (var node in notices)
        {
            var text = await page.EvaluateAsync<string>($"() => [...document.querySelectorAll('p[lang]')][{notices.IndexOf(node)}].textContent");
            var fonts = (await cdp.SendAsync("CSS.getPlatformFontsForNode", new Dictionary<string, object> { ["nodeId"] = node }))!.Value
                .GetProperty("fonts").EnumerateArray().Select(f => f.GetProperty("familyName").GetString()!).ToList();
            // Every letter beyond ASCII must be in one of the fonts Chromium drew the notice with (fontconfig says which fonts have which letters).
            var letters = text.Where(c => c > 127 && char.IsLetter(c)).Distinct().ToList();
            var missing = letters.Where(c => !fonts.Any(f => Covers(f, c))).ToList();
            Assert.True(missing.Count == 0, $"{text[..20]}…: drawn with {string.Join(", ", fonts)}, which have no glyph for {string.Concat(missing)}");
        }
    }

    private static bool Covers(string family, char letter)
    {
        using var fcList = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("fc-list", [$":family={family}:charset={(int)letter:x}", "family"]) { RedirectStandardOutput = true })!;
        var output = fcList.StandardOutput.ReadToEnd();
        fcList.WaitForExit();
        return output.Trim().Length > 0;
    }

    [Fact]
    public async Task Markup_in_narrative_and_cover_shows_as_text_in_every_format()
    {
        const string script = "<script>alert('pack')</script>";
        var pillar = suite.ReducingHarm.CreateClient();
        var accountability = suite.Accountability.CreateAccountability();
        await accountability.ScheduleMeetingAsync(new Meeting
        {
            Id = "pam-2026-10-14", Title = "PCC Accountability Meeting", Date = "2026-10-14", StartTime = "14:00", PeriodEnd = "2026-06",
            Venue = "Conference Room <b>OPCCN</b>",
        });
        var paper = await pillar.OpenPaperAsync(new OpenPaperRequest { PeriodEnd = "2026-06", MeetingId = "pam-2026-10-14", Author = "Analyst" });
        var cover = paper.Cover.Clone();
        cover.Subject = "Update <i>with</i> markup";
        await pillar.EditPaperAsync(new EditPaperRequest
        {
            PeriodEnd = "2026-06", BaseVersion = paper.Version, Cover = cover, ReplaceNarratives = true, Author = "Analyst", Reason = "Test",
            Narratives = { new ObjectiveNarrative { Objective = "emergency-response", Markdown = @"- Quoted: \<script\>alert('pack')\</script\>" } },
        });

        using var http = suite.GatewayHttp();
        var html = await http.GetStringAsync("/packs/pam-2026-10-14.html");
        Assert.DoesNotContain(script, html);
        Assert.Contains("Nothing found for", await suite.GatewayHttp("").GetStringAsync("/search?q=quoted+script+alert"));
        Assert.Contains("Quoted: &lt;script&gt;alert(&#39;pack&#39;)&lt;/script&gt;", html);
        Assert.Contains("Update &lt;i&gt;with&lt;/i&gt; markup", html);
        Assert.Contains("Conference Room &lt;b&gt;OPCCN&lt;/b&gt;", html);

        var json = await http.GetStringAsync("/packs/pam-2026-10-14.json");
        Assert.DoesNotContain("<script>", json);
        using var parsed = JsonDocument.Parse(json);
        var narrative = parsed.RootElement.GetProperty("papers")[2].GetProperty("objectives")[1].GetProperty("narrative").GetString();
        Assert.Equal(@"- Quoted: \<script\>alert('pack')\</script\>", narrative);

        var pdf = await PackPdf.PdfTextAsync(await http.GetByteArrayAsync("/packs/pam-2026-10-14.pdf"), "/usr/bin/pdftotext", CancellationToken.None);
        Assert.Contains($"Quoted: {script}", pdf);
        Assert.Contains("Update <i>with</i> markup", pdf);

        using var docx = WordprocessingDocument.Open(new MemoryStream(await http.GetByteArrayAsync("/packs/pam-2026-10-14.docx")), false);
        Assert.Contains($"Quoted: {script}", docx.MainDocumentPart!.Document.Body!.InnerText);
    }

    [Fact]
    public async Task An_unknown_meeting_or_format_is_a_clear_404()
    {
        using var http = suite.GatewayHttp();
        var meeting = await http.GetAsync("/packs/pam-1999-01-01.html");
        Assert.Equal(HttpStatusCode.NotFound, meeting.StatusCode);
        Assert.Contains("There is no meeting 'pam-1999-01-01'", await meeting.Content.ReadAsStringAsync());
        var format = await http.GetAsync($"{Pack}.odt");
        Assert.Equal(HttpStatusCode.NotFound, format.StatusCode);
        Assert.Contains("use .html, .pdf, .docx or .json", await format.Content.ReadAsStringAsync());
    }
}

/// <summary>The gateway's routing, and a pack whose pillar is down.</summary>
[Collection(SuiteCollection.Name)]
public sealed class GatewayRoutingTests(Suite suite)
{
    [Fact]
    public async Task Grpc_js_reaches_each_pillar_through_the_gateway_by_its_x_pillar_metadata()
    {
        foreach (var pillar in new[] { "preventing-crime", "cohesive-communities", "reducing-harm" })
        {
            var (code, _, catalogue) = await Node.CallAsync(suite.Gateway.GrpcTarget, "catalogue", pillar: pillar);
            Assert.Equal(0, code);
            Assert.Equal(pillar, catalogue.GetProperty("pillar").GetString());
        }
        var (streamCode, _, summary) = await Node.CallAsync(suite.Gateway.GrpcTarget, "stream", "2000", pillar: "reducing-harm");
        Assert.Equal(0, streamCode);
        Assert.Equal(2000, summary.GetProperty("added").GetInt32());
        var (listCode, _, rows) = await Node.CallAsync(suite.Gateway.GrpcTarget, "list", """{"indicator":"soc.disruptions","from":"2025-10","to":"2025-12"}""", pillar: "reducing-harm");
        Assert.Equal(0, listCode);
        Assert.Equal(3, rows.GetArrayLength());
    }

    [Fact]
    public async Task Status_and_trailers_pass_through_the_gateway()
    {
        var (code, details, _) = await Node.CallAsync(suite.Gateway.GrpcTarget, "tables", "Q4", pillar: "cohesive-communities");
        Assert.Equal((int)StatusCode.InvalidArgument, code);
        Assert.Equal("period_end: 'Q4' is not a reporting period: give a quarter by its last month (2025-12), a financial year (FY2025-26) or a run of months (2025-01..2025-06)", details);

        var accountability = new AccountabilityService.AccountabilityServiceClient(suite.Gateway.Channel());
        Assert.Equal("pam-2026-04-21", (await accountability.GetMeetingAsync(new GetMeetingRequest { Id = "pam-2026-04-21" })).Id);
    }

    [Theory]
    [InlineData(null, "x-pillar: missing; send metadata x-pillar with one of cohesive-communities, preventing-crime, reducing-harm.")]
    [InlineData("policing", "x-pillar: 'policing' is not a pillar; send metadata x-pillar with one of cohesive-communities, preventing-crime, reducing-harm.")]
    public async Task A_pillar_call_the_gateway_cannot_route_is_a_grpc_status_naming_the_choices(string? pillar, string message)
    {
        var (code, details, _) = await Node.CallAsync(suite.Gateway.GrpcTarget, "catalogue", pillar: pillar);
        Assert.Equal(((int)StatusCode.Unimplemented, message), (code, details));
    }

    [Fact]
    public async Task Http_routes_forward_to_the_pillars_rest_endpoints()
    {
        using var http = suite.GatewayHttp();
        using var json = JsonDocument.Parse(await http.GetStringAsync("/pillars/reducing-harm/tables/2025-12"));
        Assert.Equal("reducing-harm", json.RootElement.GetProperty("pillar").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/no-such-route")).StatusCode);
    }

    [Fact]
    public async Task A_pillar_that_is_down_answers_unavailable_at_once_and_the_pack_marks_its_paper_missing()
    {
        await using var own = new Suite();
        await own.InitializeAsync();
        await own.ReducingHarm.DisposeAsync();

        var (code, details, _) = await Node.CallAsync(own.Gateway.GrpcTarget, "catalogue", pillar: "reducing-harm");
        Assert.Equal((int)StatusCode.Unavailable, code);
        Assert.StartsWith("reducing-harm-grpc is unavailable", details);
        using var http = own.GatewayHttp();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/pillars/reducing-harm/tables/2025-12")).StatusCode);

        // The published April pack is stored, so it is whole whatever is down; a draft is assembled, and marked where a part is missing.
        using var published = await http.GetAsync("/packs/pam-2026-04-21.html");
        Assert.Equal(("false", "1"), (published.Headers.GetValues("Pack-Partial").Single(), published.Headers.GetValues("Pack-Version").Single()));
        await own.Accountability.CreateAccountability().ScheduleMeetingAsync(new Meeting
        {
            Id = "pam-2026-10-14", Title = "PCC Accountability Meeting", Date = "2026-10-14", StartTime = "14:00", PeriodEnd = "2025-12",
        });
        using var response = await http.GetAsync("/packs/pam-2026-10-14.html");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("true", response.Headers.GetValues("Pack-Partial").Single());
        Assert.Equal("reducing-harm", response.Headers.GetValues("Pack-Missing").Single());
        Assert.Contains("The Reducing Harm paper could not be retrieved", html);
        Assert.Contains("Table 5: Shoplifting offences", html);
        Assert.True(html.IndexOf("COHESIVE COMMUNITIES OBJECTIVES", StringComparison.Ordinal) < html.IndexOf("The Reducing Harm paper could not be retrieved", StringComparison.Ordinal));
    }
}
