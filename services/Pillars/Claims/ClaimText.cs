using System.Text.RegularExpressions;

namespace PlanServices.Pillars.Claims;

/// <summary>The text side of the checker: a narrative's blocks and sentences, and words compared as people write them.</summary>
public static partial class ClaimText
{
    /// <summary>The narrative's blocks (paragraphs, bullets, sub-bullets, headings), emphasis removed.</summary>
    public static IEnumerable<string> Blocks(string markdown) => IndentedBlocks(markdown).Select(b => b.Text);

    /// <summary>How far each block is indented: a bullet by its spaces, a paragraph -1 and a heading (###) -2, so the blocks under a heading are deeper.</summary>
    public static IEnumerable<(string Text, int Indent)> IndentedBlocks(string markdown)
    {
        var block = new List<string>();
        var indent = 0;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.Trim();
            var starts = line.Length == 0 || BlockStart().IsMatch(line);
            if (starts && block.Count > 0) { yield return (string.Join(' ', block), indent); block.Clear(); }
            if (line.Length == 0) continue;
            if (block.Count == 0) indent = line.StartsWith('#') ? -2 : BlockStart().IsMatch(line) ? raw.Length - raw.TrimStart().Length : -1;
            block.Add(Regex.Replace(BlockStart().Replace(line, ""), @"[*_`]", ""));
        }
        if (block.Count > 0) yield return (string.Join(' ', block), indent);
    }

    [GeneratedRegex(@"^(?:[-*+]|\d+\.|#+)\s+")]
    private static partial Regex BlockStart();

    /// <summary>Sentences: split after . ! ? followed by a capital, never inside a number.</summary>
    public static IEnumerable<string> Sentences(string block) =>
        Regex.Split(block, @"(?<=[a-z0-9)%'’”][.!?])\s+(?=[A-Z0-9“'‘(])").Where(s => s.Trim().Length > 0);

    /// <summary>Lower case, words only, plurals made singular: "Residential burglaries" → "residential burglary".</summary>
    public static string Normalise(string text) =>
        string.Join(' ', Regex.Matches(Regex.Replace(text.ToLowerInvariant(), @"percentage points?", "pp").Replace("12-month", "12 month", StringComparison.Ordinal), @"[a-z0-9%]+")
            .Select(m => Singular(m.Value)));

    private static string Singular(string word) =>
        word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y"
        : word.Length > 4 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal) ? word[..^1] : word;

    public static bool Contains(string norm, string term) => Occurrences(norm, term).Any();

    /// <summary>Where a term stands as whole words in normalised text (single spaces between words).</summary>
    public static IEnumerable<int> Occurrences(string norm, string term)
    {
        for (var at = norm.IndexOf(term, StringComparison.Ordinal); at >= 0; at = norm.IndexOf(term, at + 1, StringComparison.Ordinal))
            if ((at == 0 || norm[at - 1] == ' ') && (at + term.Length == norm.Length || norm[at + term.Length] == ' ')) yield return at;
    }

    public static bool InParentheses(string sentence, int at) => sentence[..at].LastIndexOf('(') > sentence[..at].LastIndexOf(')');

    public static bool StartsWithPronoun(string sentence) => Regex.IsMatch(sentence.TrimStart(), @"^(?:This|That|It|These|Those|They|Its)\b");

    /// <summary>A clause boundary between two places of a sentence: "; ", "and was", "but is".</summary>
    [GeneratedRegex(@"\b(?:and|but)\s+(?:is|are|was|were|remains?|remained|has|have|had)\b|;", RegexOptions.IgnoreCase)]
    public static partial Regex ClauseBreak();

    public static string Excerpt(string sentence, Quantity q)
    {
        var from = Math.Max(0, q.Start - 40);
        var to = Math.Min(sentence.Length, q.Start + q.Length + 40);
        return (from > 0 ? "…" : "") + sentence[from..to].Trim() + (to < sentence.Length ? "…" : "");
    }
}
