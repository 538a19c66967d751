using System.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace PlanServices.Gateway.Pack;

/// <summary>
/// Prints the HTML pack with Chromium (Debian's, through Playwright): A4, tagged, with bookmarks and page
/// numbers. The agenda's page numbers are the pages where each part really starts in this PDF: the pack is
/// printed, the start pages are read back with pdftotext, and it is printed again until they agree.
/// </summary>
public sealed class PackPdf(PackHtml html, IOptions<PackOptions> options) : IAsyncDisposable
{
    private readonly SemaphoreSlim _start = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task<(byte[] Pdf, IReadOnlyDictionary<string, int> Pages)> RenderAsync(PackDocument pack, CancellationToken ct)
    {
        var browser = await BrowserAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        IReadOnlyDictionary<string, int> pages = new Dictionary<string, int>();
        byte[] pdf = [];
        for (var attempt = 0; attempt < 3; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            await page.SetContentAsync(await html.RenderAsync(pack, pages));
            pdf = await page.PdfAsync(new PagePdfOptions
            {
                Format = "A4",
                PrintBackground = true,
                Tagged = true,
                Outline = true,
                DisplayHeaderFooter = true,
                HeaderTemplate = "<span></span>",
                FooterTemplate = "<div style=\"font-size:9px;width:100%;text-align:center;font-family:Arial,sans-serif\">Page <span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span></div>",
                Margin = new Margin { Top = "15mm", Bottom = "18mm", Left = "15mm", Right = "15mm" },
            });
            var found = await StartPagesAsync(pdf, pack, ct);
            if (found.Count == pages.Count && found.All(p => pages.TryGetValue(p.Key, out var n) && n == p.Value)) break;
            pages = found;
        }
        return (pdf, pages);
    }

    /// <summary>The page on which each part's heading appears: minutes, then each paper.</summary>
    private async Task<IReadOnlyDictionary<string, int>> StartPagesAsync(byte[] pdf, PackDocument pack, CancellationToken ct)
    {
        var text = await PdfTextAsync(pdf, options.Value.PdfToText, ct);
        var pageTexts = text.Split('\f');
        var headings = new List<(string Section, string Heading)> { ("minutes", pack.Minutes is null ? "Summary of the previous PCC Accountability Meeting" : "Summary of the PCC Accountability Meeting") };
        headings.AddRange(pack.Papers.Select(p => ($"paper-{p.Pillar}", $"{p.Title.ToUpperInvariant()} OBJECTIVES")));
        var pages = new Dictionary<string, int>();
        var from = 1;
        foreach (var (section, heading) in headings)
        {
            for (var i = from; i < pageTexts.Length; i++)
            {
                if (!pageTexts[i].Split('\n').Any(line => line.Trim() == heading)) continue;
                pages[section] = i + 1;
                from = i;
                break;
            }
        }
        return pages;
    }

    /// <summary>The text of a PDF, pages separated by form feeds (pdftotext from poppler-utils).</summary>
    public static async Task<string> PdfTextAsync(byte[] pdf, string pdftotext, CancellationToken ct)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, pdf, ct);
            using var process = Process.Start(new ProcessStartInfo(pdftotext, ["-layout", "-enc", "UTF-8", file, "-"]) { RedirectStandardOutput = true, RedirectStandardError = true })
                ?? throw new InvalidOperationException($"{pdftotext} did not start");
            var output = await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0) throw new InvalidOperationException($"pdftotext failed: {await process.StandardError.ReadToEndAsync(ct)}");
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<IBrowser> BrowserAsync()
    {
        if (_browser is { IsConnected: true }) return _browser;
        await _start.WaitAsync();
        try
        {
            if (_browser is { IsConnected: true }) return _browser;
            if (!File.Exists(options.Value.Chromium))
                throw new InvalidOperationException($"Chromium is not installed at {options.Value.Chromium}: apt-get install chromium (PDFs need it).");
            _playwright ??= await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = options.Value.Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            return _browser;
        }
        finally
        {
            _start.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
    }
}
