using Microsoft.Extensions.Options;
using PlanServices.ServiceDefaults;

namespace PlanServices.DevSidecar;

/// <summary>
/// A stand-in for daprd's pub/sub, for the one-command run and the tests, faithful to what Dapr's SDK uses: gRPC
/// <c>PublishEvent</c> on the Dapr gRPC port, HTTP <c>/v1.0/publish</c> and <c>/v1.0/healthz</c>, subscription
/// discovery from each app's <c>/dapr/subscribe</c>, CloudEvent deliveries answered SUCCESS / RETRY / DROP, retries
/// with exponential backoff, dead-letter topics, API tokens both ways, and a durable SQLite queue so nothing is lost
/// when it restarts. Production runs real Dapr (deploy/dapr). It also stands in for a mail server: an SMTP sink whose
/// mail is listed at <c>/dev/mail</c>.
/// </summary>
public static class DevSidecarExtensions
{
    /// <summary>The sidecar of the suite's shape: its ports, its SMTP sink's, and every service as an app it delivers to.</summary>
    public static IHostApplicationBuilder AddDevSidecar(this IHostApplicationBuilder builder)
    {
        var shape = builder.AddSuiteShape();
        builder.UseSuitePorts(shape.Sidecar.Id);
        var defaults = shape.Apps.ToDictionary(s => $"{SidecarOptions.Section}:Apps:{s.Id}", s => (string?)shape.HttpOf(s));
        defaults[$"{SidecarOptions.Section}:SmtpPort"] = shape.Sidecar.Smtp.ToString(System.Globalization.CultureInfo.InvariantCulture);
        SuiteShape.Defaults(builder, defaults);
        builder.Services.AddOptions<SidecarOptions>().BindConfiguration(SidecarOptions.Section);
        builder.Services.AddSingleton(provider => new SidecarStore(Path.Combine(builder.Environment.ContentRootPath,
            provider.GetRequiredService<IOptions<SidecarOptions>>().Value.DataFile)));
        builder.Services.AddSingleton<Publisher>();
        builder.Services.AddGrpc();
        // Deliveries have their own retries, backoff and dead-lettering, as daprd's do: no HTTP resilience handler on top.
#pragma warning disable EXTEXP0001 // marked experimental; the documented way to take one client out of ConfigureHttpClientDefaults
        builder.Services.AddHttpClient(Deliverer.AppsClient, (provider, client) =>
        {
            client.Timeout = TimeSpan.FromSeconds(30);
            if (provider.GetRequiredService<IOptions<SidecarOptions>>().Value.AppApiToken is { Length: > 0 } token)
                client.DefaultRequestHeaders.Add(Publisher.TokenHeader, token);
        }).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddHostedService<Discovery>();
        builder.Services.AddHostedService<Deliverer>();
        builder.Services.AddHostedService<MailSink>();
        return builder;
    }

    public static WebApplication MapDevSidecar(this WebApplication app)
    {
        app.MapGrpcService<DaprGrpcService>();
        app.MapGet("/v1.0/healthz", () => Results.NoContent());
        app.MapGet("/v1.0/healthz/outbound", () => Results.NoContent());
        app.MapPost("/v1.0/publish/{pubsub}/{topic}", async (string pubsub, string topic, HttpRequest request, Publisher publisher) =>
        {
            if (!publisher.Accepts(request.Headers[Publisher.TokenHeader]))
                return Results.Json(new { errorCode = "ERR_UNAUTHORIZED", message = "authentication error: api token mismatch" }, statusCode: 401);
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var metadata = request.Query.Where(q => q.Key.StartsWith("metadata.", StringComparison.Ordinal))
                .ToDictionary(q => q.Key["metadata.".Length..], q => q.Value.ToString());
            try
            {
                await publisher.PublishAsync(pubsub, topic, body.ToArray(), request.ContentType, metadata, request.Headers.TraceParent);
                return Results.NoContent();
            }
            catch (PublishRefusedException e)
            {
                return Results.Json(new { errorCode = e.ErrorCode, message = e.Message }, statusCode: e.ErrorCode == "ERR_PUBSUB_NOT_FOUND" ? 404 : 400);
            }
        });
        app.MapGet("/dev/messages", (string? topic, SidecarStore store) => store.MessagesAsync(topic));
        app.MapGet("/dev/mail", async (HttpRequest request, SidecarStore store, IOptions<SidecarOptions> options) =>
        {
            var mail = await store.MailAsync();
            return request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase)
                ? Results.Json(mail)
                : Results.Content(MailPage.Html(mail, options.Value.SmtpPort), "text/html; charset=utf-8");
        });
        return app;
    }
}
