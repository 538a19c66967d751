using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PlanServices.Testing;

/// <summary>
/// A private, throwaway PostgreSQL 15 cluster for the test run (initdb + pg_ctl on a free loopback port).
/// initdb refuses to run as root, so as root the cluster belongs to the postgres user.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "planservices-pg-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int _port = Ports.Free();
    private static readonly bool IsRoot = Environment.UserName == "root";

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Pooling=false";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        if (IsRoot) await RunAsync("chown", ["postgres", _dir], asPostgres: false);
        var data = System.IO.Path.Combine(_dir, "data");
        await RunAsync($"{Bin}/initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync"]);
        await RunAsync($"{Bin}/pg_ctl", ["-D", data, "-l", System.IO.Path.Combine(_dir, "log"), "-w", "start",
            "-o", $"-p {_port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"]);
    }

    /// <summary>A new, empty database: each test gets its own.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task DisposeAsync()
    {
        await RunAsync($"{Bin}/pg_ctl", ["-D", System.IO.Path.Combine(_dir, "data"), "-m", "immediate", "stop"]);
        Directory.Delete(_dir, recursive: true);
    }

    private static async Task RunAsync(string program, string[] args, bool asPostgres = true)
    {
        var start = asPostgres && IsRoot
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", program, .. args])
            : new ProcessStartInfo(program, args);
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {await output}{await error}");
    }

}

/// <summary>The collection that shares one <see cref="PostgresServer"/>; each test assembly that uses it declares
/// <c>[CollectionDefinition(PostgresCollection.Name)] class ... : ICollectionFixture&lt;PostgresServer&gt;</c> (xunit wants it there).</summary>
public static class PostgresCollection
{
    public const string Name = "PostgreSQL";
}
