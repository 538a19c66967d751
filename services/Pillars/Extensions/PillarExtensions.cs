using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PlanServices.ServiceDefaults;
using PlanServices.Storage;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Grpc;
using PlanServices.Eventing;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Events;
using PlanServices.Pillars.Http;
using PlanServices.Pillars.Import;

namespace PlanServices.Pillars.Extensions;

public static class PillarExtensions
{
    /// <summary>Store, catalogue and figures of the pillar <paramref name="name"/> (<c>Pillar:Name</c> may rename it, with another catalogue).</summary>
    public static IHostApplicationBuilder AddPillar(this IHostApplicationBuilder builder, string name)
    {
        var section = builder.Configuration.GetSection(PillarOptions.Section);
        if (string.IsNullOrEmpty(section[nameof(PillarOptions.Name)])) section[nameof(PillarOptions.Name)] = name;
        builder.Services.AddOptions<PillarOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        var options = section.Get<PillarOptions>()!;

        name = options.Name;
        builder.UseSuitePorts(name);
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddSingleton(_ => CatalogueFile.Load(Path.Combine(contentRoot, options.Catalogue), name));
        builder.Services.AddSingleton(TimeProvider.System);

        builder.AddStore<PillarDb, SqlitePillarDb, PostgresPillarDb, SqlServerPillarDb>(name);
        builder.AddSecurity(name);
        builder.Services.AddScoped<ObservationStore>();
        builder.Services.AddScoped<ObservationImporter>();
        builder.Services.AddScoped<Records.RecordImporter>();
        builder.Services.AddScoped<Papers.PaperWorkflow>();
        builder.Services.AddScoped<Papers.PaperReviews>();
        builder.Services.AddScoped<Papers.ActionUpdates>();
        builder.Services.AddSingleton<Tables.TablesCache>();
        builder.Services.AddSingleton(services => ProtoMapping.ToProto(services.GetRequiredService<Catalogue>()));
        builder.AddGrpcServer();
        builder.Services.AddHostedService<SampleSeeder>();
        builder.Services.AddEventing<PillarDb>(name);
        builder.Services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return builder;
    }

    public static WebApplication MapPillar(this WebApplication app)
    {
        app.MapPillarEndpoints();
        app.MapGrpcServer<PillarGrpcService>();
        app.MapGrpcService<RecordGrpcService>();
        app.UseEventing();
        app.MapPillarEvents();
        return app;
    }

    /// <summary>
    /// Runs the service, or with <c>import FILE...</c> imports figures (*.csv) and papers (*.md) into its store and exits
    /// (0: imported, 1: a file was rejected and nothing of it written, 2: usage). A catalogue that breaks a rule is
    /// reported, every problem on its own line, and nothing starts (exit code 3).
    /// </summary>
    public static async Task<int> RunPillarAsync(this WebApplication app, string[] args)
    {
        try
        {
            app.Services.GetRequiredService<Catalogue>();
        }
        catch (CatalogueException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 3;
        }
        return await app.RunOrImportAsync<PillarDb>(args, ImportCommand.Usage, ImportCommand.RunAsync);
    }
}

/// <summary>When asked, seeds the sample data into an empty store on start (after <see cref="MigrateOnStart{TContext}"/>).</summary>
public sealed class SampleSeeder(IServiceProvider services, IOptions<PillarOptions> options, IHostEnvironment environment) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!options.Value.SeedSample) return;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PillarDb>();
        if (await db.Observations.AnyAsync(ct)) return;

        var folder = Path.Combine(environment.ContentRootPath, options.Value.SampleDirectory);
        foreach (var file in Directory.EnumerateFiles(folder).Where(f => f.EndsWith(".csv") || f.EndsWith(".md")).Order())
            if (file.EndsWith(".csv")) await SampleData.ImportAsync(scope.ServiceProvider, file, "sample data (Pillar:SeedSample)", ct);
            else await ImportCommand.ImportAsync(scope.ServiceProvider, file, "sample data (Pillar:SeedSample)", ct: ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
