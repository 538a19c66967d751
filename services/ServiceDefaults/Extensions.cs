using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PlanServices.ServiceDefaults;

/// <summary>What every host of the suite has: telemetry, health endpoints, resilient HTTP clients (eShop's ServiceDefaults).</summary>
public static class Extensions
{
    public const string LiveTag = "live";

    /// <summary>The activity source of publishing and handling events (PlanServices.Eventing).</summary>
    public const string EventingSource = "PlanServices.Eventing";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.AddSuiteShape();
        builder.ConfigureOpenTelemetry();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        return builder;
    }

    /// <summary>
    /// Traces and metrics of ASP.NET Core, HttpClient, gRPC clients and events, exported over OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; with nowhere to send them they are not recorded (a sixth of the cost
    /// of a small call). Every log entry carries the trace and span it belongs to, either way.
    /// </summary>
    private static void ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.Configure(options => options.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) return;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation())
            .WithTracing(tracing => tracing
                .AddSource(EventingSource)
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = http => !IsHealthCheck(http.Request.Path))
                .AddHttpClientInstrumentation()
                .AddGrpcClientInstrumentation())
            .UseOtlpExporter();
    }

    private static bool IsHealthCheck(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/alive");

    /// <summary><c>/health</c>: ready (every check, the database included); <c>/alive</c>: the process answers.</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        if (app.Services.GetService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>() is not null)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        return app;
    }
}
