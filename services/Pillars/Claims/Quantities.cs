using System.Globalization;
using System.Text.RegularExpressions;

namespace PlanServices.Pillars.Claims;

/// <summary>What a number in prose is written as.</summary>
public enum QuantityUnit { Count, Percent, Points, Money }

/// <summary>A number found in a sentence: where it is, its value and unit, and its text as written ("+44.5 percent").</summary>
public sealed record Quantity(int Start, int Length, string Text, decimal Value, int Decimals, QuantityUnit Unit, int? Sign, bool UnitTwice);

/// <summary>
/// Finds the numbers of a sentence that could be figures, leaving out what only looks like one: dates and years,
/// financial years, times, ages, phone and service numbers (999, 101), names with numbers (Section 18, Level 2,
/// Operation names, A11, OK9), table numbers, spans of time ("12-month", "the next 12 months", "27 years") and the
/// 10 seconds of the 999 standard.
/// </summary>
public static partial class Quantities
{
    private const string Months = "January|February|March|April|May|June|July|August|September|October|November|December";

    [GeneratedRegex(@"(?<![\w.,£/-])(?<sign>[+\-−–](?=\s?[£\d]))?\s?(?<money>£)?(?<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d/]|[.,]\d)(?!(?!pp\b|m\b|bn\b|k\b)[A-Za-z])(?<mult>\s?(?:million|billion|thousand|m\b|bn\b|k\b))?(?<unit>\s?%(?<twice>\s?per ?cent)?|\s?percentage points?|\s?per ?cent\b|\s?pp\b|\s?points?\b)?", RegexOptions.IgnoreCase)]
    private static partial Regex Digits();

    [GeneratedRegex(@"(?<!\b(?:last|next|past|previous|first|final)\s)\b(?<word>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b(?!-)(?:\s+(?<mult>hundred|thousand)\b)?", RegexOptions.IgnoreCase)]
    private static partial Regex Words();

    /// <summary>Spans that are not figures: each match blanks the numbers inside it.</summary>
    [GeneratedRegex(@"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + Months + @")(?:\s+\d{4})?|\b(?:" + Months + @")\s+\d{4}\b|\b(?:19|20)\d{2}(?:\s?[/–-]\s?(?:19|20)?\d{2})?\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}[.:]\d{2}\s?(?:am|pm)\b|\b\d{1,2}\s?(?:am|pm)\b|\baged\s+\d+|\b\d+-year-old|\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b|(?<=\b(?:call|ring|dial|phone|on|via|using|contact|or|and)\s+)(?:999|101|111)\b|\b(?:999|101|111)\b(?=\s*(?:calls?|call-\w+|service|line|number|non-emergency|answer|answered|mean|average|abandon\w*|handling|performance|SLAs?|contact|demand|or|and|in an|[),.;:]|$))|\b(?:Section|Level|Code|Outcome|Table|Phase|Tier|Stage|Grade|Band|Priority|Item|Action|Article|Part|Kilo|Schedule|Right)\s+\d+[A-Z]?(?:\s*[–-]\s*\d+[A-Z]?)?\b|\b(?:Sections|Levels|Codes|Outcomes|Tables|Phases|Tiers|Stages|Grades|Bands|Items|Actions|Articles|Parts|Schedules|Rights)\s+\d+[A-Z]?(?:\s*(?:[–-]|to|and|or)\s*\d+[A-Z]?)?\b|\b(?:within|in under|under|in)\s+\d+\s+seconds\b|\b\d{1,3}(?:,\d{3})*(?:\.\d+)?[-\s](?:month|year|day|week|hour)s?\b(?:\s+(?:imprisonment|period|periods))?|\b(?:last|next|past|previous|first|final)\s+(?:\w+\s+)?\d+\s+\w+|\b\d+\s?(?:kg|kilograms?|km|miles?|mph)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotFigures();

    private static readonly string[] Units = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
    private static readonly string[] Tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    public static IReadOnlyList<Quantity> Find(string sentence)
    {
        var blanked = NotFigures().Replace(sentence, m => new string('#', m.Length));
        var found = new List<Quantity>();
        foreach (Match m in Digits().Matches(blanked))
        {
            if (PartOfName(blanked, m.Index)) continue;
            var number = decimal.Parse(m.Groups["num"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            var mult = m.Groups["mult"].Value.Trim().ToLowerInvariant();
            number *= mult switch { "million" or "m" => 1_000_000, "billion" or "bn" => 1_000_000_000, "thousand" or "k" => 1_000, _ => 1 };
            var unitText = m.Groups["unit"].Value.Trim().ToLowerInvariant();
            var unit = m.Groups["money"].Success ? QuantityUnit.Money
                : unitText.StartsWith('%') || unitText.StartsWith("per", StringComparison.Ordinal) && !unitText.StartsWith("percentage", StringComparison.Ordinal) ? QuantityUnit.Percent
                : unitText.Length > 0 ? QuantityUnit.Points : QuantityUnit.Count;
            var sign = m.Groups["sign"].Value switch { "+" => 1, "" => (int?)null, _ => -1 };
            var text = sentence.Substring(m.Index, m.Length).Trim();
            var start = m.Index + (m.Length - m.Value.TrimStart().Length);
            var digits = m.Groups["num"].Value;
            var decimals = digits.Contains('.') ? digits.Length - digits.IndexOf('.') - 1 : 0;
            found.Add(new Quantity(start, text.Length, text, number, decimals, unit, sign, m.Groups["twice"].Success));
        }
        foreach (Match m in Words().Matches(blanked))
        {
            if (m.Index == 0 && char.IsUpper(sentence[0]) && m.Value.Equals("one", StringComparison.OrdinalIgnoreCase)) continue;
            if (m.Value.Equals("one", StringComparison.OrdinalIgnoreCase) && !Regex.IsMatch(blanked[(m.Index + 3)..], @"^\s+\w+\s+per\b|^\s+(?:report|crime|offence)")) continue;
            var scale = m.Groups["mult"].Value.ToLowerInvariant() switch { "hundred" => 100, "thousand" => 1000, _ => 1 };
            found.Add(new Quantity(m.Index, m.Length, m.Value, Word(m.Groups["word"].Value) * scale, 0, QuantityUnit.Count, null, false));
        }
        return found.OrderBy(q => q.Start).ToList();
    }

    /// <summary>A number straight after a capitalised word inside a sentence belongs to a name (Operation Kilo 9, Level 2).</summary>
    private static bool PartOfName(string text, int index)
    {
        var before = text[..index].TrimEnd();
        if (before.Length == text[..index].Length) return false;
        var word = Regex.Match(before, @"(\w+)$");
        if (!word.Success || !char.IsUpper(word.Value[0]) || Regex.IsMatch(word.Value, "^(?:" + Months + ")$")) return false;
        var previous = before[..word.Index].TrimEnd();
        return previous.Length > 0 && !previous.EndsWith('.') && !previous.EndsWith(':');
    }

    private static decimal Word(string word)
    {
        var parts = word.ToLowerInvariant().Split('-');
        var value = Array.IndexOf(Tens, parts[0]) is var t and >= 0 ? 20 + 10 * t : Array.IndexOf(Units, parts[0]) + 1;
        return parts.Length > 1 ? value + Array.IndexOf(Units, parts[1]) + 1 : value;
    }
}
