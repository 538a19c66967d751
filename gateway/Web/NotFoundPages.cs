using PlanServices.Gateway.Pack;
using PlanServices.Gateway.Routing;

namespace PlanServices.Gateway.Web;

/// <summary>
/// An address that leads nowhere, answered as the caller reads it (the status stays 404): a browser gets the "Page not
/// found" page with the ways back, an API caller problem+json, and a gRPC call keeps its gRPC status. Endpoints that know
/// what is missing answer with <see cref="Result"/>; every other 404 without a body (no route took the request, a page
/// found no such record) is answered the same way by the status-code pages.
/// </summary>
public static class NotFoundPages
{
    public static IResult Result(string title, string detail) => new NotFound(title, detail);

    public static WebApplication UseNotFoundPages(this WebApplication app)
    {
        app.UseStatusCodePages(context => context.HttpContext.Response.StatusCode == StatusCodes.Status404NotFound && !RoutingExtensions.IsGrpc(context.HttpContext)
            ? Result("Not found", "").ExecuteAsync(context.HttpContext)
            : Task.CompletedTask);
        return app;
    }

    private sealed class NotFound(string title, string detail) : IResult
    {
        private async Task NotFoundPageAsync(HttpContext http, string path) =>
            await (await http.RequestServices.GetRequiredService<PublicPages>().NotFoundAsync(http, path, detail)).ExecuteAsync(http);

        public Task ExecuteAsync(HttpContext http)
        {
            var path = http.Request.Path.ToString();
            return http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
                ? NotFoundPageAsync(http, path)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail.Length > 0 ? detail : $"There is nothing at {path}.").ExecuteAsync(http);
        }
    }
}
