using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PlanServices.Storage;

public enum DatabaseProvider { Sqlite, Postgres, SqlServer }

/// <summary>Where a service keeps its database, bound from the "Storage" section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>Sqlite</c> (embedded, the default), <c>Postgres</c> or <c>SqlServer</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Where SQLite files go when no connection string is given, relative to the content root.</summary>
    public string DataDirectory { get; set; } = "../../data";
}

public static class Storage
{
    /// <summary>
    /// Registers the service's own database as <typeparamref name="TContext"/>: the provider's own context (and so its
    /// own migrations), chosen by <c>Storage:Provider</c>. The connection string is <c>ConnectionStrings:{name}</c>;
    /// without one, SQLite uses <c>{DataDirectory}/{name}.db</c>, and the servers refuse to start.
    /// </summary>
    public static IHostApplicationBuilder AddStore<TContext, TSqlite, TPostgres, TSqlServer>(this IHostApplicationBuilder builder, string name)
        where TContext : DbContext where TSqlite : TContext where TPostgres : TContext where TSqlServer : TContext
    {
        var options = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var connection = builder.Configuration.GetConnectionString(name);
        string Required() => connection ?? throw new InvalidOperationException($"ConnectionStrings:{name} is required for Storage:Provider={options.Provider}");
        // Pooled contexts with options built once: a call that touches no table (the catalogue) costs next to nothing.
        switch (options.Provider)
        {
            case DatabaseProvider.Postgres:
                var postgres = Required();
                builder.Services.AddDbContextPool<TContext, TPostgres>(db => db.UseNpgsql(postgres));
                break;
            case DatabaseProvider.SqlServer:
                var sqlServer = Required();
                builder.Services.AddDbContextPool<TContext, TSqlServer>(db => db.UseSqlServer(sqlServer));
                break;
            default:
                var sqlite = connection ?? SqliteFile(Path.Combine(builder.Environment.ContentRootPath, options.DataDirectory), name);
                builder.Services.AddDbContextPool<TContext, TSqlite>(db => db.UseSqlite(sqlite));
                break;
        }
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>("database");
        // Registered before anything that reads the store, so that nothing queries a table before it exists.
        builder.Services.AddHostedService<MigrateOnStart<TContext>>();
        return builder;
    }

    /// <summary>Brings the database to its latest migration.</summary>
    public static async Task<TContext> MigrateAsync<TContext>(this IServiceProvider scoped, CancellationToken ct = default) where TContext : DbContext
    {
        var db = scoped.GetRequiredService<TContext>();
        await db.Database.MigrateAsync(ct);
        return db;
    }

    private static string SqliteFile(string directory, string name)
    {
        directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(directory);
        return $"Data Source={Path.Combine(directory, name + ".db")}";
    }
}

/// <summary>Brings the store to its latest migration before the other hosted services start.</summary>
public sealed class MigrateOnStart<TContext>(IServiceProvider services) : IHostedService where TContext : DbContext
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.MigrateAsync<TContext>(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>The command line every service with a store shares: run, or <c>import FILE...</c> into the store and exit.</summary>
public static class ImportCommandLine
{
    /// <summary>
    /// The arguments that are the host's settings: all of them to run; with <c>import</c>, only <c>--Key=value</c> ones,
    /// so that files and the command's own options (in any order) are not read as settings.
    /// </summary>
    public static string[] Settings(string[] args) =>
        args is ["import", ..] ? args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=') && !a.StartsWith("--as=", StringComparison.Ordinal)
            && !a.StartsWith("--token=", StringComparison.Ordinal)).ToArray() : args;

    /// <summary>
    /// Runs the service, or with <c>import ...</c> migrates <typeparamref name="TContext"/> and hands the arguments after
    /// <c>import</c> to <paramref name="import"/> (its exit code: 0 imported, 1 refused, 2 usage).
    /// </summary>
    public static async Task<int> RunOrImportAsync<TContext>(this Microsoft.AspNetCore.Builder.WebApplication app, string[] args, string usage,
        Func<IServiceProvider, string[], Task<int>> import) where TContext : DbContext
    {
        if (args.Length == 0 || args[0] != "import")
        {
            await app.RunAsync();
            return 0;
        }
        if (args.Length == 1)
        {
            await Console.Error.WriteLineAsync($"usage: import {usage}");
            return 2;
        }
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.MigrateAsync<TContext>();
        return await import(scope.ServiceProvider, args[1..]);
    }
}
