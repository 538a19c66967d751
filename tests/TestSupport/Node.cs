using System.Diagnostics;
using System.Text.Json;

namespace PlanServices.Testing;

/// <summary>Runs the grpc-js programs of tests/interop (installed by ./test.sh with npm ci).</summary>
public static class Node
{
    public static string Interop => Repo.Path("tests", "interop");

    private static void RequireModules()
    {
        if (!Directory.Exists(Path.Combine(Interop, "node_modules", "@grpc", "grpc-js")))
            throw new InvalidOperationException("@grpc/grpc-js is not installed: run 'npm ci --prefix tests/interop' (./test.sh does).");
    }

    /// <summary>One grpc-js client call; returns its status code, details and result.</summary>
    /// <param name="client">A client of the authority: grpc-js asks for its own token by client credentials, instead of <paramref name="token"/>.</param>
    public static async Task<(int Code, string Details, JsonElement Result)> CallAsync(string target, string scenario, string? arg = null, string? pillar = null, string? token = null,
        (Uri TokenEndpoint, string Id, string Secret)? client = null)
    {
        RequireModules();
        var start = new ProcessStartInfo("node", [Path.Combine(Interop, "client.js"), target, scenario, .. arg is null ? Array.Empty<string>() : [arg]])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (pillar is not null) start.Environment["X_PILLAR"] = pillar;
        start.Environment["TOKEN"] = token ?? TestAuth.Admin;
        if (token == "" || client is not null) start.Environment.Remove("TOKEN");
        if (client is { } own)
            (start.Environment["TOKEN_ENDPOINT"], start.Environment["CLIENT_ID"], start.Environment["CLIENT_SECRET"]) = (own.TokenEndpoint.ToString(), own.Id, own.Secret);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        var line = (await output).Trim();
        if (process.ExitCode != 0 || line.Length == 0)
            throw new InvalidOperationException($"node client.js {scenario} failed ({process.ExitCode}): {line}{await error}");
        var json = JsonDocument.Parse(line).RootElement;
        return (json.GetProperty("code").GetInt32(),
            json.TryGetProperty("details", out var details) ? details.GetString() ?? "" : "",
            json.TryGetProperty("result", out var result) ? result.Clone() : default);
    }

    /// <summary>Starts the grpc-js pillar server; dispose to stop it.</summary>
    public static async Task<NodeServer> StartServerAsync()
    {
        RequireModules();
        var process = Process.Start(new ProcessStartInfo("node", [Path.Combine(Interop, "server.js")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
            throw new InvalidOperationException("grpc-js server did not start: " + await process.StandardError.ReadToEndAsync());
        return new NodeServer(process, int.Parse(line["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }

    public sealed class NodeServer(Process process, int port) : IDisposable
    {
        public Uri Address { get; } = new($"http://127.0.0.1:{port}");

        public void Dispose()
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
        }
    }
}
