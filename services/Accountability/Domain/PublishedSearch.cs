using System.Text;
using Microsoft.EntityFrameworkCore;
using PlanServices.Accountability.Data;

namespace PlanServices.Accountability.Domain;

/// <summary>A passage of a pack to be found by search: its place (the html's anchor), its kind, its heading and its words.</summary>
public sealed record SearchEntry(string Anchor, string Kind, string Heading, string Text);

public sealed record SearchHit(string MeetingId, int Version, string Anchor, string Kind, string Heading, string Snippet);

/// <summary>
/// Full-text search of the published packs with the database's own engine (docs/public-side.md): SQLite's FTS5 with the
/// Porter stemmer, PostgreSQL's English text search; SQL Server, whose full-text index needs a catalogue a DBA sets up,
/// matches each word as a substring instead. Only the latest published version of each pack is searched, and only published
/// versions are ever indexed (their passages are written with them). A query is a list of words, all of which a passage
/// must hold; whatever else is typed is ignored, so no input is a syntax error.
/// </summary>
public sealed class PublishedSearch(AccountabilityDb db)
{
    public const int MaxHits = 50;

    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into", "is", "it", "its", "of", "on", "or",
        "that", "the", "their", "there", "this", "to", "was", "were", "will", "with",
    };

    /// <summary>The passages holding every word of <paramref name="query"/>, best first; each found word of a snippet is between U+0002 and U+0003.</summary>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int limit, CancellationToken ct)
    {
        var words = Words(query);
        if (words.Count == 0) return [];
        limit = limit is > 0 and <= MaxHits ? limit : MaxHits;
        var all = string.Join(' ', words.Select(w => $"\"{w}\""));
        var plain = string.Join(' ', words);
        var hits = db.Database.ProviderName switch
        {
            "Microsoft.EntityFrameworkCore.Sqlite" => db.Database.SqlQuery<SearchHit>($"""
                SELECT t.meeting_id AS MeetingId, t.version AS Version, t.anchor AS Anchor, t.kind AS Kind, t.heading AS Heading,
                       snippet(published_text_fts, 1, char(2), char(3), '…', 24) AS Snippet
                FROM published_text_fts JOIN published_text t ON t.id = published_text_fts.rowid
                WHERE published_text_fts MATCH {all} AND t.version = (SELECT MAX(p.Version) FROM published_packs p WHERE p.MeetingId = t.meeting_id)
                ORDER BY bm25(published_text_fts, 5.0, 1.0) LIMIT {limit}
                """),
            "Npgsql.EntityFrameworkCore.PostgreSQL" => db.Database.SqlQuery<SearchHit>($"""
                SELECT t.meeting_id AS "MeetingId", t.version AS "Version", t.anchor AS "Anchor", t.kind AS "Kind", t.heading AS "Heading",
                       ts_headline('english', t.text, q, 'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') AS "Snippet"
                FROM published_text t, plainto_tsquery('english', {plain}) q
                WHERE t.search @@ q AND t.version = (SELECT MAX(p."Version") FROM published_packs p WHERE p."MeetingId" = t.meeting_id)
                ORDER BY ts_rank(t.search, q) DESC LIMIT {limit}
                """),
            _ => Substrings(words).Take(limit).Select(t => new SearchHit(t.MeetingId, t.Version, t.Anchor, t.Kind, t.Heading, t.Text)),
        };
        var found = await hits.ToListAsync(ct);
        return [.. found.Select(h => h with { Snippet = h.Snippet.Length > 600 ? h.Snippet[..600] + "…" : h.Snippet })];
    }

    /// <summary>Each word must appear in the heading or the text (SQL Server).</summary>
    private IQueryable<PublishedTextRow> Substrings(IReadOnlyList<string> words)
    {
        var rows = db.PublishedTexts.AsNoTracking().Where(t => t.Version == db.PublishedPacks.Where(p => p.MeetingId == t.MeetingId).Max(p => p.Version));
        foreach (var word in words) rows = rows.Where(t => t.Heading.Contains(word) || t.Text.Contains(word));
        return rows.OrderBy(t => t.MeetingId).ThenBy(t => t.Id);
    }

    /// <summary>
    /// The letters and digits of the query, as words (at most 12, each at most 40 characters), without the commonest English
    /// words, which PostgreSQL ignores too: "crime and disorder" finds a passage whatever joins the two.
    /// </summary>
    public static IReadOnlyList<string> Words(string query)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in (query ?? "") + " ")
        {
            if (char.IsLetterOrDigit(c)) word.Append(c);
            else if (word.Length > 0)
            {
                if (words.Count < 12 && !Common.Contains(word.ToString())) words.Add(word.Length > 40 ? word.ToString(0, 40) : word.ToString());
                word.Clear();
            }
        }
        return words;
    }
}
