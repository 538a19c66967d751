using System.Net;
using System.Text;

namespace PlanServices.Gateway.Pack;

/// <summary>
/// The pack as one semantic HTML page (WCAG 2.2 AA: one h1 and ordered headings, tables with captions and
/// scoped headers, the page and every foreign-language notice marked with its language, text contrast
/// above 7:1, print CSS with a page break before each section). It reflows to a phone's width (1.4.10): each table
/// scrolls within its own labelled, focusable region, and a chart scales with its key written as text beneath it.
/// Links back to the packs lead the page (not printed). All text is encoded.
/// </summary>
public static class PackHtml
{
    private const string Css = """
        body{font-family:"Liberation Sans",Arial,sans-serif;color:#111;background:#fff;line-height:1.4;max-width:60rem;margin:1rem auto;padding:0 1rem;overflow-wrap:break-word}
        h1{font-size:1.6rem}h2{font-size:1.35rem;margin-top:2rem}h3{font-size:1.15rem}h4{font-size:1rem}
        table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border:1px solid #444;padding:.25rem .4rem;vertical-align:top;text-align:left}
        thead th{background:#e8e8e8}td.n{text-align:right;white-space:nowrap}caption{caption-side:top;text-align:left;font-weight:bold;padding:.25rem 0}
        .note{font-size:.9rem}.missing{border:3px solid #8a0000;padding:.75rem;font-weight:bold}.draft{border:3px solid #111;padding:.5rem;font-weight:bold}
        .correction{border-left:4px solid #111;padding-left:.5rem}.missed{font-weight:bold}dl.cover dt{font-weight:bold}dl.cover dd{margin:0 0 .5rem 0}
        a{color:#0b4a8b}figure.chart{margin:1rem 0}figure.chart figcaption{font-weight:bold}svg.trend{width:100%;height:auto;max-width:760px;display:block}
        .chart-summary{margin:.5rem 0}table.chart-data{font-size:.85rem}
        div.scroll{overflow-x:auto;margin:1rem 0}div.scroll>table{margin:0}a:focus,div.scroll:focus{outline:3px solid #b35300;outline-offset:2px}
        ul.chart-key{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}ul.chart-key svg{vertical-align:middle;margin-right:.35rem}
        @media print{nav.back{display:none}div.scroll{overflow:visible}figure.chart{break-inside:avoid}body{max-width:none;margin:0}section.part{break-before:page}a{color:#111;text-decoration:none}
        h2,h3,h4,caption{break-after:avoid}table{break-inside:avoid}table.long{break-inside:auto}thead{display:table-header-group;break-inside:avoid;break-after:avoid}
        tr{break-inside:avoid}tbody tr:first-child{break-before:avoid}.signatures{break-inside:avoid}}
        """;

    /// <summary>Renders the pack; <paramref name="pages"/> gives the page each section starts on, when known (the PDF).</summary>
    public static string Render(PackDocument pack, IReadOnlyDictionary<string, int>? pages = null)
    {
        var html = new StringBuilder();
        var front = pack.Front;
        html.Append($"""
            <!doctype html>
            <html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(front.Title)} – {E(PackAssembler.Day(front.Date))}</title><style>{Css}</style></head><body>
            {Back(pack)}<main>
            <section id="front" aria-labelledby="front-title">
            <h1 id="front-title">{E(front.Title)}</h1>
            """);
        if (front.Purpose.Length > 0) html.Append($"<p>(Purpose: {E(front.Purpose)})</p>");
        html.Append($"<p><strong>Date:</strong> {E(PackAssembler.Day(front.Date))}</p><p><strong>Time:</strong> {E(front.StartTime)}</p><p><strong>Venue:</strong> {E(front.Venue)}</p><p>{E(PackWording.ReportingPeriod(front.ReportingPeriod))}</p>");
        if (pack.Partial)
            html.Append($"<p class=\"missing\" role=\"alert\">{E(PackWording.Incomplete(pack.Missing))}</p>");
        if (pack.Publication is null && pack.Papers.Any(p => p.Status is not null && p.Status != "Published"))
            html.Append($"<p class=\"draft\">{E(PackWording.Draft)}</p>");
        if (pack.Publication is { } publication)
        {
            html.Append($"<p class=\"version\"><strong>{E(PackWording.Version(publication))}</strong></p>");
            if (publication.Corrections.Count > 0)
            {
                html.Append($"<section id=\"corrections\" class=\"correction\" aria-labelledby=\"corrections-title\"><h2 id=\"corrections-title\">{E(PackWording.CorrectionsHeading)}</h2>");
                foreach (var correction in publication.Corrections)
                    html.Append($"<h3>{E(PackWording.Correction(correction))}</h3><ul>{string.Concat(correction.Changes.Select(c => $"<li>{E(c)}</li>"))}</ul>");
                html.Append("</section>");
            }
        }

        html.Append($"<h2>{E(PackWording.Agenda)}</h2>{Scroll(PackWording.Agenda)}<table><caption>{E(PackWording.Agenda)}</caption><thead><tr>{string.Concat(PackWording.AgendaColumns.Select(c => $"<th scope=\"col\">{E(c)}</th>"))}</tr></thead><tbody>");
        foreach (var item in front.Agenda)
        {
            var page = item.Section is { } section
                ? $"<a href=\"#{E(section)}\">{(pages?.TryGetValue(section, out var n) == true ? $"Page {n}" : item.Page.Length > 0 ? E(item.Page) : "Go to the paper")}</a>"
                : E(item.Page);
            html.Append($"<tr><td>{(item.Number is { } number ? $"{number}." : "")}</td><td>{E(item.Time)}</td><td>{E(item.Title)}</td><td>{page}</td></tr>");
        }
        html.Append("</tbody></table></div>");
        if (front.NextMeetings.Count > 0)
        {
            html.Append($"<h2>{E(PackWording.NextMeetings)}</h2><ul>");
            foreach (var next in front.NextMeetings)
                html.Append($"<li>{E(next.Title)}: {E(PackAssembler.Day(next.Date))} from {E(next.StartTime)}{(next.EndTime.Length > 0 ? $" – {E(next.EndTime)}" : "")}</li>");
            html.Append("</ul>");
        }
        html.Append($"<h2>{E(PackWording.Enquiries)}</h2>");
        foreach (var line in front.Contact) html.Append($"<p>{E(line)}</p>");
        foreach (var notice in front.LanguageNotices)
            html.Append($"<p lang=\"{E(notice.Language)}\"{(notice.Language is "ar" or "fa" or "he" or "ur" ? " dir=\"rtl\"" : "")}>{E(notice.Text)}</p>");
        html.Append("</section>");

        Minutes(pack, html);
        foreach (var paper in pack.Papers) Paper(paper, html);
        html.Append($"<section class=\"part\" id=\"method\"><h2>{E(PackWording.Method)}</h2><p>{E(pack.Method)}</p></section>");
        return html.Append("</main></body></html>").ToString();
    }

    private static void Minutes(PackDocument pack, StringBuilder html)
    {
        html.Append("<section class=\"part\" id=\"minutes\" aria-labelledby=\"minutes-title\">");
        if (pack.Minutes is not { } minutes)
        {
            html.Append("<h2 id=\"minutes-title\">Summary of the previous PCC Accountability Meeting</h2>");
            html.Append(pack.Missing.Contains("minutes") ? "<p class=\"missing\">The minutes could not be retrieved and are missing from this pack.</p>" : "<p>There are no minutes to confirm.</p>");
        }
        else
        {
            html.Append($"<h2 id=\"minutes-title\">{E(PackWording.MinutesHeading)}</h2><p><strong>Date:</strong> {E(PackAssembler.Day(minutes.Date))}</p><p><strong>Venue:</strong> {E(minutes.Venue)}</p><p><strong>Status:</strong> {E(minutes.Status)}</p>");
            var items = new Queue<(string Number, string Heading)>(PackWording.MinutesItems(minutes));
            string Item()
            {
                var (number, heading) = items.Dequeue();
                return $"<h3>{E(number)}. {E(heading)}</h3>";
            }
            string List(IEnumerable<string> points) => $"<ul>{string.Concat(points.Select(p => $"<li>{E(p)}</li>"))}</ul>";
            html.Append(Item()).Append(List(minutes.Attendance.Select(p => $"{p.Role} – {p.Name}, {p.Organisation}")));
            html.Append($"<h3>{E(PackWording.Apologies)}</h3>").Append(List(minutes.Apologies.Select(p => $"{p.Role} – {p.Name}, {p.Organisation}")));
            html.Append(Item()).Append(List(minutes.Declarations.DefaultIfEmpty(PackWording.NoDeclarations)));
            if (minutes.PreviousMinutes is { } previous) html.Append(Item()).Append(List(previous.Record));
            html.Append(Item());
            Questions("Public questions and the Constabulary's answers", "Public Question", minutes.PublicQuestions, html);
            foreach (var priority in minutes.Priorities)
            {
                html.Append(Item());
                Questions($"{priority.Heading}: questions and answers", "PCC Question", priority.Questions, html);
            }
            html.Append(Item()).Append(List(minutes.EmergingRisks));
            html.Append(Item()).Append(List(minutes.AnyOtherBusiness.DefaultIfEmpty(PackWording.NoOtherBusiness)));
        }
        if (pack.Actions is { } actions)
        {
            html.Append($"<h3>{E(PackWording.Actions)}</h3>{Scroll("Action log")}<table><caption>Action log</caption><thead><tr>{string.Concat(PackWording.ActionColumns.Select(c => $"<th scope=\"col\">{E(c)}</th>"))}</tr></thead><tbody>");
            foreach (var a in actions.Actions)
                html.Append($"<tr><th scope=\"row\">Action {a.Number} ({E(PackAssembler.Day(a.DateRaised)[(PackAssembler.Day(a.DateRaised).IndexOf(' ') + 1)..])}): {E(a.Description)}</th><td>{E(a.OwnerName)}</td><td>{E(a.Update)}</td></tr>");
            html.Append($"</tbody></table></div><p><strong>{E(PackWording.NextMeeting(actions.NextMeeting))}</strong></p>");
        }
        else if (pack.Missing.Contains("action log")) html.Append("<p class=\"missing\">The action log could not be retrieved and is missing from this pack.</p>");
        if (pack.Minutes is { Signatories.Count: > 0 } signed)
        {
            html.Append($"<div class=\"signatures\"><h3>{E(PackWording.Signatures)}</h3>");
            foreach (var s in signed.Signatories) html.Append($"<p>……………………………………<br>{E(s.Name)}<br>{E(s.Role)}</p>");
            html.Append("</div>");
        }
        html.Append("</section>");
    }

    private static void Questions(string caption, string heading, IReadOnlyList<QuestionLine> questions, StringBuilder html)
    {
        html.Append($"{Scroll(caption)}<table><caption>{E(caption)}</caption><thead><tr><th scope=\"col\">{E(heading)}</th><th scope=\"col\">Constabulary Answer</th></tr></thead><tbody>");
        foreach (var q in questions) html.Append($"<tr><td>{Paragraphs(q.Question)}</td><td>{Paragraphs(q.Answer)}</td></tr>");
        html.Append("</tbody></table></div>");
    }

    private static void Paper(PaperSection paper, StringBuilder html)
    {
        var id = $"paper-{paper.Pillar}";
        html.Append($"<section class=\"part\" id=\"{E(id)}\" aria-labelledby=\"{E(id)}-title\"><h2 id=\"{E(id)}-title\">{E(PackWording.Objectives(paper.Title))}</h2>");
        if (paper.Missing is not null)
        {
            html.Append($"<p class=\"missing\" role=\"note\">{E(paper.Missing)}</p>");
            if (paper.Objectives.Count == 0) { html.Append("</section>"); return; }
        }
        foreach (var note in paper.CorrectionNotes) html.Append($"<p class=\"correction\"><strong>Correction:</strong> {E(note)}</p>");
        if (paper.Cover is { } c)
        {
            html.Append("<dl class=\"cover\">");
            foreach (var (term, value) in PackWording.Cover(c))
                html.Append($"<dt>{term}:</dt><dd>{E(value)}</dd>");
            html.Append("</dl>");
        }
        if (paper.FiguresChecked.Length > 0)
        {
            html.Append($"<p class=\"figures-checked\">{E(paper.FiguresChecked)}</p>");
            var differing = PackWording.Contradictions(paper).ToList();
            if (differing.Count > 0) html.Append("<ul class=\"figures-checked\">" + string.Concat(differing.Select(d => $"<li>{E(d)}</li>")) + "</ul>");
        }
        if (paper.Status is { } status && status != "Published") html.Append($"<p class=\"draft\">Status: {E(status)} (version {paper.Version}); not yet published.</p>");
        foreach (var objective in paper.Objectives)
        {
            html.Append($"<h3>{E(objective.Title)}</h3><p><em>{E(objective.Description)}</em></p>");
            foreach (var table in objective.Tables) Table(table, html);
            foreach (var chart in objective.Charts) Chart(chart, html);
            Narrative(objective.Narrative, html);
        }
        html.Append("</section>");
    }

    private static void Table(PackTable table, StringBuilder html)
    {
        html.Append($"{Scroll($"Table {table.Number}")}<table id=\"table-{table.Number}\"><caption>Table {table.Number}: {E(table.Caption)}</caption><thead><tr>");
        foreach (var column in table.Columns) html.Append($"<th scope=\"col\">{E(column)}</th>");
        html.Append("</tr></thead><tbody>");
        string? group = null;
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            if (table.LabelColumns == 2)
            {
                var span = table.Rows.SkipWhile(r => r != row).TakeWhile(r => r.Group == row.Group).Count();
                if (row.Group != group) html.Append($"<th scope=\"rowgroup\" rowspan=\"{span}\">{E(row.Group)}</th>");
                group = row.Group;
            }
            html.Append($"<th scope=\"row\">{E(row.Label)}</th>");
            foreach (var cell in row.Cells)
            {
                var target = PackWording.Target(cell.TargetMet);
                html.Append($"<td class=\"n{(cell.TargetMet == false ? " missed" : "")}\">{E(cell.Text)}{target}</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div>");
        if (table.DateRangeNote.Length > 0) html.Append($"<p class=\"note\">{E(table.DateRangeNote)}</p>");
        if (table.Note.Length > 0) html.Append($"<p class=\"note\">{E(table.Note)}</p>");
        if (table.DataNote.Length > 0) html.Append($"<p class=\"note\">{E(PackWording.DataNote(table.DataNote))}</p>");
    }

    /// <summary>A trend chart (inline SVG) with its text equivalent: the summary, and the figures as a table.</summary>
    public static void Chart(PackChart chart, StringBuilder html)
    {
        var id = $"chart-{chart.Id}";
        html.Append($"<figure class=\"chart\" id=\"{E(id)}\"><figcaption>{E(PackWording.ChartHeading(chart.Title))}</figcaption>");
        if (chart.Segments.Count > 0) html.Append(TrendChart.Svg(chart, id)).Append(TrendChart.KeyHtml(chart));
        html.Append($"<p class=\"chart-summary\">{E(chart.Summary)}</p></figure>");
        var rows = PackWording.ChartRows(chart);
        if (rows.Count == 0) return;
        html.Append($"{Scroll(PackWording.ChartData(chart.Title))}<table class=\"chart-data long\" id=\"{E(id)}-data\"><caption>{E(PackWording.ChartData(chart.Title))}</caption><thead><tr>");
        foreach (var column in PackWording.ChartColumns) html.Append($"<th scope=\"col\">{E(column)}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append($"<tr><th scope=\"row\">{E(row[0])}</th>");
            foreach (var cell in row.Skip(1)) html.Append($"<td>{E(cell)}</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div>");
    }

    /// <summary>A narrative as HTML: its text encoded, only the subset's structure (paragraphs, bullets, headings, emphasis) as markup.</summary>
    public static string NarrativeHtml(string markdown)
    {
        var html = new StringBuilder();
        Narrative(markdown, html);
        return html.ToString();
    }

    private static void Narrative(string markdown, StringBuilder html)
    {
        var open = 0;
        void Close(int to)
        {
            for (; open > to; open--) html.Append("</li></ul>");
        }
        foreach (var block in NarrativeText.Blocks(markdown))
        {
            var level = block.Kind switch { BlockKind.Bullet => 1, BlockKind.SubBullet => 2, _ => 0 };
            if (level == 0) Close(0);
            else if (level > open) { for (; open < level; open++) html.Append("<ul><li>"); }
            else { Close(level); html.Append("</li><li>"); }
            var text = string.Concat(block.Runs.Select(Run));
            html.Append(block.Kind switch
            {
                BlockKind.Heading => $"<h4>{text}</h4>",
                BlockKind.Paragraph => $"<p>{text}</p>",
                _ => text,
            });
        }
        Close(0);
    }

    private static string Run(TextRun run)
    {
        var text = E(run.Text);
        if (run.Bold) text = $"<strong>{text}</strong>";
        if (run.Italic) text = $"<em>{text}</em>";
        return text;
    }

    /// <summary>Opens the region a table scrolls in when it is wider than the screen: named, and reachable with the keyboard to scroll it.</summary>
    public static string Scroll(string label) => $"<div class=\"scroll\" role=\"region\" aria-label=\"{E(label)}\" tabindex=\"0\">";

    /// <summary>The way back from a pack read in the browser: the published packs and this pack's own page; a draft leads back to the person's work.</summary>
    private static string Back(PackDocument pack) => pack.Publication is null
        ? """<nav class="back" aria-label="Back"><p><a href="/app">Back to your work</a></p></nav>"""
        : $"""<nav class="back" aria-label="Back"><p><a href="/packs">All published packs</a> · <a href="/packs/{E(pack.MeetingId)}">This pack's page: downloads, tables as data, versions</a></p></nav>""";

    private static string Paragraphs(string text) =>
        string.Concat(text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"<p>{E(p)}</p>"));

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
