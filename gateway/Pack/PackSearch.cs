using System.Net;
using System.Text;
using Grpc.Core;
using Plan.Accountability.V1;

namespace PlanServices.Gateway.Pack;

/// <summary>One search result as the page shows it: where it leads, what it is, and the words around the match.</summary>
public sealed record SearchResult(string Link, string Meeting, string Heading, string Kind, string SnippetHtml);

/// <summary>
/// Search across the published packs (docs/public-side.md). A pack's passages are made here from its model when it is
/// published (its agenda, each question of the minutes with its answer, each action of the log, each objective's narrative, each table)
/// and stored with the version; Accountability searches them with its database's full-text engine. Each passage's anchor
/// is the id of its place in the pack's html.
/// </summary>
public static class PackSearch
{
    public static IReadOnlyList<SearchEntry> Entries(PackDocument pack)
    {
        var entries = new List<SearchEntry>
        {
            Entry("front", "agenda", $"Agenda: {pack.Front.Title}", pack.Front.Agenda.Select(a => a.Title)),
        };
        if (pack.Minutes is { } minutes)
        {
            foreach (var q in minutes.PublicQuestions) entries.Add(Entry("minutes", "minutes", "Public question", [q.Question, q.Answer]));
            foreach (var priority in minutes.Priorities)
                foreach (var q in priority.Questions) entries.Add(Entry("minutes", "minutes", $"{priority.Heading}: {priority.Title}", [q.Question, q.Answer]));
            entries.Add(Entry("minutes", "minutes", "Emerging risks and other business", [.. minutes.EmergingRisks, .. minutes.AnyOtherBusiness]));
        }
        if (pack.Actions is { } actions)
            foreach (var action in actions.Actions)
                entries.Add(Entry("actions", "actions", $"Action {action.Number} ({action.OwnerName})", [action.Description, action.Update]));
        foreach (var paper in pack.Papers)
            foreach (var objective in paper.Objectives)
            {
                entries.Add(Entry($"paper-{paper.Pillar}-{objective.Id}", "narrative", $"{paper.Title}: {objective.Title}", [objective.Description, objective.Narrative]));
                foreach (var table in objective.Tables)
                    entries.Add(Entry($"table-{table.Number}", "table", $"Table {table.Number}: {table.Caption}",
                        [string.Join(" ", table.Columns), .. table.Rows.Select(r => $"{r.Group} {r.Label}: {string.Join(" ", r.Cells.Select(c => c.Text))}".Trim()), table.Note]));
            }
        return [.. entries.Where(e => e.Text.Length > 0)];
    }

    private static SearchEntry Entry(string anchor, string kind, string heading, IEnumerable<string> parts) => new()
    {
        Anchor = anchor, Kind = kind, Heading = heading.Length > 400 ? heading[..400] : heading,
        Text = string.Join("\n", parts.Select(p => p.Trim()).Where(p => p.Length > 0)),
    };

    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/search", [HttpMethods.Get, HttpMethods.Head], async (string? q, HttpContext http, ServiceClients clients, PublishedFiles files, PublicPages pages, CancellationToken ct) =>
        {
            var query = (q ?? "").Trim();
            if (query.Length == 0) return await pages.SearchAsync(http, "", []);
            var reply = await clients.Accountability.SearchPublishedAsync(new SearchPublishedRequest { Query = query, Limit = 50 },
                deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct);
            var meetings = (await files.IndexAsync(ct)).ToDictionary(p => p.MeetingId);
            var results = reply.Hits.Where(h => meetings.ContainsKey(h.MeetingId)).Select(h => new SearchResult(
                $"/packs/{h.MeetingId}/v{h.Version}.html#{h.Anchor}", $"{meetings[h.MeetingId].Title}, {PublicPages.Day(meetings[h.MeetingId].Date)}",
                h.Heading, Kinds.GetValueOrDefault(h.Kind, h.Kind), Marked(h.Snippet))).ToList();
            return await pages.SearchAsync(http, query, results);
        }).RequireRateLimiting(MeetingPages.SearchPolicy);
        return app;
    }

    private static readonly Dictionary<string, string> Kinds = new()
    {
        ["agenda"] = "Agenda", ["minutes"] = "Minutes", ["actions"] = "Action log", ["narrative"] = "Paper", ["table"] = "Table",
    };

    /// <summary>The snippet as HTML: its text encoded, each word found in &lt;mark&gt;.</summary>
    public static string Marked(string snippet)
    {
        static string Encode(string text) => WebUtility.HtmlEncode(text.Replace("\u0003", ""));
        var parts = snippet.Split('\u0002');
        var html = new StringBuilder(Encode(parts[0]));
        foreach (var part in parts.Skip(1))
        {
            var end = part.IndexOf('\u0003');
            if (end < 0) html.Append(Encode(part));
            else html.Append("<mark>").Append(Encode(part[..end])).Append("</mark>").Append(Encode(part[(end + 1)..]));
        }
        return html.ToString();
    }
}
