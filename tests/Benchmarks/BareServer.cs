using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PlanServices.Benchmarks;

/// <summary>
/// The floor of what a gRPC server on Kestrel can cost: an h2c endpoint that answers every POST with the same
/// framed message and <c>grpc-status: 0</c>, reading and parsing nothing. Runs as its own process
/// (<c>Benchmarks bare-server PORT FILE</c>).
/// </summary>
public static class BareServer
{
    public static async Task RunAsync(int port, string file)
    {
        var response = await File.ReadAllBytesAsync(file);
        var builder = SlimHost.Builder(port);
        var app = builder.Build();
        app.Run(async http =>
        {
            await http.Request.Body.CopyToAsync(Stream.Null);
            http.Response.ContentType = "application/grpc";
            await http.Response.Body.WriteAsync(response);
            http.Response.AppendTrailer("grpc-status", "0");
        });
        await app.RunAsync();
    }
}
