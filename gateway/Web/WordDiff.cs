using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DiffPlex;
using DiffPlex.Chunkers;

namespace PlanServices.Gateway.Web;

/// <summary>
/// Two texts side by side, word by word (DiffPlex's Myers diff, linear in memory): what the old one lost marked
/// &lt;del&gt;, what the new one gained &lt;ins&gt;.
/// </summary>
public static partial class WordDiff
{
    public sealed record Sides(string OldHtml, string NewHtml, bool Changed);

    /// <summary>Words and the whitespace between them, each a piece, so that the texts come back exactly as written.</summary>
    private static readonly IChunker Chunker = new CustomFunctionChunker(text => Words().Matches(text).Select(m => m.Value).ToArray());

    public static Sides Compare(string before, string after)
    {
        var diff = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, Chunker);
        var (a, b) = (diff.PiecesOld, diff.PiecesNew);
        var (left, right) = (new StringBuilder(), new StringBuilder());
        int x = 0, y = 0;
        foreach (var block in diff.DiffBlocks)
        {
            while (x < block.DeleteStartA) left.Append(E(a[x++]));
            while (y < block.InsertStartB) right.Append(E(b[y++]));
            for (var i = 0; i < block.DeleteCountA; i++) left.Append(Mark("del", a[x++]));
            for (var i = 0; i < block.InsertCountB; i++) right.Append(Mark("ins", b[y++]));
        }
        while (x < a.Count) left.Append(E(a[x++]));
        while (y < b.Count) right.Append(E(b[y++]));
        return new Sides(left.ToString(), right.ToString(), before != after);
    }

    private static string Mark(string tag, string word) => string.IsNullOrWhiteSpace(word) ? E(word) : $"<{tag}>{E(word)}</{tag}>";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    [GeneratedRegex(@"\s+|[^\s]+")]
    private static partial Regex Words();
}
