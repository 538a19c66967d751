using Microsoft.Extensions.Options;
using PlanServices.Accountability.Data;
using PlanServices.Accountability.Domain;
using PlanServices.Accountability.Grpc;
using PlanServices.Accountability.Notifications;
using PlanServices.Contracts.Events;
using PlanServices.Eventing;
using PlanServices.ServiceDefaults;
using PlanServices.Storage;

namespace PlanServices.Accountability.Extensions;

/// <summary>Settings of the Accountability service, bound from the "Accountability" section.</summary>
public sealed class AccountabilityOptions
{
    public const string Section = "Accountability";

    /// <summary>Import sample/*.yaml into an empty store on start (the one-command run does).</summary>
    public bool SeedSample { get; set; }

    /// <summary>Papers not approved this many days before their meeting are late.</summary>
    public int PaperDeadlineDays { get; set; } = 14;

    /// <summary>The day the papers of a meeting held on <paramref name="meeting"/> are due.</summary>
    public DateOnly PaperDeadline(DateOnly meeting) => meeting.AddDays(-PaperDeadlineDays);
}

public static class AccountabilityExtensions
{
    public const string Name = "accountability";

    public static IHostApplicationBuilder AddAccountability(this IHostApplicationBuilder builder)
    {
        builder.UseSuitePorts(Name);
        builder.Services.AddOptions<AccountabilityOptions>().BindConfiguration(AccountabilityOptions.Section);
        builder.AddStore<AccountabilityDb, SqliteAccountabilityDb, PostgresAccountabilityDb, SqlServerAccountabilityDb>(Name);
        builder.AddSecurity();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<MeetingBook>();
        builder.Services.AddScoped<ActionLog>();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<PackReadinessBook>();
        builder.Services.AddScoped<PublicMeetings>();
        builder.Services.AddScoped<Subscribers>();
        builder.Services.AddScoped<PublishedSearch>();
        builder.AddGrpcServer();
        builder.Services.AddHostedService<SampleSeeder>();
        builder.AddNotifications();
        builder.Services.AddEventing<AccountabilityDb>(Name);
        return builder;
    }

    public static WebApplication MapAccountability(this WebApplication app)
    {
        app.MapGrpcServer<AccountabilityGrpcService>();
        app.UseEventing();
        app.MapEvent<PaperStatusChanged, AccountabilityDb>(Topics.PaperStatusChanged, async (e, services, ct) =>
        {
            await services.GetRequiredService<PackReadinessBook>().RecordAsync(e.Pillar, e.PeriodEnd, e.Status, e.Version, e.OccurredAt, ct, e.Change);
            await services.GetRequiredService<Notifier>().PaperChangedAsync(e, ct);
            services.GetRequiredService<AuditLog>().PaperChanged(e);
        });
        app.MapEvent<FiguresChanged, AccountabilityDb>(Topics.FiguresChanged, (e, services, _) =>
        {
            services.GetRequiredService<AuditLog>().FiguresImported(e);
            return Task.CompletedTask;
        });
        app.MapEvent<ActionUpdateSubmitted, AccountabilityDb>(Topics.ActionUpdateSubmitted, async (e, services, ct) =>
        {
            var actions = services.GetRequiredService<ActionLog>();
            var action = await actions.GetAsync(e.Number, ct);
            if (action.Owner != e.Pillar) throw new PoisonMessageException($"action {e.Number} belongs to {action.Owner}, not {e.Pillar}");
            await actions.UpdateAsync(e.Number, e.Text, null, null, $"{e.Author} ({e.Pillar})", ct);
        });
        return app;
    }

    /// <summary>
    /// Runs the service, or with <c>import FILE...</c> imports record files (YAML) and exits (0 imported, 1 refused, 2 usage).
    /// Notification or SMTP settings that break a rule are reported, each on its own line, and nothing starts (exit code 3).
    /// </summary>
    public static async Task<int> RunAccountabilityAsync(this WebApplication app, string[] args)
    {
        var problems = Problems(() => app.Services.GetRequiredService<IOptions<NotificationOptions>>().Value)
            .Concat(Problems(() => app.Services.GetRequiredService<IOptions<SmtpOptions>>().Value)).ToList();
        foreach (var problem in problems) await Console.Error.WriteLineAsync(problem);
        if (problems.Count > 0) return 3;
        return await app.RunOrImportAsync<AccountabilityDb>(args, "FILE.yaml [FILE.yaml...]   (format: docs/accountability.md)", async (services, files) =>
        {
            foreach (var file in files.Where(a => !a.StartsWith("--", StringComparison.Ordinal)))
            {
                try
                {
                    Console.WriteLine($"{Path.GetFileName(file)}: {await ImportAsync(services, file)}");
                }
                catch (AccountabilityException e)
                {
                    await Console.Error.WriteLineAsync($"{Path.GetFileName(file)}: {e.Message}");
                    return 1;
                }
            }
            return 0;
        });
    }

    private static IEnumerable<string> Problems(Func<object> settings)
    {
        try
        {
            settings();
            return [];
        }
        catch (OptionsValidationException e)
        {
            return e.Failures;
        }
    }

    public static async Task<RecordFile.Summary> ImportAsync(IServiceProvider scoped, string file, CancellationToken ct = default) =>
        await RecordFile.ImportAsync(await File.ReadAllTextAsync(file, ct), Path.GetFileName(file),
            scoped.GetRequiredService<MeetingBook>(), scoped.GetRequiredService<ActionLog>(), ct);
}

/// <summary>When asked, seeds the sample records into an empty store on start (after <see cref="MigrateOnStart{TContext}"/>).</summary>
public sealed class SampleSeeder(IServiceProvider services, IOptions<AccountabilityOptions> options, IHostEnvironment environment) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!options.Value.SeedSample) return;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountabilityDb>();
        if (db.Meetings.Any()) return;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(environment.ContentRootPath, "sample"), "*.yaml").Order())
            await AccountabilityExtensions.ImportAsync(scope.ServiceProvider, file, ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
