using System.Net;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
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
/// The public pages: a landing page, the index of published packs (nothing unpublished is listed or linked), each
/// published pack's page, and the page a browser gets for an address that leads nowhere. Each has the site's header.
/// </summary>
public static class PublicPages
{
    public const string Html = "text/html; charset=utf-8";

    private const string Css = """
        body{font-family:"Liberation Sans",Arial,sans-serif;color:#111;background:#fff;line-height:1.5;margin:0;overflow-wrap:break-word}
        main{max-width:50rem;margin:1rem auto;padding:0 1rem}
        a{color:#0b4a8b}a:focus,button:focus,div.scroll:focus{outline:3px solid #ffbf47;outline-offset:2px}
        .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:10}
        header{background:#1d2b3a;color:#fff;padding:.5rem 1rem}header a{color:#fff}header p{margin:.25rem 0}
        header nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
        header form{display:inline;margin:0}header button{font:inherit;background:#fff;color:#0b4a8b;border:2px solid #fff;padding:.1rem .5rem;cursor:pointer}
        div.scroll{overflow-x:auto;margin:1rem 0}table{border-collapse:collapse;width:100%}th,td{border:1px solid #444;padding:.3rem .5rem;text-align:left;vertical-align:top}
        thead th{background:#e8e8e8}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        """;

    public static string Landing(Reader reader) => Page(reader, "PCC Accountability Meetings – Norfolk", """
        <h1>PCC Accountability Meetings</h1>
        <p>Every quarter the Police and Crime Commissioner for Norfolk holds the Chief Constable to account in public against the
        Police and Crime Plan. The pack for each meeting holds its agenda, the summary of the previous meeting, the action log and
        one paper per priority of the Plan, with the figures behind it.</p>
        <p><a href="/packs">Read the published packs</a> as web pages, PDF, Word or data (JSON).</p>
        <p>A published pack never changes. If it has to be corrected, the correction is a new version with a note saying what
        changed and why; earlier versions stay available.</p>
        """);

    public static string Index(Reader reader, IReadOnlyList<PublishedEntry> packs)
    {
        var body = new StringBuilder("<h1>Published packs</h1>");
        if (packs.Count == 0) body.Append("<p>No pack has been published yet.</p>");
        else
        {
            body.Append("""<div class="scroll" role="region" aria-label="Published packs" tabindex="0"><table><caption>PCC Accountability Meeting packs, newest first</caption><thead><tr><th scope="col">Meeting</th><th scope="col">Date</th><th scope="col">Read</th><th scope="col">Versions</th></tr></thead><tbody>""");
            foreach (var pack in packs)
            {
                var id = WebUtility.HtmlEncode(pack.MeetingId);
                var day = pack.Date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
                body.Append($"<tr><th scope=\"row\"><a href=\"/packs/{id}\">{E(pack.Title)}<span class=\"visually-hidden\">, {E(day)}</span></a></th><td>{E(day)}</td><td>");
                body.Append(string.Join(" · ", new[] { ("html", "Web page"), ("pdf", "PDF"), ("docx", "Word"), ("json", "Data (JSON)") }
                    .Select(f => $"<a href=\"/packs/{id}.{f.Item1}\">{f.Item2}<span class=\"visually-hidden\"> of the pack of {E(day)}</span></a>")));
                body.Append("</td><td>");
                body.Append(string.Join("<br>", pack.Versions.Select(v =>
                    $"<a href=\"/packs/{id}/v{v.Version}.html\">Version {v.Version}</a>{(v.Note.Length > 0 ? $": {E(v.Note)}" : "")}")));
                body.Append("</td></tr>");
            }
            body.Append("</tbody></table></div>");
        }
        return Page(reader, "Published packs – PCC Accountability Meetings", body.ToString());
    }

    /// <summary>One published pack: its downloads, its tables as CSV, its versions.</summary>
    public static string Pack(Reader reader, PublishedEntry entry, PackDocument pack)
    {
        var id = E(entry.MeetingId);
        var day = entry.Date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
        var body = new StringBuilder($"<p><a href=\"/packs\">All published packs</a></p><h1>{E(entry.Title)}, {E(day)}</h1>");
        body.Append($"<p>Version {entry.Latest} of the pack. Read it as a <a href=\"/packs/{id}.html\">web page</a>, or download it as ");
        body.Append($"<a href=\"/packs/{id}.pdf\">PDF</a>, <a href=\"/packs/{id}.docx\">Word</a> or <a href=\"/packs/{id}.json\">data (JSON)</a>.</p>");
        body.Append("<h2>Tables as data (CSV)</h2>");
        foreach (var paper in pack.Papers.Where(p => p.Objectives.Any(o => o.Tables.Count > 0)))
        {
            body.Append($"<h3>{E(paper.Title)}</h3><ul>");
            foreach (var table in paper.Objectives.SelectMany(o => o.Tables))
                body.Append($"<li><a href=\"/packs/{id}/tables/{table.Number}.csv\">{E(table.Caption)}</a> (CSV)</li>");
            body.Append("</ul>");
        }
        body.Append("<h2>Versions</h2><ul>");
        foreach (var v in entry.Versions)
            body.Append($"<li><a href=\"/packs/{id}/v{v.Version}.html\">Version {v.Version}</a>, published {E(v.PublishedAt[..Math.Min(10, v.PublishedAt.Length)])}{(v.Note.Length > 0 ? $": {E(v.Note)}" : "")}</li>");
        body.Append("</ul>");
        return Page(reader, $"{entry.Title}, {day} – PCC Accountability Meetings", body.ToString());
    }

    /// <summary>
    /// What a browser is shown for an address that leads nowhere (the status stays 404): what was not found, and the ways
    /// back: the home page, the published packs, and signing in or the person's work.
    /// </summary>
    public static string NotFound(Reader reader, string path, string detail)
    {
        var body = new StringBuilder($"<h1>Page not found</h1><p>There is no page at <code>{E(path)}</code>.");
        if (detail.Length > 0) body.Append($" {E(detail)}");
        body.Append("</p><p>If you typed the address, check it. From here you can:</p><ul>");
        body.Append("<li><a href=\"/\">go to the home page</a>,</li><li><a href=\"/packs\">read the published packs</a>,</li>");
        body.Append(reader.Name is null ? $"<li><a href=\"{E(WebApp.SignInLink(""))}\">sign in</a> to the work of your role.</li>" : "<li><a href=\"/app\">go to your work</a>.</li>");
        return Page(reader, "Page not found – PCC Accountability Meetings", body.Append("</ul>").ToString());
    }

    private static string Page(Reader reader, string title, string body) => $"""
        <!doctype html>
        <html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)}</title><style>{Css}</style></head>
        <body><a class="skip" href="#main">Skip to the main content</a>{Header(reader)}<main id="main" tabindex="-1">{body}</main></body></html>
        """;

    /// <summary>The site's name (home), the published packs, and signing in, or for someone signed in their work and signing out.</summary>
    private static string Header(Reader reader)
    {
        var who = reader.Name is null
            ? $"<li><a href=\"{E(WebApp.SignInLink(reader.ReturnUrl))}\">Sign in</a></li>"
            : $"<li><a href=\"/app\">Your work</a></li><li><form method=\"post\" action=\"/app/signout\">" +
              $"<input type=\"hidden\" name=\"{E(reader.Tokens!.FormFieldName)}\" value=\"{E(reader.Tokens.RequestToken)}\">" +
              $"<button type=\"submit\">Sign out {E(reader.Name)}</button></form></li>";
        return $"<header><p><a href=\"/\">PCC Accountability Meetings</a> · PlanServices</p><nav aria-label=\"Main\"><ul><li><a href=\"/packs\">Published packs</a></li>{who}</ul></nav></header>";
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
