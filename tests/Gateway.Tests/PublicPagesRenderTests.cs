using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PlanServices.Gateway.Pack;

namespace PlanServices.Gateway.Tests;

/// <summary>The public pages as the Razor components render them: a whole document, its language and title, the header, text encoded.</summary>
public sealed class PublicPagesRenderTests
{
    private static readonly PublicPages Pages = new(NullLoggerFactory.Instance);

    /// <summary>A request as the gateway gets it, with scoped services checked as in development.</summary>
    private static DefaultHttpContext Request() => new()
    {
        RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(validateScopes: true).CreateScope().ServiceProvider,
        Response = { Body = new MemoryStream() },
    };

    private static async Task<string> HtmlAsync(DefaultHttpContext http, IResult result)
    {
        await result.ExecuteAsync(http);
        http.Response.Body.Position = 0;
        return await new StreamReader(http.Response.Body).ReadToEndAsync();
    }

    [Fact]
    public async Task A_page_is_a_whole_document_with_its_language_title_and_header()
    {
        var http = Request();
        var html = await HtmlAsync(http, await Pages.LandingAsync(http));
        Assert.StartsWith("<!doctype html>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<html lang=\"en-GB\">", html);
        Assert.Contains("<title>PCC Accountability Meetings &#x2013; Norfolk</title>", html);
        Assert.Contains("<nav aria-label=\"Main\">", html);
        Assert.Contains("Sign in", html);
    }

    [Fact]
    public async Task What_was_asked_for_is_shown_as_text_on_the_page_not_found()
    {
        var http = Request();
        var html = await HtmlAsync(http, await Pages.NotFoundAsync(http, "/<script>alert(1)</script>", ""));
        Assert.Equal(404, http.Response.StatusCode);
        Assert.Contains("<code>/&lt;script&gt;alert(1)&lt;/script&gt;</code>", html);
        Assert.DoesNotContain("<script>", html);
    }
}
