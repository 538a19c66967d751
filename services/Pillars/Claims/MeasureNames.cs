using System.Text.RegularExpressions;
using PlanServices.Pillars.Domain;
using static PlanServices.Pillars.Claims.ClaimText;

namespace PlanServices.Pillars.Claims;

/// <summary>
/// An indicator an objective's tables or charts show, or its narrative quotes (<see cref="Quoted"/>), with the words that
/// name its group and its measure. A column, a chart or a quoted indicator has no group of its own: its name and synonyms
/// are its group words and it has no measure words.
/// </summary>
public sealed record Subject(Indicator Indicator, string Group, IReadOnlyList<string> GroupTerms, IReadOnlyList<string> MeasureTerms)
{
    public bool Quoted { get; init; }
}

/// <summary>
/// The measure side of the checker: which indicators an objective's narrative may speak of, and which one a number in a
/// sentence speaks of, by the group and measure words nearest it (a row's group and label, the indicator's name, the
/// catalogue's synonyms).
/// </summary>
public sealed class MeasureNames
{
    public IReadOnlyList<Subject> Subjects { get; }

    public MeasureNames(Catalogue catalogue, string objective)
    {
        var subjects = new List<Subject>();
        void Add(Indicator indicator, string? group, string label, bool quoted = false)
        {
            if (subjects.Any(s => s.Indicator.Id == indicator.Id)) return;
            var synonyms = indicator.Synonyms.Select(Normalise).ToList();
            if (group is null)
            {
                subjects.Add(new Subject(indicator, indicator.Id, [.. Terms(label), .. Terms(indicator.Name), .. synonyms], []) { Quoted = quoted });
                return;
            }
            var measure = label.StartsWith("% ", StringComparison.Ordinal)
                ? new[] { $"{label[2..]} rate", $"rate of {label[2..]}", label[2..] }.Select(Normalise).SelectMany(t => new[] { t }.Concat(Stem(t))).ToList()
                : label.Equals("Number of crimes", StringComparison.OrdinalIgnoreCase)
                    ? ["volume", "number", "crime", "offence", "recorded"]
                    : [Normalise(label), .. Stem(Normalise(label))];
            subjects.Add(new Subject(indicator, group, [.. Terms(group), .. synonyms], [.. measure, .. synonyms]));
        }
        foreach (var table in catalogue.Tables.Where(t => t.Objective == objective))
        {
            foreach (var row in table.Rows) Add(catalogue[row.Indicator], row.Group, row.Label);
            foreach (var column in table.Columns) Add(catalogue[column.Indicator], null, column.Label);
            if (table.Indicator is { } single) Add(catalogue[single], null, catalogue[single].Name);
        }
        foreach (var chart in catalogue.Charts.Where(c => c.Objective == objective)) Add(catalogue[chart.Indicator], null, chart.Title);
        foreach (var quoted in catalogue.Objectives.Where(o => o.Id == objective).SelectMany(o => o.Quotes)) Add(catalogue[quoted], null, catalogue[quoted].Name, quoted: true);
        Subjects = subjects;
    }

    public Subject? Of(string indicator) => Subjects.FirstOrDefault(s => s.Indicator.Id == indicator);

    /// <summary>
    /// Whether a percentage is what a quoted rate gives. Named by words of its own ("PACE compliance"), it is; named only by
    /// what its numerator counts ("race hate crime") or by a single word ("disability"), only when the sentence says of
    /// what ("75% of all recorded hate crime": the denominator's words just after the figure) or lists it ("Race: 75%").
    /// "Satisfaction among victims of race hate crime was 80%" is not a share of hate crime.
    /// </summary>
    public bool StatesShare(Subject rate, string sentence, Quantity q)
    {
        if (!rate.Quoted || rate.Indicator is not { Unit: Unit.Rate } indicator) return true;
        var norm = Normalise(sentence);
        var counted = indicator.Numerator is { } numerator && Of(numerator) is { } n ? n.GroupTerms : [];
        if (rate.GroupTerms.Any(t => t.Contains(' ') && !counted.Contains(t) && Contains(norm, t))) return true;
        var after = Normalise(Regex.Match(sentence[(q.Start + q.Length)..], @"^[^;:()]*").Value);
        var of = Regex.Match(after, @"^(?:\w+ ){0,2}?of (?:(?:the|all|total|recorded|reported|unique) )*(?<whole>.*)$");
        if (of.Success && indicator.Denominator is { } denominator && Of(denominator) is { } whole
            && Names(whole).Any(t => of.Groups["whole"].Value.StartsWith(t, StringComparison.Ordinal) && Agrees(HeadWord(of.Groups["whole"].Value), t)))
            return true;
        return Regex.Match(sentence, @"^\s*(?<label>[^:;,.]{1,40}):") is { Success: true } m && rate.GroupTerms.Contains(Normalise(m.Groups["label"].Value));
    }

    /// <summary>
    /// The indicators a number may speak of: unit first (a % level or pp is a rate), then group and measure words nearest
    /// the number. One when a measure word decides it; else, for a rate, every rate of the group ("the rate" of a group
    /// with a solved and a charged rate), so that the claim is checked against each; for a count, the group's first row
    /// ("burglaries rose" is the number of burglaries).
    /// </summary>
    public IReadOnlyList<Subject> Choose(string sentence, Quantity q, ClaimKind kind, string? sentenceGroup)
    {
        var wantsRate = q.Unit is QuantityUnit.Points || q.Unit == QuantityUnit.Percent && kind == ClaimKind.Level;
        var group = ParentheticalGroup(sentence, q)
            ?? (StartsWithPronoun(sentence) && sentenceGroup is not null ? sentenceGroup : NearestGroup(sentence, q) ?? sentenceGroup);
        var norm = Normalise(sentence);
        var synonymHit = Subjects.Where(s => s.GroupTerms.Any(t => Contains(norm, t)) && s.Indicator.Unit == Unit.Rate == wantsRate).ToList();
        var eitherUnit = kind == ClaimKind.PercentChange;
        var candidates = Subjects.Where(s => s.Group == group && (eitherUnit || (s.Indicator.Unit == Unit.Rate) == wantsRate)).ToList();
        if (candidates.Count == 0) candidates = synonymHit;
        if (candidates.Count == 0 && group is null)
            candidates = Subjects.Where(s => (eitherUnit || (s.Indicator.Unit == Unit.Rate) == wantsRate) && s.MeasureTerms.Any(t => t.Contains(' ') && Contains(norm, t))).ToList();
        if (candidates.Count == 0) return [];
        var (lead, rest) = (Normalise(sentence[..q.Start]), Normalise(sentence[q.Start..]));
        int Distance(Subject s) => s.MeasureTerms.Select(t =>
        {
            var behind = Occurrences(lead, t).DefaultIfEmpty(-1).Max();
            if (behind >= 0) return lead.Length - behind;
            var ahead = Occurrences(rest, t).DefaultIfEmpty(-1).First();
            return ahead >= 0 ? 10_000 + ahead : int.MaxValue;
        }).DefaultIfEmpty(int.MaxValue).Min();
        var nearest = candidates.OrderBy(Distance).First();
        if (Distance(nearest) != int.MaxValue) return [nearest];
        return wantsRate ? candidates : [candidates[0]];
    }

    /// <summary>
    /// The counts a number may be, by what the sentence says it counts: the words straight after it ("185 ... disruptions
    /// were recorded", not "40 homes for burglary suspects"), or, when the number completes its clause ("ABH offences
    /// numbered 1,466", "rose to 13", "a long-term average of 33"), the words before it. Of several, the one whose name the
    /// sentence covers best ("disruptions recorded against scored OCGs only"); "were charged" after the noun picks the
    /// charged count of its group.
    /// </summary>
    public IReadOnlyList<Subject> Counted(string sentence, Quantity q)
    {
        var after = sentence[(q.Start + q.Length)..];
        var before = sentence[..q.Start];
        var noun = Normalise(Regex.Match(after, @"^[^,.;:]*?(?=\s+(?:were|was|are|is|have|has|had|for|in|on|at|by|with|from|to|that|which|who|including|across|during|per|over|between|so)\b|[,.;:]|$)").Value);
        var completes = Regex.IsMatch(before, @"\b(?:numbered|totall?ed|stood at|stands at|reached|came to|amounted to|to|from|was|were|is|are|of|compared with|compared to|than|against)\s*[£]?$", RegexOptions.IgnoreCase);
        var lead = completes ? Normalise(before) : "";
        var clause = Normalise(Regex.Match(after, @"^[^.;:]*").Value) + " " + Normalise(before);
        var words = clause.Split(' ').Select(Root).ToHashSet();
        var heads = (Head(noun) + " " + lead).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Root).ToHashSet();
        double Coverage(string t) => t.Split(' ').Count(w => words.Contains(Root(w))) / (double)t.Split(' ').Length;
        // "thefts from the person were solved", "Disruptions recorded against scored OCGs numbered 107": the noun is the head
        // of a longer name the sentence goes on (or went on) to give.
        // The noun's head word must be the name's: "198 hate crime reports" counts reports, not hate crimes.
        var nounHead = HeadWord(Head(noun));
        bool Named(string t) => !(Contains(lead, t) && Qualified(lead, t))
            && ((Contains(Head(noun), t) || heads.Contains(Root(t.Split(' ')[0])) && Coverage(t) >= 0.75) && Agrees(nounHead, t) || Contains(lead, t));
        var named = Subjects.Where(s => s.Indicator.Unit is Unit.Count or Unit.Stock && Names(s).Any(Named)).ToList();
        if (named.Count <= 1) return named;
        var verb = Regex.Match(after, @"^[^,.;:]*?\s+(?:were|was|have been|has been|had been)\s+(?<verb>\w+)");
        if (verb.Success && named.Where(s => s.MeasureTerms.Contains(Normalise(verb.Groups["verb"].Value))).ToList() is [var byVerb]) return [byVerb];
        // The name the sentence gives most of: the longest name given whole, then the most words of one three quarters given.
        (int Whole, int Most) Score(Subject s) => (
            Names(s).Where(t => Coverage(t) == 1).Select(t => t.Split(' ').Length).DefaultIfEmpty(0).Max(),
            Names(s).Where(t => Coverage(t) >= 0.75).Select(t => t.Split(' ').Count(w => words.Contains(Root(w)))).DefaultIfEmpty(0).Max());
        var best = named.Max(Score);
        return named.Where(s => Score(s) == best).ToList();
    }

    /// <summary>
    /// What a noun phrase counts: its words before "of", unless they only say how many ("180 victims of hate crime" counts
    /// victims; "the number of hate crimes" counts hate crimes).
    /// </summary>
    private static string Head(string noun) =>
        Regex.Match(noun, @"^(?<head>.*?)\s+of\s") is { Success: true } m && !Regex.IsMatch(m.Groups["head"].Value, @"^(?:(?:the|a|an)\s+)?(?:number|total|count|volume|sum)$")
            ? m.Groups["head"].Value : noun;

    /// <summary>Words that end the phrase a head word is taken from: prepositions and the determiners of what follows ("this quarter").</summary>
    private static readonly HashSet<string> PhraseEnds = ["of", "from", "in", "on", "against", "involving", "with", "by", "for", "to", "at", "across", "during",
        "over", "per", "between", "within", "among", "this", "that", "the", "last", "each", "every", "a", "an", "so", "than"];

    /// <summary>
    /// The word a phrase is about: the last before its first preposition or determiner, leaving out participles ("hate
    /// crime reports": report; "unique hate crimes recorded": crime; "thefts from the person": theft).
    /// </summary>
    private static string HeadWord(string phrase)
    {
        var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries).TakeWhile(w => !PhraseEnds.Contains(w)).ToList();
        while (words.Count > 1 && (words[^1].EndsWith("ed", StringComparison.Ordinal) || words[^1].EndsWith("ing", StringComparison.Ordinal))) words.RemoveAt(words.Count - 1);
        return words.Count == 0 ? "" : Root(words[^1]);
    }

    /// <summary>
    /// Whether a name before the figure is narrowed by a participle the name does not carry: "the number of hate crimes
    /// referred to partners was 209", "101 calls transferred to the Control Room numbered 110" are parts of the measure
    /// ("decreased from 17 to 13" is a change, not a part).
    /// </summary>
    private static bool Qualified(string lead, string term) =>
        Regex.IsMatch(lead[(Occurrences(lead, term).Last() + term.Length)..], @"\b(?!(?:increas|decreas|reduc|declin|improv|dropp|chang|compar|fall|ris|grow|lower|rais)\w*\b)\w+(?:ed|en)\s+(?:to|by|from|into|with|under|for|against|at)\b");

    /// <summary>
    /// Whether a name may speak of a phrase with this head word: its own head word, or any name when the head is only
    /// "crimes" or "offences" ("rape offences" are the group's crimes; "hate crime reports" are not "reported hate crimes").
    /// </summary>
    private static bool Agrees(string head, string term) =>
        head.Length == 0 || head == Root("crime") || head == Root("offence") || HeadWord(term) == head;

    /// <summary>Every way the sentence may name a subject: its group and measure words, the two together, its indicator's name.</summary>
    private static IEnumerable<string> Names(Subject s) =>
        s.GroupTerms.Concat(s.MeasureTerms).Concat(s.GroupTerms.SelectMany(g => s.MeasureTerms.Select(m => $"{g} {m}"))).Append(Normalise(s.Indicator.Name));

    /// <summary>
    /// The measures of time (means, durations, medians) the sentence names; of several, those it names most fully ("the
    /// mean time to answer 101 calls" is not the 999 calls' "mean time to answer").
    /// </summary>
    public IReadOnlyList<Subject> Timed(string sentence)
    {
        var norm = Normalise(sentence);
        var named = Subjects.Where(s => s.Indicator.Unit is Unit.Mean or Unit.Duration or Unit.Median)
            .Select(s => (Subject: s, Longest: Names(s).Where(t => Contains(norm, t)).MaxBy(t => t.Length)))
            .Where(x => x.Longest is not null).ToList();
        return named.Where(x => !named.Any(y => y.Longest!.Length > x.Longest!.Length && Contains(y.Longest, x.Longest))).Select(x => x.Subject).ToList();
    }

    public string? FirstGroup(string sentence)
    {
        var norm = Normalise(sentence);
        return Subjects.SelectMany(s => s.GroupTerms.Select(t => (s.Group, At: Occurrences(norm, t).DefaultIfEmpty(-1).First())))
            .Where(x => x.At >= 0).OrderBy(x => x.At).Select(x => x.Group).FirstOrDefault();
    }

    private string? ParentheticalGroup(string sentence, Quantity q)
    {
        var before = sentence[..q.Start].TrimEnd();
        if (!before.EndsWith('(')) return null;
        var lead = Normalise(before[..^1]);
        return Subjects.Where(s => s.GroupTerms.Any(t => lead.EndsWith(t, StringComparison.Ordinal))).Select(s => s.Group).FirstOrDefault();
    }

    private string? NearestGroup(string sentence, Quantity q)
    {
        var lead = Normalise(sentence[..q.Start]);
        return Subjects.SelectMany(s => s.GroupTerms.SelectMany(t => Occurrences(lead, t).Select(at => (s.Group, Index: at, t.Length))))
            .OrderByDescending(x => x.Index + x.Length).ThenByDescending(x => x.Length).Select(x => x.Group).FirstOrDefault();
    }

    /// <summary>A word without the endings that vary with grammar: "involving" and "involved" are one word here.</summary>
    private static string Root(string word) =>
        word.Length > 5 && word.EndsWith("ing", StringComparison.Ordinal) ? word[..^3]
        : word.Length > 4 && word.EndsWith("ed", StringComparison.Ordinal) ? word[..^2]
        : word.Length > 4 && word.EndsWith('e') ? word[..^1] : word;

    /// <summary>"charged rate" is also written "charge rate", "solved" "solve": the words without their past-tense ending.</summary>
    private static IEnumerable<string> Stem(string term)
    {
        var stemmed = string.Join(' ', term.Split(' ').Select(w => w.Length > 5 && w.EndsWith("ed", StringComparison.Ordinal) ? w[..^1] : w));
        if (stemmed != term) yield return stemmed;
    }

    /// <summary>The words that name a row or group: itself, and an abbreviation in brackets ("Grievous Bodily Harm (GBH)").</summary>
    private static IEnumerable<string> Terms(string name)
    {
        var abbreviation = Regex.Match(name, @"\(([A-Z]{2,})\)");
        var plain = Regex.Replace(name, @"\s*\([^)]*\)", "");
        if (abbreviation.Success) yield return Normalise(abbreviation.Groups[1].Value);
        yield return Normalise(plain);
    }
}
