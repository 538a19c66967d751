using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using PlanServices.Gateway.Pack;
using PlanServices.Testing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;

namespace PlanServices.Gateway.Tests;

/// <summary>
/// The April 2026 pack's trend charts: the 999 call answering analysis in the JSON pack, and the chart and its text
/// equivalent in the PDF and DOCX. The monthly rates are 27,670-style ratios of the sample's monthly counts; the
/// figures below were worked out from them by hand (mean of 12 monthly rates, mean of 11 moving ranges × 2.66).
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class ChartTests(Suite suite)
{
    private const string Pack = "/packs/pam-2026-04-21";

    private async Task<byte[]> GetAsync(string path)
    {
        using var http = suite.GatewayHttp();
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static JsonElement Chart(JsonDocument pack, string id) => pack.RootElement.GetProperty("papers").EnumerateArray()
        .SelectMany(p => p.GetProperty("objectives").EnumerateArray())
        .SelectMany(o => o.GetProperty("charts").EnumerateArray())
        .Single(c => c.GetProperty("id").GetString() == id);

    [Fact]
    public async Task The_json_pack_carries_the_999_analysis_limits_flags_variation_and_assurance()
    {
        using var pack = JsonDocument.Parse(await GetAsync($"{Pack}.json"));
        var chart = Chart(pack, "calls-999-under-10s");
        Assert.Equal(("2025-01", "2025-12"), (chart.GetProperty("from").GetString(), chart.GetProperty("to").GetString()));
        Assert.Equal("common-cause", chart.GetProperty("variation").GetString());
        Assert.Equal("inconsistent", chart.GetProperty("assurance").GetString());
        Assert.Equal((90, "90.0%", "up"), (chart.GetProperty("target").GetDouble(), chart.GetProperty("targetText").GetString(), chart.GetProperty("improvement").GetString()));

        var segment = Assert.Single(chart.GetProperty("segments").EnumerateArray());
        // Mean 88.4909%, mean moving range 1.5734: limits 84.3056% and 92.6763%.
        Assert.Equal(88.4909, Math.Round(segment.GetProperty("mean").GetDouble(), 4));
        Assert.Equal(92.6763, Math.Round(segment.GetProperty("upperLimit").GetDouble(), 4));
        Assert.Equal(84.3056, Math.Round(segment.GetProperty("lowerLimit").GetDouble(), 4));
        Assert.Equal(("88.5%", "92.7%", "84.3%"), (segment.GetProperty("meanText").GetString(), segment.GetProperty("upperLimitText").GetString(), segment.GetProperty("lowerLimitText").GetString()));

        var points = segment.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(12, points.Count);
        Assert.Equal(["2025-01", "2025-09"], points.Where(p => p.GetProperty("rules").GetArrayLength() > 0).Select(p => p.GetProperty("month").GetString()));
        Assert.Equal(("92.8%", "special-cause-improving"), (points[0].GetProperty("text").GetString(), points[0].GetProperty("variation").GetString()));
        Assert.Equal(("84.1%", "special-cause-concerning"), (points[8].GetProperty("text").GetString(), points[8].GetProperty("variation").GetString()));
        Assert.Equal(["outside-limits"], points[8].GetProperty("rules").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("91.5%", points[11].GetProperty("text").GetString());

        Assert.Equal("999 calls answered in under 10 seconds, January 2025 to December 2025: common cause variation. The latest month, " +
            "December 2025 at 91.5%, is within the process limits of 84.3% to 92.7% and shows no special cause. The mean is 88.5%. " +
            "Earlier special causes: January 2025 (92.8%, above the upper limit); September 2025 (84.1%, below the lower limit). " +
            "The target of at least 90.0% lies between the process limits: it will be met in some months and missed in others.",
            chart.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task A_count_never_has_a_lower_limit_below_zero()
    {
        using var pack = JsonDocument.Parse(await GetAsync($"{Pack}.json"));
        var segment = Chart(pack, "soc-disruptions-trend").GetProperty("segments")[0];
        // 24 months of 2024 and 2025: mean 37.83, mean moving range 17.74; 37.83 − 2.66 × 17.74 is below zero.
        Assert.Equal(24, segment.GetProperty("points").GetArrayLength());
        Assert.Equal(("38", "85", "0"), (segment.GetProperty("meanText").GetString(), segment.GetProperty("upperLimitText").GetString(), segment.GetProperty("lowerLimitText").GetString()));
    }

    [Fact]
    public async Task The_pdf_prints_the_chart_its_summary_and_its_figures()
    {
        var text = Regex.Replace(await PackPdf.PdfTextAsync(await GetAsync($"{Pack}.pdf"), "/usr/bin/pdftotext", CancellationToken.None), @"\s+", " ");
        Assert.Contains("Chart: 999 calls answered in under 10 seconds", text);
        Assert.Contains("999 calls answered in under 10 seconds, January 2025 to December 2025: common cause variation.", text);
        Assert.Contains("it will be met in some months and missed in others.", text);
        Assert.Contains("The figures behind the chart: 999 calls answered in under 10 seconds", text);
        // The table's cells wrap in the printed layout: each part of the September row is there.
        Assert.Contains("Special cause, improving:", text);
        Assert.Contains("Special cause, concerning:", text);
        Assert.Contains("84.1% 88.5% 84.3% 92.7%", text);
        // The chart itself is vector (its axis labels are text in the PDF), and its key is printed beneath it as text.
        Assert.Contains("Process limits", text);
        Assert.Contains("Target (90.0%)", text);
    }

    [Fact]
    public async Task The_docx_holds_the_chart_as_an_image_with_its_summary_as_alternative_text()
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(await GetAsync($"{Pack}.docx")), false);
        var main = document.MainDocumentPart!;
        Assert.Equal(2, main.ImageParts.Count());
        var pictures = main.Document.Body!.Descendants<DW.DocProperties>().ToList();
        var calls = Assert.Single(pictures, p => p.Name == "chart-calls-999-under-10s");
        Assert.StartsWith("999 calls answered in under 10 seconds. 999 calls answered in under 10 seconds, January 2025 to December 2025: common cause variation.", calls.Description!.Value);
        using var png = main.GetPartById(main.Document.Body!.Descendants<DocumentFormat.OpenXml.Drawing.Blip>().First().Embed!.Value!).GetStream();
        var header = new byte[8];
        Assert.Equal(8, png.Read(header));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, header);
        Assert.Contains("The figures behind the chart: 999 calls answered in under 10 seconds", main.Document.Body!.InnerText);
    }
}
