using System.Net;
using System.Text;

namespace PlanServices.Gateway.Pack;

/// <summary>The public pages: a landing page and the index of published packs (nothing unpublished is listed or linked).</summary>
public static class PublicPages
{
    public const string Html = "text/html; charset=utf-8";

    private const string Css = """
        body{font-family:"Liberation Sans",Arial,sans-serif;color:#111;background:#fff;line-height:1.5;max-width:50rem;margin:1rem auto;padding:0 1rem}
        a{color:#0b4a8b}table{border-collapse:collapse;width:100%}th,td{border:1px solid #444;padding:.3rem .5rem;text-align:left;vertical-align:top}
        thead th{background:#e8e8e8}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        """;

    public static string Landing() => Page("PCC Accountability Meetings – Norfolk", """
        <h1>PCC Accountability Meetings</h1>
        <p>Every quarter the Police and Crime Commissioner for Norfolk holds the Chief Constable to account in public against the
        Police and Crime Plan. The pack for each meeting holds its agenda, the summary of the previous meeting, the action log and
        one paper per priority of the Plan, with the figures behind it.</p>
        <p><a href="/packs">Read the published packs</a> as web pages, PDF, Word or data (JSON).</p>
        <p>A published pack never changes. If it has to be corrected, the correction is a new version with a note saying what
        changed and why; earlier versions stay available.</p>
        """);

    public static string Index(IReadOnlyList<PublishedEntry> packs)
    {
        var body = new StringBuilder("<h1>Published packs</h1>");
        if (packs.Count == 0) body.Append("<p>No pack has been published yet.</p>");
        else
        {
            body.Append("""<table><caption>PCC Accountability Meeting packs, newest first</caption><thead><tr><th scope="col">Meeting</th><th scope="col">Date</th><th scope="col">Read</th><th scope="col">Versions</th></tr></thead><tbody>""");
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
            body.Append("</tbody></table>");
        }
        return Page("Published packs – PCC Accountability Meetings", body.ToString());
    }

    /// <summary>One published pack: its downloads, its tables as CSV, its versions.</summary>
    public static string Pack(PublishedEntry entry, PackDocument pack)
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
        return Page($"{entry.Title}, {day} – PCC Accountability Meetings", body.ToString());
    }

    private static string Page(string title, string body) => $"""
        <!doctype html>
        <html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)}</title><style>{Css}</style></head>
        <body><main>{body}</main></body></html>
        """;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
