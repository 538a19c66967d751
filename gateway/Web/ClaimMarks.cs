using System.Net;
using System.Text;
using Plan.Pillar.V1;
using PlanServices.Gateway.Pack;

namespace PlanServices.Gateway.Web;

/// <summary>
/// A narrative's preview with each figure it quotes marked as the checker read it (matches ✓, differs ✗, not checked ?),
/// and the list of those figures in words: what the tables say and why. The mark's symbol and the list carry the
/// meaning, so colour is never the only sign.
/// </summary>
public static class ClaimMarks
{
    public static string Words(ClaimStatus status) => status switch
    {
        ClaimStatus.Matches => "Matches the tables",
        ClaimStatus.Contradicts => "Differs from the tables",
        _ => "Not checked: no stored figure for it",
    };

    private static string Symbol(ClaimStatus status) => status switch { ClaimStatus.Matches => "✓", ClaimStatus.Contradicts => "✗", _ => "?" };

    private static string Class(ClaimStatus status) => status switch { ClaimStatus.Matches => "matches", ClaimStatus.Contradicts => "contradicts", _ => "unlinked" };

    /// <summary>The preview as the pack prints it, each claim's text marked where it first appears.</summary>
    public static string Preview(string markdown, IEnumerable<NarrativeClaim> claims)
    {
        var html = NarrativeText.Html(markdown);
        var from = 0;
        foreach (var claim in claims.Where(c => c.Kind != "reference"))
        {
            var text = WebUtility.HtmlEncode(claim.Text);
            var at = html.IndexOf(text, from, StringComparison.Ordinal);
            if (at < 0) continue;
            var mark = $"<mark class=\"claim {Class(claim.Status)}\">{text}<span aria-hidden=\"true\"> {Symbol(claim.Status)}</span></mark>";
            html = html[..at] + mark + html[(at + text.Length)..];
            from = at + mark.Length;
        }
        return html;
    }

    /// <summary>Every claim in words: "✗ “+44.5 percent”: differs from the tables: the figures give +71.3%; 108 → 185 …".</summary>
    public static string List(IReadOnlyList<NarrativeClaim> claims)
    {
        if (claims.Count == 0) return "<p class=\"muted\">No figure in this narrative quotes a measure of the paper's tables.</p>";
        var html = new StringBuilder("<ul class=\"claims\">");
        foreach (var c in claims)
        {
            var detail = c.Status switch
            {
                ClaimStatus.Matches => $"the tables give {c.Derived} ({c.Window})",
                ClaimStatus.Contradicts => $"the figures give {c.Derived}; {c.Rule}",
                _ => c.Rule,
            };
            html.Append($"<li class=\"{Class(c.Status)}\"><span aria-hidden=\"true\">{Symbol(c.Status)} </span>“{WebUtility.HtmlEncode(c.Text)}”: <strong>{Words(c.Status)}</strong>: {WebUtility.HtmlEncode(detail)}</li>");
        }
        return html.Append("</ul>").ToString();
    }
}
