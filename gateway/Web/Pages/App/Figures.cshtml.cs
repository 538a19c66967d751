using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Caching.Memory;
using Plan.Pillar.V1;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>
/// A command area uploads figures (CSV or Excel): the pillar checks the file without writing (a dry run) and the page
/// shows what would be added, revised and left unchanged, or every bad row with its rule; the same file is imported only
/// when the person confirms. The file waits between the two steps in the session's memory, for 20 minutes.
/// </summary>
[Authorize(Roles = Roles.CommandArea)]
// Up to four times the limit a file is still read, to be refused by its size in words; beyond, the server answers 413.
[RequestSizeLimit(4 * MaxBytes)]
public sealed class FiguresModel(AppData data, UserCalls calls, IMemoryCache uploads) : PageModel
{
    public const int MaxBytes = 10 * 1024 * 1024;

    public IReadOnlyList<string> Pillars => calls.Pillars;
    public string Pillar { get; private set; } = "";
    public string PillarTitle => string.Join(" and ", Pillars.Select(data.Title));
    public string FileName { get; private set; } = "";
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public RecordObservationsResponse? Preview { get; private set; }
    public string Upload { get; private set; } = "";
    public bool Imported { get; private set; }

    private sealed record PendingUpload(string User, string Pillar, string FileName, byte[] Content);

    public void OnGet() => Pillar = Pillars.FirstOrDefault() ?? "";

    public async Task<IActionResult> OnPostCheckAsync(IFormFile? file, string pillar, CancellationToken ct)
    {
        Pillar = pillar;
        if (!Pillars.Contains(pillar)) return Forbid();
        if (file is null) return Refuse("", "No file was chosen: choose a .csv or .xlsx file of figures.");
        FileName = Path.GetFileName(file.FileName);
        if (!FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !FileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
            return Refuse(FileName, $"{FileName} is neither a CSV file (.csv) nor an Excel workbook (.xlsx).");
        if (file.Length > MaxBytes) return Refuse(FileName, $"{FileName} is {file.Length / 1024 / 1024.0:N1} MB; the limit is {MaxBytes / 1024 / 1024} MB.");
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var pending = new PendingUpload(User.Who(), pillar, FileName, buffer.ToArray());
        if (!await SendAsync(pending, dryRun: true, ct)) return Page();
        Upload = Guid.NewGuid().ToString("N");
        uploads.Set(Key(Upload), pending, TimeSpan.FromMinutes(20));
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(string upload, CancellationToken ct)
    {
        if (!uploads.TryGetValue(Key(upload), out PendingUpload? pending) || pending is null || pending.User != User.Who())
            return Refuse("", "That upload has expired: check the file again.");
        (Pillar, FileName) = (pending.Pillar, pending.FileName);
        if (await SendAsync(pending, dryRun: false, ct)) { Imported = true; uploads.Remove(Key(upload)); }
        return Page();
    }

    private async Task<bool> SendAsync(PendingUpload pending, bool dryRun, CancellationToken ct)
    {
        try
        {
            Preview = await data.Pillar(pending.Pillar).ImportFiguresAsync(new ImportFiguresRequest
            {
                FileName = pending.FileName, Content = ByteString.CopyFrom(pending.Content), DryRun = dryRun,
            }, await data.AsUserAsync(), cancellationToken: ct);
            return true;
        }
        catch (RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.InvalidArgument)
        {
            Errors = AppData.Sentences(e, withHeading: false);
            return false;
        }
    }

    /// <summary>"1 figure", "2,500 figures".</summary>
    public static string Count(int figures) => figures == 1 ? "1 figure" : $"{figures:N0} figures";

    /// <summary>"1 crime record", "2,500 call records".</summary>
    public static string Records(long count, string kind) => $"{count:N0} {kind}{(kind.Length > 0 ? " " : "")}record{(count == 1 ? "" : "s")}";

    /// <summary>"2026-01", or "2025-04 to 2026-03" for a figure over several months.</summary>
    public static string Months(string from, string to) => from == to ? from : $"{from} to {to}";

    /// <summary>A figure as the file gave it, with thousands separated: "10,375", "91.5"; a window's reported value says so.</summary>
    public static string Figure(double value, bool reported) =>
        value.ToString("#,0.######", System.Globalization.CultureInfo.GetCultureInfo("en-GB")) + (reported ? " (reported)" : "");

    /// <summary>Under a list cut short: "The first 200 of 1,234 new figures are listed."; nothing when every one is.</summary>
    public static string Listed(int listed, int all, string what) => listed < all ? $"The first {listed:N0} of {all:N0} {what} are listed." : "";

    private PageResult Refuse(string file, string error)
    {
        (FileName, Errors) = (file.Length > 0 ? file : "The file", [error]);
        return Page();
    }

    private string Key(string upload) => $"upload:{User.Who()}:{upload}";
}
