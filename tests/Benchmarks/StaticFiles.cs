using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;

namespace PlanServices.Benchmarks;

/// <summary>
/// The peer of the gateway's published files: Kestrel's static-file middleware serving a folder holding the same bytes
/// (its own ETag, conditional requests, HEAD, ranges), over h2c and nothing else. Runs as its own process
/// (<c>Benchmarks static-files PORT FOLDER</c>).
/// </summary>
public static class StaticFiles
{
    public static async Task RunAsync(int port, string folder)
    {
        var builder = SlimHost.Builder(port);
        var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(folder) });
        await app.RunAsync();
    }
}
