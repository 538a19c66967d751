using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using PlanServices.Gateway.Web;

namespace PlanServices.Gateway.Pack;

/// <summary>
/// Who reads a public page, for its header: someone not signed in gets a sign-in link that brings them back to the page;
/// someone signed in, a link to their work and the sign-out form (a POST with its antiforgery token).
/// </summary>
public sealed record Reader(string? Name, string ReturnUrl, AntiforgeryTokenSet? Tokens)
{
    public static Reader Of(HttpContext http) => http.User.Identity?.IsAuthenticated == true
        ? new Reader(http.User.Identity.Name ?? "", "", http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http))
        : new Reader(null, $"{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}", null);
}

/// <summary>
/// The public pages, Razor components (<c>Pack/Public</c>) rendered with <see cref="HtmlRenderer"/>: a landing page, the index
/// of published packs (nothing unpublished is listed or linked), each published pack's page, the measures the packs chart
/// and each one's story, and the page a browser gets for an address that leads nowhere. Each has the site's header.
/// </summary>
public sealed class PublicPages(ILoggerFactory logs)
{
    public const string Html = "text/html; charset=utf-8";

    public const string Css = """
        body{font-family:"Liberation Sans",Arial,sans-serif;color:#111;background:#fff;line-height:1.5;margin:0;overflow-wrap:break-word}
        main{max-width:50rem;margin:1rem auto;padding:0 1rem}
        a{color:#0b4a8b}a:focus,button:focus,div.scroll:focus{outline:3px solid #ffbf47;outline-offset:2px}
        .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:10}
        header{background:#1d2b3a;color:#fff;padding:.5rem 1rem}header a{color:#fff}header p{margin:.25rem 0}
        header nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
        header form{display:inline;margin:0}header button{font:inherit;background:#fff;color:#0b4a8b;border:2px solid #fff;padding:.1rem .5rem;cursor:pointer}
        div.scroll{overflow-x:auto;margin:1rem 0}table{border-collapse:collapse;width:100%}th,td{border:1px solid #444;padding:.3rem .5rem;text-align:left;vertical-align:top}
        thead th{background:#e8e8e8}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        label{display:block;font-weight:bold;margin-top:1rem}input[type=text],input[type=email],input[type=search],textarea{font:inherit;width:100%;max-width:36rem;box-sizing:border-box;border:2px solid #444;padding:.3rem}
        form button{font:inherit;margin-top:1rem;padding:.3rem 1rem;background:#0b4a8b;color:#fff;border:2px solid #0b4a8b;cursor:pointer}
        .hint{color:#333;margin:.2rem 0}.trap{display:none}.done{border-left:6px solid #00703c;padding:.5rem 1rem;background:#f3f9f5}
        .errors{border:3px solid #b10e1e;padding:.5rem 1rem}.errors h2{margin-top:0}mark{background:#fff2a8;color:#111}
        ol.results>li{margin-bottom:1rem}
        """;

    public static string Day(DateOnly date) => date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));

    public Task<IResult> LandingAsync(HttpContext http) => PageAsync<Public.Landing>(http, []);

    public Task<IResult> IndexAsync(HttpContext http, IReadOnlyList<PublishedEntry> packs) => PageAsync<Public.PackIndex>(http, new() { ["Packs"] = packs });

    /// <summary>One published pack: its downloads, its tables as CSV, its versions.</summary>
    public Task<IResult> PackAsync(HttpContext http, PublishedEntry entry, PackDocument pack) =>
        PageAsync<Public.PublishedPack>(http, new() { ["Entry"] = entry, ["Pack"] = pack });

    /// <summary>The meetings the published packs show or announce, the coming ones first.</summary>
    public Task<IResult> MeetingsAsync(HttpContext http, IReadOnlyList<MeetingListing> meetings, DateOnly today) =>
        PageAsync<Public.MeetingsPage>(http, new() { ["Meetings"] = meetings, ["Today"] = today });

    /// <summary>A meeting whose agenda or pack is published: when and where, how to attend or watch, the agenda, the papers, the questions.</summary>
    public Task<IResult> MeetingAsync(HttpContext http, Plan.Accountability.V1.PublicMeeting meeting, PublishedEntry? pack, DateOnly today, FormState form, int status) =>
        PageAsync<Public.MeetingPage>(http, new() { ["Meeting"] = meeting, ["Pack"] = pack, ["Today"] = today, ["Form"] = form }, status);

    /// <summary>The email alerts: the form, the mail sent, confirming and leaving.</summary>
    public Task<IResult> SubscriptionAsync(HttpContext http, SubscriptionStage stage, string token, FormState form, int status = StatusCodes.Status200OK) =>
        PageAsync<Public.SubscriptionPage>(http, new() { ["Stage"] = stage, ["Token"] = token, ["Form"] = form }, status);

    /// <summary>Search across the published packs: the form, and the results of <paramref name="query"/> when there is one.</summary>
    public Task<IResult> SearchAsync(HttpContext http, string query, IReadOnlyList<SearchResult> results) =>
        PageAsync<Public.SearchPage>(http, new() { ["Query"] = query, ["Results"] = results });

    /// <summary>A page that only says something (a refusal such as too many forms).</summary>
    public Task<IResult> MessageAsync(HttpContext http, string heading, string text, int status) =>
        PageAsync<Public.MessagePage>(http, new() { ["Heading"] = heading, ["Text"] = text }, status);

    /// <summary>Every measure charted in a published pack.</summary>
    public Task<IResult> MeasuresAsync(HttpContext http, IReadOnlyList<MeasureStory> stories) => PageAsync<Public.MeasureIndex>(http, new() { ["Stories"] = stories });

    /// <summary>One measure across the published packs.</summary>
    public Task<IResult> MeasureAsync(HttpContext http, MeasureStory story) => PageAsync<Public.MeasurePage>(http, new() { ["Story"] = story });

    /// <summary>What a browser is shown for an address that leads nowhere: the status stays 404.</summary>
    public Task<IResult> NotFoundAsync(HttpContext http, string path, string detail) =>
        PageAsync<Public.NotFoundPage>(http, new() { ["Path"] = path, ["Detail"] = detail }, StatusCodes.Status404NotFound);

    /// <summary>Renders the page for the person reading it, with the request's services (the renderer's are scoped).</summary>
    private async Task<IResult> PageAsync<TComponent>(HttpContext http, Dictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where TComponent : IComponent
    {
        parameters["Reader"] = Reader.Of(http);
        return Results.Content(await PackHtml.RenderAsync<TComponent>(http.RequestServices, logs, parameters), Html, statusCode: status);
    }
}
