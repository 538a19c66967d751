using System.Globalization;
using System.Text.RegularExpressions;
using PlanServices.Pillars.Domain;

namespace PlanServices.Pillars.Claims;

/// <summary>How a claim reads against the data.</summary>
public enum ClaimStatus
{
    /// <summary>The derived figure, rounded as the claim is written, is the claim.</summary>
    Matches,
    /// <summary>The derived figure differs, or the claim breaks a rule of its unit; <see cref="Claim.Rule"/> says which.</summary>
    Contradicts,
    /// <summary>It names a measure of the catalogue, but no stored figure answers it.</summary>
    Unlinked,
}

/// <summary>What a claim states about its indicator.</summary>
public enum ClaimKind { Level, PercentChange, PointsChange, Difference, PerDay, Target, Reference }

/// <summary>
/// A figure the narrative states about a measure of the catalogue, linked to the indicator, window and comparison it
/// quotes, with the engine's value for it. <see cref="Derived"/> is that value as the tables print it.
/// </summary>
public sealed record Claim(
    string Objective,
    string Text,
    string Sentence,
    ClaimKind Kind,
    string? Indicator,
    string Window,
    ClaimStatus Status,
    string? Derived,
    string? Rule)
{
    /// <summary>The window a change compares with, when it is a change.</summary>
    public Window? Baseline { get; init; }
}

/// <summary>
/// Reads the numbers of a narrative (<see cref="Quantities"/>) and decides which are claims about the catalogue's
/// figures: those whose sentence names an indicator of the objective's tables and charts (a row's group or label, or a
/// synonym). Each is linked to the window it speaks of ("previous 12 months", "long-term average", "this quarter",
/// "previous quarter", a month), checked against <see cref="FigureCalculator"/> by the rule of its unit, and classified.
/// Numbers that name nothing of the catalogue (arrests, patrol hours, money seized) are <see cref="NarrativeCheck.Other"/>.
/// </summary>
public sealed partial class ClaimChecker(Catalogue catalogue, FigureCalculator figures, ReportingPeriod period)
{
    private sealed record Subject(Indicator Indicator, string Group, IReadOnlyList<string> GroupTerms, IReadOnlyList<string> MeasureTerms);

    private static readonly (string Phrase, Window Window)[] Baselines =
    [
        ("previous 12 month", Window.Previous12Months), ("previous twelve month", Window.Previous12Months), ("previous year", Window.Previous12Months),
        ("previous period", Window.Previous12Months), ("last year", Window.Previous12Months),
        ("long term average", Window.LongTermAverage), ("long term rate", Window.LongTermAverage),
        ("previous quarter", Window.PreviousPeriod), ("previous reporting period", Window.PreviousPeriod),
    ];

    private static readonly string[] Down = ["reduc", "decreas", "fell", "fallen", "fall", "lower", "below", "fewer", "down", "less", "declin", "drop"];
    private static readonly string[] Up = ["increas", "rise", "rising", "risen", "rose", "higher", "above", "more", "additional", "up", "improv", "grow"];

    /// <summary>Checks one objective's narrative (Markdown of the narrative subset). References are filled first.</summary>
    public NarrativeCheck Check(string objective, string markdown)
    {
        var subjects = Subjects(objective);
        var claims = new List<Claim>();
        var other = new List<string>();
        foreach (var block in Blocks(markdown))
        {
            string? carried = null, topic = null;
            carriedWindow = null;
            foreach (var sentence in Sentences(block))
            {
                topic ??= FirstGroup(subjects, sentence);
                var sentenceGroup = StartsWithPronoun(sentence) ? topic ?? carried : FirstGroup(subjects, sentence) ?? carried;
                Claim? previous = null;
                QuantityUnit? lastUnit = null;
                foreach (var found in Quantities.Find(sentence))
                {
                    // "+0.3 percentage points on the previous 12 months and +0.2 on the long-term average": the unit carries.
                    var quantity = found.Unit == QuantityUnit.Count && (found.Decimals > 0 || found.Sign is not null) && lastUnit is QuantityUnit.Percent or QuantityUnit.Points
                        && Regex.IsMatch(sentence[..found.Start], @"(?:\band|\bbut|\bor|,)\s+(?:(?:is|are|was|were)\s+)?$", RegexOptions.IgnoreCase)
                        ? found with { Unit = lastUnit.Value } : found;
                    if (quantity.Unit != QuantityUnit.Count) lastUnit = quantity.Unit;
                    var claim = Read(objective, sentence, quantity, subjects, sentenceGroup, previous);
                    if (claim is null) { other.Add($"{quantity.Text} — {Excerpt(sentence, quantity)}"); continue; }
                    claims.Add(claim);
                    previous = claim;
                }
                carried = sentenceGroup ?? carried;
                if (previous?.Indicator is { } id) carried = subjects.FirstOrDefault(s => s.Indicator.Id == id)?.Group ?? carried;
            }
        }
        return new NarrativeCheck(claims, other);
    }

    private Claim? Read(string objective, string sentence, Quantity q, List<Subject> subjects, string? sentenceGroup, Claim? previous)
    {
        var after = sentence[(q.Start + q.Length)..];
        var before = sentence[..q.Start];
        var kind = Kind(q, before, after);

        var follows = previous?.Indicator is { } same
            && Regex.IsMatch(sentence[..q.Start], @"(?:increase|decrease|improvement|reduction|rise|fall|up|down)\s+of\s*\(?\s*[+\-]?$|\(\s*$|,\s*$", RegexOptions.IgnoreCase)
            ? subjects.FirstOrDefault(s => s.Indicator.Id == same && (kind == ClaimKind.PercentChange || s.Indicator.Unit != Unit.Rate))
            : null;
        var subject = kind is ClaimKind.PercentChange or ClaimKind.Difference && follows is not null ? follows : Choose(subjects, sentence, q, kind, sentenceGroup);
        if (subject is null) return null;
        if (kind == ClaimKind.Level && q.Unit == QuantityUnit.Count && subject.Indicator.Unit == Unit.Count)
        {
            // A count names what it counts straight after it: "185 ... disruptions were recorded", not "40 homes for burglary suspects".
            var noun = Normalise(Regex.Match(after, @"^[^,.;:]*?(?=\s+(?:were|was|are|is|have|has|had|for|in|on|at|by|with|from|to|that|which|who|including|across|during|per|over)\b|[,.;:]|$)").Value);
            bool Names(Subject s) => s.Indicator.Unit == Unit.Count && s.GroupTerms.Concat(s.MeasureTerms).Any(t => Contains(noun, t));
            subject = Names(subject) ? subject : subjects.FirstOrDefault(Names);
            if (subject is null) return null;
        }
        var indicator = subject.Indicator;
        var text = q.Text;
        Window? compared = null;
        Claim Make(string window, ClaimStatus status, string? derived, string? rule) =>
            new(objective, text, sentence.Trim(), kind, indicator.Id, window, status, derived, rule) { Baseline = compared };

        if (Target(sentence) && indicator.Target is { } target && q.Unit == QuantityUnit.Percent && kind == ClaimKind.Level)
        {
            kind = ClaimKind.Target;
            var goal = target.AtLeast ?? target.AtMost;
            return Make("target", goal == q.Value ? ClaimStatus.Matches : ClaimStatus.Contradicts, Display.Value(indicator, goal).Text,
                goal == q.Value ? null : $"the catalogue's target is {Display.Value(indicator, goal).Text}");
        }

        switch (kind)
        {
            case ClaimKind.PercentChange or ClaimKind.PointsChange or ClaimKind.Difference:
            {
                var baseline = InParentheses(sentence, q) && previous is { Baseline: { } earlier } && Regex.IsMatch(before, @"(?:\d|%|percent|points?)\s*[(,]\s*$") ? earlier : Baseline(sentence, q);
                if (baseline is null)
                    return Make("no comparison named", ClaimStatus.Unlinked, null, SameTimeLastYear().IsMatch(sentence)
                        ? "it compares with the same period a year before, which the tables do not hold" : "the sentence names no window the tables compare with");
                compared = baseline;
                var current = ComparisonColumn.Against(baseline.Value);
                var window = $"{Name(current)} against the {Name(baseline.Value)}";
                var (now, then) = (figures.Value(indicator.Id, period, current), figures.Value(indicator.Id, period, baseline.Value));
                if (now is null || then is null) return Make(window, ClaimStatus.Unlinked, null, $"no stored figures for the {Name(current)} and the {Name(baseline.Value)}");
                var sign = q.Sign ?? Direction(sentence, q);
                var fromTo = $"{Display.Value(indicator, then).Text} → {Display.Value(indicator, now).Text}";
                if (kind == ClaimKind.Difference)
                {
                    var difference = Display.Difference(indicator, now, then);
                    return Compare(Make, window, q, sign, difference.Value!.Value, Signed(difference.Text), fromTo);
                }
                if (indicator.Unit == Unit.Rate)
                {
                    var points = Display.Change(indicator, Comparison.PercentagePoints, now, then);
                    if (kind == ClaimKind.PointsChange) return Compare(Make, window, q, sign, points.Value!.Value, Signed(points.Text), fromTo);
                    var rule = $"a rate changes in percentage points: {fromTo} is {Signed(points.Text)}";
                    if (Unweighted(indicator, current, baseline.Value) is { } unweighted && Math.Round(Math.Abs(unweighted), q.Decimals) == q.Value)
                        rule = $"{q.Value.ToString(CultureInfo.InvariantCulture)} is the difference of the unweighted means of the monthly rates; weighted by the denominators the figures are {fromTo}, {Signed(points.Text)}";
                    return Make(window, ClaimStatus.Contradicts, Signed(points.Text), rule);
                }
                var change = Display.Change(indicator, Comparison.Percent, now, then);
                if (change.Value is null) return Make(window, ClaimStatus.Unlinked, null, "a percent change from zero is not applicable");
                if (kind == ClaimKind.PointsChange)
                    return Make(window, ClaimStatus.Contradicts, Signed(change.Text), $"only a rate changes in percentage points; {fromTo} is {Signed(change.Text)}");
                var checkedChange = Compare(Make, window, q, sign, change.Value.Value, Signed(change.Text), fromTo);
                return q.UnitTwice && checkedChange.Status == ClaimStatus.Matches
                    ? checkedChange with { Status = ClaimStatus.Contradicts, Rule = $"the unit is written twice ('{q.Text}'): the figures give {Signed(change.Text)}" }
                    : checkedChange;
            }
            case ClaimKind.PerDay:
            {
                var window = period.PeriodOf(Window.Last12Months);
                if (figures.Value(indicator.Id, window) is not { } total || !indicator.IsAdditive) return Make("per day", ClaimStatus.Unlinked, null, "no total for the last 12 months");
                var days = window.To.LastDay.DayNumber - window.From.FirstDay.DayNumber + 1;
                var perDay = total / days;
                var shown = $"{Math.Round(perDay, 2).ToString(CultureInfo.InvariantCulture)} a day ({Display.Value(indicator, total).Text} in {days} days)";
                var fewer = Regex.IsMatch(before, @"(?:fewer|less)\s+than\s*$", RegexOptions.IgnoreCase);
                var more = Regex.IsMatch(before, @"(?:more|over)\s+than\s*$|over\s*$", RegexOptions.IgnoreCase);
                var ok = fewer ? perDay < q.Value : more ? perDay > q.Value : Math.Round(perDay, q.Decimals) == q.Value;
                return Make("per day over the last 12 months", ok ? ClaimStatus.Matches : ClaimStatus.Contradicts, shown, ok ? null : $"the last 12 months average {shown}");
            }
            default:
            {
                var (window, span, divisor) = LevelWindow(sentence, q) ?? carriedWindow ?? (Name(Window.Last12Months), period.PeriodOf(Window.Last12Months), 1);
                carriedWindow = (window, span, divisor);
                if (q.Unit == QuantityUnit.Percent && indicator.Unit != Unit.Rate || q.Unit == QuantityUnit.Money && indicator.Unit != Unit.Money) return null;
                var raw = figures.Value(indicator.Id, span, divisor);
                var value = raw / (indicator.Unit == Unit.Money && q.Unit == QuantityUnit.Money ? 0.001m : 1);
                if (value is null) return Make(window, ClaimStatus.Unlinked, null, $"no stored figure for {indicator.Name} for the {window}");
                var shown = Display.Value(indicator, raw).Text;
                if (Math.Round(value.Value, q.Decimals) == q.Value) return Make(window, ClaimStatus.Matches, shown, null);
                return Math.Abs(q.Value - value.Value) > Math.Abs(value.Value) / 2
                    ? Make(window, ClaimStatus.Unlinked, shown, $"reads as another measure: {indicator.Name} for the {window} is {shown}")
                    : Make(window, ClaimStatus.Contradicts, shown, $"the tables give {shown} for the {window}");
            }
        }
    }

    private static Claim Compare(Func<string, ClaimStatus, string?, string?, Claim> make, string window, Quantity q, int? sign, decimal derived, string shown,
        string fromTo)
    {
        var magnitude = Math.Round(Math.Abs(derived), q.Decimals, MidpointRounding.AwayFromZero);
        var sameDirection = sign is null || derived == 0 || Math.Sign(derived) == sign;
        if (magnitude == q.Value && sameDirection) return make(window, ClaimStatus.Matches, shown, null);
        var rule = !sameDirection && magnitude == q.Value
            ? $"the figures move the other way: {fromTo} is {shown}"
            : $"{fromTo} is {shown}, not {q.Text}";
        return make(window, ClaimStatus.Contradicts, shown, rule);
    }

    /// <summary>The difference of the unweighted means of the monthly values of two windows: the error of averaging monthly rates.</summary>
    private decimal? Unweighted(Indicator indicator, Window current, Window baseline)
    {
        decimal? Mean(Window w)
        {
            var span = period.PeriodOf(w);
            var values = Enumerable.Range(0, span.Months).Select(i => figures.Value(indicator.Id, Period.Single(span.From.Plus(i)))).ToList();
            return values.Any(v => v is null) ? null : values.Average(v => Display.Round(v!.Value, indicator.Decimals));
        }
        return Mean(current) is { } a && Mean(baseline) is { } b ? a - b : null;
    }

    private static string Signed(string text) => text.StartsWith('-') || text.StartsWith('(') || text == "0.0%" || text == "0.0pp" || text == "0" ? text : "+" + text;

    private static ClaimKind Kind(Quantity q, string before, string after)
    {
        if (q.Unit == QuantityUnit.Points) return ClaimKind.PointsChange;
        var changeBefore = Regex.IsMatch(before, @"(?:\bby|increase of|decrease of|improvement of|reduction of|rise of|fall of|rising|falling|up|down)\s*\(?\s*$", RegexOptions.IgnoreCase);
        var changeAfter = Regex.IsMatch(after, @"^\s*(?:\w+\s+)?(?:higher|lower|above|below|fewer|more|less|up|down|additional|increase|decrease|reduction)\b", RegexOptions.IgnoreCase);
        var comparedAfter = Regex.IsMatch(Regex.Replace(after, @"^\s*\([^)]*\)", ""), @"^\s*(?:compared\s+(?:with|to)|against|than|on the)\s+(?:both\s+)?(?:the\s+)?(?:previous|long.term)", RegexOptions.IgnoreCase);
        if (q.Unit == QuantityUnit.Percent) return q.Sign is not null || changeBefore || changeAfter || comparedAfter ? ClaimKind.PercentChange : ClaimKind.Level;
        if (Regex.IsMatch(after, @"^\s*(?:\w+\s+){0,3}per\s+day\b", RegexOptions.IgnoreCase)) return ClaimKind.PerDay;
        return q.Sign is not null || changeBefore || changeAfter ? ClaimKind.Difference : ClaimKind.Level;
    }

    private static bool Target(string sentence) =>
        Regex.IsMatch(sentence, @"\b(?:target|standard|service level agreement|recommends|aim to|aims to|aiming to)\b", RegexOptions.IgnoreCase);

    private (string Name, Period Span, int Divisor)? carriedWindow;

    /// <summary>The window a level claim speaks of, by the phrase nearest the number: the reporting period, the last 12 months, a month named.</summary>
    private (string Name, Period Span, int Divisor)? LevelWindow(string sentence, Quantity q)
    {
        var last12 = period.PeriodOf(Window.Last12Months);
        var months = Enumerable.Range(0, 12).Select(i => last12.From.Plus(i)).ToList();
        var options = new List<(Match Match, (string, Period, int) Window)>();
        foreach (Match m in Regex.Matches(sentence, @"\b(?:this|the|during the|during this) (?:reporting period|quarter)\b|\bthis period\b", RegexOptions.IgnoreCase))
            options.Add((m, ($"reporting {period.Kind}", period.PeriodOf(Window.Period), 1)));
        const string monthNames = "January|February|March|April|May|June|July|August|September|October|November|December";
        foreach (Match m in Regex.Matches(sentence, $@"\b\d{{1,2}}(?:st|nd|rd|th)?\s+({monthNames})(?:\s+\d{{4}})?\s*(?:to|–|-)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+({monthNames})\s+(\d{{4}})"))
            foreach (var window in new[] { Window.Period, Window.PreviousPeriod })
            {
                var span = period.PeriodOf(window);
                if (m.Groups[1].Value == span.From.Name && m.Groups[2].Value == span.To.Name && m.Groups[3].Value == span.To.Year.ToString(CultureInfo.InvariantCulture))
                    options.Add((m, (window == Window.Period ? $"reporting {period.Kind}" : $"previous {period.Kind}", span, 1)));
            }
        foreach (Match m in Regex.Matches(sentence, @"\bprevious (?:reporting period|quarter)\b", RegexOptions.IgnoreCase))
            options.Add((m, ($"previous {period.Kind}", period.PeriodOf(Window.PreviousPeriod), 1)));
        foreach (Match m in Regex.Matches(sentence, @"\b(?:last|past) (?:12|twelve)(?: |-)months?\b|\bin " + last12.To.Year + @"\b", RegexOptions.IgnoreCase))
            if (last12.From.Number == 1 || !m.Value.StartsWith("in", StringComparison.OrdinalIgnoreCase))
                options.Add((m, (Name(Window.Last12Months), last12, 1)));
        foreach (Match m in Regex.Matches(sentence, @"\bIn (" + string.Join('|', months.Select(m => m.Name)) + @")\b"))
        {
            var named = months.Last(x => x.Name == m.Groups[1].Value);
            options.Add((m, ($"month of {named.Name} {named.Year}", Period.Single(named), 1)));
        }
        if (options.Count == 0) return null;
        return options.OrderBy(o => o.Match.Index >= q.Start ? o.Match.Index - q.Start : q.Start - o.Match.Index - o.Match.Length).First().Window;
    }

    private static bool InParentheses(string sentence, Quantity q) =>
        sentence[..q.Start].LastIndexOf('(') > sentence[..q.Start].LastIndexOf(')');

    /// <summary>
    /// The window a change compares with: in brackets, the one named just before them ("the long-term average (-6.8%)");
    /// otherwise one named after the number by "than", "compared with", "against"... ("5.2% lower than the previous 12 months");
    /// otherwise the nearest named.
    /// </summary>
    private static Window? Baseline(string sentence, Quantity q)
    {
        var lower = sentence.ToLowerInvariant().Replace('-', ' ');
        var end = q.Start + q.Length;
        if (InParentheses(sentence, q))
        {
            var open = sentence[..q.Start].LastIndexOf('(');
            var lead = lower[..open];
            var found = Baselines.Select(b => (b.Window, At: lead.LastIndexOf(b.Phrase, StringComparison.Ordinal))).Where(x => x.At >= 0).OrderByDescending(x => x.At).FirstOrDefault();
            if (found.At > 0 || found.Window != default) return found.Window;
        }
        var following = Baselines.Select(b => (b.Window, At: lower.IndexOf(b.Phrase, end, StringComparison.Ordinal))).Where(x => x.At >= 0).OrderBy(x => x.At).FirstOrDefault();
        if (following.At > 0)
        {
            var between = Regex.Replace(Regex.Replace(sentence[end..following.At], @"\([^)]*\)", ""), @"\b12[- ]months?\b", "");
            if (!Regex.IsMatch(between, @"\d") && !ClauseBreak().IsMatch(between)
                && Regex.IsMatch(between, @"\b(?:than|compared|against|on|over|with|from|below|above|under)\b", RegexOptions.IgnoreCase)) return following.Window;
        }
        var preceding = Baselines.Select(b => (b.Window, At: lower.LastIndexOf(b.Phrase, q.Start, StringComparison.Ordinal), b.Phrase))
            .Where(x => x.At >= 0 && x.At + x.Phrase.Length <= q.Start).OrderByDescending(x => x.At).FirstOrDefault();
        if (preceding.Phrase is not null && !ClauseBreak().IsMatch(sentence[(preceding.At + preceding.Phrase.Length)..q.Start])) return preceding.Window;
        // A change with no window of its own ("the charged rate rose 0.9 points") is on the previous 12 months, as the tables' first comparison.
        return SameTimeLastYear().IsMatch(sentence) ? null : Window.Previous12Months;
    }

    /// <summary>"the same quarter in 2024", "that quarter of 2024": a comparison the tables do not make.</summary>
    [GeneratedRegex(@"\b(?:same|that) (?:period|quarter|three.month period|month)\b|\b(?:quarter|period) (?:of|in) (?:19|20)\d\d\b", RegexOptions.IgnoreCase)]
    private static partial Regex SameTimeLastYear();

    [GeneratedRegex(@"\b(?:and|but)\s+(?:is|are|was|were|remains?|remained|has|have|had)\b|;", RegexOptions.IgnoreCase)]
    private static partial Regex ClauseBreak();

    /// <summary>+1 or −1 from the nearest word of direction around the number; null when none.</summary>
    private static int? Direction(string sentence, Quantity q)
    {
        int? best = null;
        var distance = int.MaxValue;
        foreach (Match word in Regex.Matches(sentence.ToLowerInvariant(), @"[a-z]+"))
        {
            var sign = Down.Any(d => word.Value.StartsWith(d, StringComparison.Ordinal)) ? -1 : Up.Any(u => word.Value.StartsWith(u, StringComparison.Ordinal) && (u != "up" || word.Value == "up") && (u != "more" || word.Value == "more")) ? 1 : 0;
            if (sign == 0) continue;
            var d = word.Index >= q.Start + q.Length ? word.Index - (q.Start + q.Length) : q.Start - (word.Index + word.Length);
            if (d < distance) (best, distance) = (sign, d);
        }
        return best;
    }

    private static string Name(Window window) => window switch
    {
        Window.Last12Months => "last 12 months",
        Window.Previous12Months => "previous 12 months",
        Window.LongTermAverage => "long-term average",
        Window.Period => "reporting period",
        _ => "previous period",
    };

    /// <summary>The indicator a number speaks of: unit first (a % level or pp is a rate), then group and measure words nearest the number.</summary>
    private static Subject? Choose(List<Subject> subjects, string sentence, Quantity q, ClaimKind kind, string? sentenceGroup)
    {
        var wantsRate = q.Unit is QuantityUnit.Points || q.Unit == QuantityUnit.Percent && kind == ClaimKind.Level;
        var group = ParentheticalGroup(subjects, sentence, q)
            ?? (StartsWithPronoun(sentence) && sentenceGroup is not null ? sentenceGroup : NearestGroup(subjects, sentence, q) ?? sentenceGroup);
        var norm = Normalise(sentence);
        var synonymHit = subjects.Where(s => s.GroupTerms.Any(t => Contains(norm, t)) && s.Indicator.Unit == Unit.Rate == wantsRate).ToList();
        var eitherUnit = kind == ClaimKind.PercentChange;
        var candidates = subjects.Where(s => s.Group == group && (eitherUnit || (s.Indicator.Unit == Unit.Rate) == wantsRate)).ToList();
        if (candidates.Count == 0) candidates = synonymHit;
        if (candidates.Count == 0 && group is null)
            candidates = subjects.Where(s => (eitherUnit || (s.Indicator.Unit == Unit.Rate) == wantsRate) && s.MeasureTerms.Any(t => t.Contains(' ') && Contains(norm, t))).ToList();
        if (candidates.Count == 0) return null;
        var (lead, rest) = (Normalise(sentence[..q.Start]), Normalise(sentence[q.Start..]));
        int Distance(Subject s) => s.MeasureTerms.Select(t =>
        {
            var behind = Occurrences(lead, t).DefaultIfEmpty(-1).Max();
            if (behind >= 0) return lead.Length - behind;
            var ahead = Occurrences(rest, t).DefaultIfEmpty(-1).First();
            return ahead >= 0 ? 10_000 + ahead : int.MaxValue;
        }).DefaultIfEmpty(int.MaxValue).Min();
        var nearest = candidates.OrderBy(Distance).First();
        return Distance(nearest) == int.MaxValue ? candidates[0] : nearest;
    }

    private static string? ParentheticalGroup(List<Subject> subjects, string sentence, Quantity q)
    {
        var before = sentence[..q.Start].TrimEnd();
        if (!before.EndsWith('(')) return null;
        var lead = Normalise(before[..^1]);
        return subjects.Where(s => s.GroupTerms.Any(t => lead.EndsWith(t, StringComparison.Ordinal))).Select(s => s.Group).FirstOrDefault();
    }

    private static string? NearestGroup(List<Subject> subjects, string sentence, Quantity q)
    {
        var lead = Normalise(sentence[..q.Start]);
        return subjects.SelectMany(s => s.GroupTerms.SelectMany(t => Occurrences(lead, t).Select(at => (s.Group, Index: at, t.Length))))
            .OrderByDescending(x => x.Index + x.Length).ThenByDescending(x => x.Length).Select(x => x.Group).FirstOrDefault();
    }

    private static string? FirstGroup(List<Subject> subjects, string sentence)
    {
        var norm = Normalise(sentence);
        return subjects.SelectMany(s => s.GroupTerms.Select(t => (s.Group, At: Occurrences(norm, t).DefaultIfEmpty(-1).First())))
            .Where(x => x.At >= 0).OrderBy(x => x.At).Select(x => x.Group).FirstOrDefault();
    }

    private static bool StartsWithPronoun(string sentence) => Regex.IsMatch(sentence.TrimStart(), @"^(?:This|That|It|These|Those|They|Its)\b");

    private static bool Contains(string norm, string term) => Occurrences(norm, term).Any();

    /// <summary>Where a term stands as whole words in normalised text (single spaces between words).</summary>
    private static IEnumerable<int> Occurrences(string norm, string term)
    {
        for (var at = norm.IndexOf(term, StringComparison.Ordinal); at >= 0; at = norm.IndexOf(term, at + 1, StringComparison.Ordinal))
            if ((at == 0 || norm[at - 1] == ' ') && (at + term.Length == norm.Length || norm[at + term.Length] == ' ')) yield return at;
    }

    /// <summary>The indicators an objective's tables and charts show, each with the words that name it.</summary>
    private List<Subject> Subjects(string objective)
    {
        var subjects = new List<Subject>();
        void Add(Indicator indicator, string? group, string label)
        {
            if (subjects.Any(s => s.Indicator.Id == indicator.Id)) return;
            var synonyms = indicator.Synonyms.Select(Normalise).ToList();
            if (group is null)
            {
                subjects.Add(new Subject(indicator, indicator.Id, [.. Terms(label), .. Terms(indicator.Name), .. synonyms], []));
                return;
            }
            var measure = label.StartsWith("% ", StringComparison.Ordinal)
                ? new[] { $"{label[2..]} rate", $"rate of {label[2..]}", label[2..] }.Select(Normalise).ToList()
                : label.Equals("Number of crimes", StringComparison.OrdinalIgnoreCase)
                    ? ["volume", "number", "crime", "offence", "recorded"]
                    : [Normalise(label)];
            subjects.Add(new Subject(indicator, group, [.. Terms(group), .. synonyms], [.. measure, .. synonyms]));
        }
        foreach (var table in catalogue.Tables.Where(t => t.Objective == objective))
        {
            foreach (var row in table.Rows) Add(catalogue[row.Indicator], row.Group, row.Label);
            foreach (var column in table.Columns) Add(catalogue[column.Indicator], null, column.Label);
            if (table.Indicator is { } single) Add(catalogue[single], null, catalogue[single].Name);
        }
        foreach (var chart in catalogue.Charts.Where(c => c.Objective == objective)) Add(catalogue[chart.Indicator], null, chart.Title);
        return subjects;
    }

    /// <summary>The words that name a row or group: itself, and an abbreviation in brackets ("Grievous Bodily Harm (GBH)").</summary>
    private static IEnumerable<string> Terms(string name)
    {
        var abbreviation = Regex.Match(name, @"\(([A-Z]{2,})\)");
        var plain = Regex.Replace(name, @"\s*\([^)]*\)", "");
        if (abbreviation.Success) yield return Normalise(abbreviation.Groups[1].Value);
        yield return Normalise(plain);
    }

    /// <summary>Lower case, words only, plurals made singular: "Residential burglaries" → "residential burglary".</summary>
    public static string Normalise(string text) =>
        string.Join(' ', Regex.Matches(Regex.Replace(text.ToLowerInvariant(), @"percentage points?", "pp").Replace("12-month", "12 month", StringComparison.Ordinal), @"[a-z0-9%]+")
            .Select(m => Singular(m.Value)));

    private static string Singular(string word) =>
        word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y"
        : word.Length > 4 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal) ? word[..^1] : word;

    /// <summary>The narrative's blocks (paragraphs, bullets, sub-bullets), emphasis removed.</summary>
    public static IEnumerable<string> Blocks(string markdown)
    {
        var block = new List<string>();
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.Trim();
            var starts = line.Length == 0 || Regex.IsMatch(line, @"^(?:[-*+]|\d+\.|#+)\s");
            if (starts && block.Count > 0) { yield return string.Join(' ', block); block.Clear(); }
            if (line.Length == 0) continue;
            block.Add(Regex.Replace(Regex.Replace(line, @"^(?:[-*+]|\d+\.|#+)\s+", ""), @"[*_`]", ""));
        }
        if (block.Count > 0) yield return string.Join(' ', block);
    }

    /// <summary>Sentences: split after . ! ? followed by a capital, never inside a number.</summary>
    public static IEnumerable<string> Sentences(string block) =>
        Regex.Split(block, @"(?<=[a-z0-9)%'’”][.!?])\s+(?=[A-Z0-9“'‘(])").Where(s => s.Trim().Length > 0);

    private static string Excerpt(string sentence, Quantity q)
    {
        var from = Math.Max(0, q.Start - 40);
        var to = Math.Min(sentence.Length, q.Start + q.Length + 40);
        return (from > 0 ? "…" : "") + sentence[from..to].Trim() + (to < sentence.Length ? "…" : "");
    }
}

/// <summary>What the checker read in a narrative: the claims about the catalogue's figures, and the other numbers.</summary>
public sealed record NarrativeCheck(IReadOnlyList<Claim> Claims, IReadOnlyList<string> Other);
