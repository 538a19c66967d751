using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace PlanServices.Gateway.Web;

/// <summary>Two texts side by side, word by word: what the old one lost marked &lt;del&gt;, what the new one gained &lt;ins&gt;.</summary>
public static partial class WordDiff
{
    public sealed record Sides(string OldHtml, string NewHtml, bool Changed);

    public static Sides Compare(string before, string after)
    {
        var a = Words().Matches(before).Select(m => m.Value).ToArray();
        var b = Words().Matches(after).Select(m => m.Value).ToArray();
        // Longest common subsequence, by suffix lengths.
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        var (left, right) = (new StringBuilder(), new StringBuilder());
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { left.Append(E(a[x])); right.Append(E(b[y])); x++; y++; }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y])) right.Append(Mark("ins", b[y++]));
            else left.Append(Mark("del", a[x++]));
        }
        return new Sides(left.ToString(), right.ToString(), before != after);
    }

    private static string Mark(string tag, string word) => string.IsNullOrWhiteSpace(word) ? E(word) : $"<{tag}>{E(word)}</{tag}>";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    [GeneratedRegex(@"\s+|[^\s]+")]
    private static partial Regex Words();
}
