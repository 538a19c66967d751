using System.Text.RegularExpressions;
using PlanServices.Common;
using PlanServices.Pillars.Domain;
using static PlanServices.Pillars.Claims.ClaimText;

namespace PlanServices.Pillars.Claims;

/// <summary>How a claim reads against the data.</summary>
public enum ClaimStatus
{
    /// <summary>The derived figure, rounded as the claim is written, is the claim.</summary>
    Matches,
    /// <summary>The derived figure differs, or the claim breaks a rule of its unit; <see cref="Claim.Rule"/> says which.</summary>
    Contradicts,
    /// <summary>Not checked: it names a measure of the catalogue, but no stored figure answers it with confidence.</summary>
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
    /// <summary>The window the claim speaks of, and for a change the window it compares with.</summary>
    public ClaimWindow? Current { get; init; }
    public ClaimWindow? Baseline { get; init; }
}

/// <summary>What the checker carries through a block: the measure group it speaks of, and the window a heading or an earlier sentence named.</summary>
public sealed record BlockContext(string? Group = null, string? Topic = null, IReadOnlyList<ClaimWindow>? Window = null);

/// <summary>
/// Reads the numbers of a narrative and checks those that are claims about the catalogue's figures. Its parts are
/// separate: <see cref="ClaimText"/> and <see cref="Quantities"/> read the text, <see cref="MeasureNames"/> decides which
/// measure a number speaks of, <see cref="WindowPhrases"/> which window (a month, the quarter, the same period a year
/// earlier, the year to date, the last 12 months, the long-term average; derived from the observations where the tables
/// do not print it), and <see cref="ClaimRules"/> what the data give and whether the claim agrees.
/// A claim is a contradiction only when every way of reading it disagrees with the data and its window is named (in its
/// sentence, an earlier sentence of its block or a heading); a claim whose window is not named, or that one reading
/// matches, is never one: a false contradiction is worse than none, because the pack prints them.
/// </summary>
public sealed partial class ClaimChecker(Catalogue catalogue, FigureCalculator figures, ReportingPeriod period)
{
    /// <summary>"8.36 seconds": a figure of time is a mean, a duration or a median, never a count.</summary>
    [GeneratedRegex(@"^\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TimeUnit();

    private static readonly string[] Down = ["reduc", "decreas", "fell", "fallen", "fall", "lower", "below", "fewer", "down", "less", "declin", "drop"];
    private static readonly string[] Up = ["increas", "rise", "rising", "risen", "rose", "higher", "above", "more", "additional", "up", "improv", "grow"];

    private readonly ClaimRules _rules = new(figures);

    /// <summary>Checks one objective's narrative (Markdown of the narrative subset). References are filled first.</summary>
    public NarrativeCheck Check(string objective, string markdown)
    {
        var measures = new MeasureNames(catalogue, objective);
        var claims = new List<Claim>();
        var other = new List<string>();
        (IReadOnlyList<ClaimWindow> Readings, int Indent)? heading = null;
        foreach (var (block, indent) in IndentedBlocks(markdown))
        {
            if (heading is { } h && indent <= h.Indent) heading = null;
            if (WindowPhrases.Heading(block, period) is { } title) { heading = (title.Readings, indent); continue; }
            var context = new BlockContext(Window: heading?.Readings);
            foreach (var sentence in Sentences(block))
                context = CheckSentence(objective, sentence, measures, context, claims, other);
        }
        return new NarrativeCheck(claims, other);
    }

    private BlockContext CheckSentence(string objective, string sentence, MeasureNames measures, BlockContext context, List<Claim> claims, List<string> other)
    {
        var topic = context.Topic ?? measures.FirstGroup(sentence);
        var sentenceGroup = StartsWithPronoun(sentence) ? topic ?? context.Group : measures.FirstGroup(sentence) ?? context.Group;
        var phrases = WindowPhrases.Find(sentence, period);
        var quantities = Quantities.Find(sentence);
        var state = new SentenceState(sentence, phrases, sentenceGroup, context.Window, quantities);
        Claim? previous = null;
        QuantityUnit? lastUnit = null;
        foreach (var found in quantities)
        {
            if (phrases.Any(p => p.Start <= found.Start && found.Start < p.End)) continue;
            // "+0.3 percentage points on the previous 12 months and +0.2 on the long-term average": the unit carries.
            var quantity = found.Unit == QuantityUnit.Count && (found.Decimals > 0 || found.Sign is not null) && lastUnit is QuantityUnit.Percent or QuantityUnit.Points
                && Regex.IsMatch(sentence[..found.Start], @"(?:\band|\bbut|\bor|,)\s+(?:(?:is|are|was|were)\s+)?$", RegexOptions.IgnoreCase)
                ? found with { Unit = lastUnit.Value } : found;
            if (quantity.Unit != QuantityUnit.Count) lastUnit = quantity.Unit;
            var claim = Read(objective, quantity, measures, state, previous);
            if (claim is null) { other.Add($"{quantity.Text} — {Excerpt(sentence, quantity)}"); continue; }
            claims.Add(claim);
            previous = claim;
        }
        var group = sentenceGroup ?? context.Group;
        if (previous?.Indicator is { } id) group = measures.Of(id)?.Group ?? group;
        var window = phrases.Where(p => p.Role != PhraseRole.Comparison && !IntroducedAsComparison(sentence, p)).Select(p => p.Readings).FirstOrDefault() ?? context.Window;
        return new BlockContext(group, topic, window);
    }

    /// <summary>A sentence as the checker reads it: its text, its window phrases, the group it speaks of, the window carried into it, its numbers.</summary>
    private sealed record SentenceState(string Text, IReadOnlyList<WindowPhrase> Phrases, string? Group, IReadOnlyList<ClaimWindow>? Carried, IReadOnlyList<Quantity> Quantities)
    {
        /// <summary>Whether another figure stands between two places of the sentence.</summary>
        public bool FigureBetween(int from, int to) => Quantities.Any(q => q.Start >= from && q.Start < to);
    }

    private Claim? Read(string objective, Quantity q, MeasureNames measures, SentenceState s, Claim? previous)
    {
        var sentence = s.Text;
        var (before, after) = (sentence[..q.Start], sentence[(q.Start + q.Length)..]);
        var kind = Kind(q, before, after);
        var follows = previous?.Indicator is { } same
            && Regex.IsMatch(before, @"(?:increase|decrease|improvement|reduction|rise|fall|up|down)\s+of\s*\(?\s*[+\-]?$|\(\s*$|,\s*$", RegexOptions.IgnoreCase)
            ? measures.Subjects.FirstOrDefault(x => x.Indicator.Id == same && (kind == ClaimKind.PercentChange || x.Indicator.Unit != Unit.Rate))
            : null;
        IReadOnlyList<Subject> subjects = kind is ClaimKind.PercentChange or ClaimKind.Difference && follows is not null ? [follows] : measures.Choose(sentence, q, kind, s.Group);
        if (kind is ClaimKind.Level or ClaimKind.Difference && q.Unit == QuantityUnit.Count && TimeUnit().IsMatch(after))
            subjects = measures.Timed(sentence);
        else if (kind == ClaimKind.Level && q.Unit == QuantityUnit.Count && subjects.Any(x => x.Indicator.Unit is Unit.Count or Unit.Stock))
            subjects = measures.Counted(sentence, q);
        if (kind == ClaimKind.Level)
            subjects = subjects.Where(x => !(q.Unit == QuantityUnit.Percent && x.Indicator.Unit != Unit.Rate || q.Unit == QuantityUnit.Money && x.Indicator.Unit != Unit.Money)).ToList();
        // A share of a quoted measure only when the sentence says so, or in brackets after one ("75% of all recorded hate crime (up from 71%").
        if (kind == ClaimKind.Level && q.Unit == QuantityUnit.Percent)
            subjects = subjects.Where(x => measures.StatesShare(x, sentence, q) || InParentheses(sentence, q.Start) && previous?.Indicator == x.Indicator.Id).ToList();
        if (subjects.Count == 0) return null;
        var indicator = subjects[0].Indicator;

        var qualifier = ClaimRules.QualifierOf(before);
        if (kind == ClaimKind.Level && q.Unit == QuantityUnit.Percent && indicator.Target is not null && NamesTarget(before, after))
            return Make(objective, q, ClaimKind.Target, s, [ClaimRules.Target(q, new Reading(indicator, ClaimWindow.Of(period, Window.Period)))], named: true);

        var readings = new List<Reading>();
        var named = true;
        foreach (var subject in subjects)
        {
            var (these, isNamed) = kind switch
            {
                ClaimKind.PercentChange or ClaimKind.PointsChange or ClaimKind.Difference => ChangeReadings(q, subject.Indicator, s, previous),
                _ => LevelReadings(q, subject.Indicator, s),
            };
            readings.AddRange(these);
            named &= isNamed;
        }
        if (readings.Count == 0)
            return new Claim(objective, q.Text, sentence.Trim(), kind, indicator.Id, "no window named", ClaimStatus.Unlinked, null,
                "the windows the sentence names cannot be compared (different lengths, or a month before a window that is not a month)");
        var sign = q.Sign ?? Direction(sentence, q);
        var judgements = readings.Select(r => kind switch
        {
            ClaimKind.PerDay => _rules.PerDay(q, qualifier, r),
            ClaimKind.Level => _rules.Level(q, qualifier, r),
            _ => _rules.Change(q, kind, qualifier, sign, r),
        }).ToList();
        var claim = Make(objective, q, kind, s, judgements, named);
        if (claim.Status != ClaimStatus.Contradicts) return claim;
        // "had to increase strength by thirty-one officers, to 199.77 FTE", "230 FTE is the goal for June": a requirement,
        // plan or forecast is not what the data show.
        if (Intended().IsMatch(before.Split(';')[^1]) || IntendedAfter().IsMatch(after.Split(';')[0]) || Planned().IsMatch(Regex.Match(before, @"[^;]{0,100}$").Value + "#" + after))
            return claim with { Status = ClaimStatus.Unlinked, Rule = $"the sentence states a requirement, a plan or a forecast, not what the data show; the data give {claim.Derived}" };
        // "in Norwich", "at Wymondham PIC", "for Right 6": a figure of part of the force is not the force's.
        if (PartOfForce(sentence) is { } part)
            return claim with { Status = ClaimStatus.Unlinked, Rule = $"the sentence speaks of part of the force ({part}); the data give {claim.Derived} for the force" };
        return claim;
    }

    [GeneratedRegex(@"\b(?:had|has|have|needs?|needed|aims?|aimed|plans?|planned|intends?|intended|expected|required|forecast|projected|predicted|set|due)\s+to\b(?!\s+date\b)|\b(?:must|will|would|should|shall)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Intended();

    /// <summary>"a target of 220 FTE", "against an allocation of 220.00", "220.00 FTE uplift target": a figure set, not measured.</summary>
    [GeneratedRegex(@"\b(?:target|allocation|allocated|establishment|funded|budget|budgeted|baseline|baselined|ambition|goal|commitment)\b[^#]{0,100}#|^#\s*[\w.%-]*\s*(?:\w+\s+){0,2}(?:target|allocation|establishment|baseline|goal|ambition)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Planned();

    /// <summary>Towns with a police presence in Norfolk, beside its districts: a figure for one is not the force's.</summary>
    private static readonly string[] Places = ["King's Lynn", "Thetford", "Dereham", "Wymondham", "Aylsham", "Cromer", "Swaffham", "Downham Market", "Fakenham",
        "Diss", "Attleborough", "North Walsham", "Sheringham", "Hunstanton", "Gorleston", "Watton", "Wells"];

    private static string? PartOfForce(string sentence) =>
        Norfolk.Districts.Concat(Places).FirstOrDefault(d => Regex.IsMatch(sentence, $@"\b{Regex.Escape(d)}\b"))
        ?? (Part().Match(sentence) is { Success: true } m ? m.Value.Trim() : null);

    /// <summary>A custody suite or station, one right or some rights of the Victims' Code, a group of people or cases, a shift.</summary>
    [GeneratedRegex(@"\b(?:[A-Z][\w'’-]*\s+)+(?:PIC|Police Investigation Centre|custody suite|police station)s?\b|\bPICs\b|\b(?:custody suite|police station)\b|\bRight\s+\d+[A-Z]?\b|\bRights\s+\d+[A-Z]?(?:\s*(?:,|and|or)\s*\d+[A-Z]?)+\b|\bright\s+to\b|\b(?:for|among|amongst)\s+(?:\w+\s+){0,3}?(?:detainees|victims|offenders|children|juveniles?|young people|adults|women|men|girls|boys|officers|staff)\b|\bon\s+(?:\w+\s+)?shifts?\b|\bin\s+(?:\w+\s+){0,3}?(?:investigations|cases)\b")]
    private static partial Regex Part();

    [GeneratedRegex(@"^[^.]{0,40}?\b(?:is|are|was|were|will be|would be)\s+(?:forecast|projected|predicted|expected|needed|required|planned|the\s+(?:goal|target|aim|ambition))\b", RegexOptions.IgnoreCase)]
    private static partial Regex IntendedAfter();

    /// <summary>
    /// One claim from the judgements of its readings: the first that matches; else, when the window is named and every
    /// plausible reading contradicts (a reading whose figure is far from the claim's is not what the author meant), the
    /// contradiction; else not checked.
    /// </summary>
    private static Claim Make(string objective, Quantity q, ClaimKind kind, SentenceState s, IReadOnlyList<Judgement> judgements, bool named)
    {
        var plausible = judgements.Where(j => !j.Far).ToList();
        var chosen = judgements.FirstOrDefault(j => j.Status == ClaimStatus.Matches)
            ?? (named && plausible.Count > 0 && plausible.All(j => j.Status == ClaimStatus.Contradicts) ? plausible[0] : null);
        if (chosen is null)
        {
            var first = judgements.FirstOrDefault(j => j.Status == ClaimStatus.Unlinked) ?? judgements[0];
            var why = first.Status == ClaimStatus.Unlinked ? first.Rule
                : $"the sentence names no window, and none of the likely ones ({string.Join(", ", judgements.Select(j => j.Reading.Window))}) gives {q.Text}";
            chosen = first with { Status = ClaimStatus.Unlinked, Rule = why };
        }
        else if (chosen.Status == ClaimStatus.Contradicts && plausible.Count > 1)
            chosen = chosen with { Rule = chosen.Rule + "; " + string.Join("; ", plausible.Skip(1).Select(j => $"read as the {j.Reading.Window}: {j.Derived}")) };
        return new Claim(objective, q.Text, s.Text.Trim(), kind, chosen.Reading.Indicator.Id, chosen.Reading.Window, chosen.Status, chosen.Derived, chosen.Rule)
        {
            Current = chosen.Reading.Current,
            Baseline = chosen.Reading.Baseline,
        };
    }

    /// <summary>
    /// The windows a level speaks of: straight after a window, that window ("the previous quarter (85.9%)", "a long-term
    /// average of 33");
    /// the phrase nearest it that is not introduced as a comparison ("compared with the
    /// previous quarter" is what a change compares with); a level right before such a comparison is the current figure;
    /// else the window carried from the block; else, unnamed, the last 12 months or the reporting period.
    /// </summary>
    private (IReadOnlyList<Reading>, bool Named) LevelReadings(Quantity q, Indicator indicator, SentenceState s)
    {
        IReadOnlyList<Reading> Of(IEnumerable<ClaimWindow> windows) => windows.Select(w => new Reading(indicator, w)).ToList();
        if (s.Phrases.LastOrDefault(p => p.End <= q.Start) is { } lead
            && Regex.IsMatch(s.Text[lead.End..q.Start], @"^\s*(?:\(|of|was|were|is|are|stood at|stands at|at|:)?\s*(?:of\s+)?[£+\-]?\s*$", RegexOptions.IgnoreCase))
            return (Of(lead.Before is null ? lead.Readings : lead.Against(period, CurrentFor(s, q, lead))), true);
        var own = s.Phrases.Where(p => !IntroducedAsComparison(s.Text, p) || FromValue(s.Text, q)).ToList();
        // "33 in the previous 12 months", "1,378 in the same quarter of 2024": a window a few words after the figure, by "in", is its own;
        // so is one straight after it in brackets: "10% (11% previous quarter)".
        var end = q.Start + q.Length;
        if (s.Phrases.FirstOrDefault(p => p.Start >= end) is { } attached
            && (Regex.IsMatch(s.Text[end..attached.Start], @"^\s*(?:[\w’'-]+\s+){0,4}?(?:in|during|for|over|across|throughout)\s+(?:the\s+)?$", RegexOptions.IgnoreCase)
                || InParentheses(s.Text, q.Start) && string.IsNullOrWhiteSpace(s.Text[end..attached.Start]) && InParentheses(s.Text, attached.End - 1))
            && !s.FigureBetween(end, attached.Start))
            return (Of(attached.Before is null ? attached.Readings : attached.Against(period, CurrentFor(s, q, attached))), true);
        // "fell from 17 in the previous 12 months to 12 in the last 12 months": the figure after "to" has the window after it.
        if (Regex.IsMatch(s.Text[..q.Start], @"\bto\s*$", RegexOptions.IgnoreCase) && own.FirstOrDefault(p => p.Start >= q.Start + q.Length) is { } following
            && !Regex.IsMatch(s.Text[(q.Start + q.Length)..following.Start], @"[\d,;]"))
            own = [following];
        if (Nearest(own, q, s) is { } phrase)
        {
            var windows = phrase.Before is null ? phrase.Readings : phrase.Against(period, CurrentFor(s, q, phrase));
            return (Of(windows), true);
        }
        if (s.Phrases.FirstOrDefault(p => p.Start > q.Start && IntroducedAsComparison(s.Text, p)) is { } comparison)
            return (Of(Implied(comparison)), true);
        if (s.Carried is { } carried) return (Of(carried), true);
        return (Of(Defaults(Window.Last12Months, Window.Period)), false);
    }

    /// <summary>
    /// The windows a change compares: the baseline named by the sentence (in brackets, the one named before them; else one
    /// introduced after the number by "than", "compared with", "on"...; else one named before it in its clause) and the
    /// window it speaks of (another phrase of the sentence, or the one the baseline implies: the last 12 months against the
    /// previous 12 or the long-term average, the reporting period against the previous one or the same period a year
    /// earlier). With no baseline named, the tables' comparisons are tried, and it is never a contradiction.
    /// </summary>
    private (IReadOnlyList<Reading>, bool Named) ChangeReadings(Quantity q, Indicator indicator, SentenceState s, Claim? previous)
    {
        if (InParentheses(s.Text, q.Start) && previous?.Baseline is { } earlier && Regex.IsMatch(s.Text[..q.Start], @"(?:\d|%|percent|points?)\s*[(,]\s*$"))
            return ([new Reading(indicator, previous.Current ?? ClaimWindow.Of(period, Window.Last12Months), earlier)], true);
        var baseline = BaselinePhrase(q, s);
        if (baseline is null)
        {
            var unnamed = new[] { (Window.Last12Months, Window.Previous12Months), (Window.Last12Months, Window.LongTermAverage), (Window.Period, Window.PreviousPeriod) };
            return (unnamed.Select(w => new Reading(indicator, ClaimWindow.Of(period, w.Item1), ClaimWindow.Of(period, w.Item2))).ToList(), false);
        }
        var current = s.Phrases.Where(p => p != baseline && p.Role != PhraseRole.Comparison && !IntroducedAsComparison(s.Text, p))
            .OrderBy(p => Math.Abs(p.Start - q.Start)).FirstOrDefault();
        var currents = current?.Readings ?? (baseline.Before is not null ? [CurrentFor(s, q, baseline)] : Implied(baseline));
        var readings = new List<Reading>();
        foreach (var now in currents)
            foreach (var then in baseline.Before is null ? baseline.Readings : baseline.Against(period, now))
                if (now.Length == then.Length && now.Months != then.Months) readings.Add(new Reading(indicator, now, then));
        return (readings, true);
    }

    /// <summary>The window a relative phrase ("the same period a year earlier") is taken against: another phrase of the sentence, the carried window, or the reporting period.</summary>
    private ClaimWindow CurrentFor(SentenceState s, Quantity q, WindowPhrase relative) =>
        s.Phrases.Where(p => p != relative && p.Role != PhraseRole.Comparison && !IntroducedAsComparison(s.Text, p)).OrderBy(p => Math.Abs(p.Start - q.Start)).FirstOrDefault()?.Readings.FirstOrDefault()
        ?? s.Carried?.FirstOrDefault() ?? ClaimWindow.Of(period, Window.Period);

    /// <summary>
    /// What a comparison implies is compared with it: the period for the previous period; the last 12 months for a 12-month
    /// window (the previous 12, the long-term average); else the window of the same length ending with the reporting period.
    /// </summary>
    private IReadOnlyList<ClaimWindow> Implied(WindowPhrase comparison)
    {
        if (comparison.Before is not null) return [ClaimWindow.Of(period, Window.Period)];
        var previousPeriod = ClaimWindow.Of(period, Window.PreviousPeriod);
        return comparison.Readings.Select(r => r == previousPeriod ? ClaimWindow.Of(period, Window.Period)
            : r.Length == 12 ? ClaimWindow.Of(period, Window.Last12Months)
            : ClaimWindow.Of(period, new Period(period.End.Plus(1 - r.Length), period.End))).Distinct().ToList();
    }

    private IReadOnlyList<ClaimWindow> Defaults(params Window[] windows) => windows.Select(w => ClaimWindow.Of(period, w)).Distinct().ToList();

    private static WindowPhrase? BaselinePhrase(Quantity q, SentenceState s)
    {
        var (sentence, phrases) = (s.Text, s.Phrases);
        var end = q.Start + q.Length;
        if (InParentheses(sentence, q.Start))
        {
            var open = sentence[..q.Start].LastIndexOf('(');
            var lead = phrases.LastOrDefault(p => p.End <= open && p.Role == PhraseRole.Comparison);
            if (lead is not null) return lead;
        }
        foreach (var following in phrases.Where(p => p.Start >= end && p.Role != PhraseRole.Current))
        {
            var between = Regex.Replace(Blank(sentence, phrases, end, following.Start), @"\([^)]*\)", "");
            if (s.Quantities.Any(x => x.Start >= end && x.Start < following.Start && !InBrackets(sentence, x, end)) || ClauseBreak().IsMatch(between)) break;
            var connective = following.Role == PhraseRole.Comparison
                ? @"\b(?:than|compared|against|on|over|with|from|below|above|under|versus|vs)\b"
                : @"\b(?:than|compared|against|with|from|versus|vs)\b";
            if (Regex.IsMatch(between, connective, RegexOptions.IgnoreCase)) return following;
        }
        var preceding = phrases.LastOrDefault(p => p.End <= q.Start && (p.Role == PhraseRole.Comparison || IntroducedAsComparison(sentence, p)));
        return preceding is not null && !ClauseBreak().IsMatch(sentence[preceding.End..q.Start]) ? preceding : null;
    }

    /// <summary>A figure in brackets opened after <paramref name="from"/>: "+44.5 percent" in "77 (+44.5 percent) compared with".</summary>
    private static bool InBrackets(string sentence, Quantity x, int from) => sentence[from..x.Start].LastIndexOf('(') > sentence[from..x.Start].LastIndexOf(')');

    /// <summary>The text between two places with the window phrases in it blanked ("over the last 12 months" holds no figure).</summary>
    private static string Blank(string sentence, IReadOnlyList<WindowPhrase> phrases, int from, int to)
    {
        var text = sentence[from..to].ToCharArray();
        foreach (var p in phrases.Where(p => p.Start >= from && p.End <= to))
            for (var i = p.Start; i < p.End; i++) text[i - from] = ' ';
        return new string(text);
    }

    /// <summary>
    /// A phrase introduced as what something is compared with: a comparison window ("the previous 12 months") unless it is
    /// the time of a figure ("in the previous 12 months", or leading its sentence), a dated window after "than", "compared
    /// with", "against" ("compared with March 2025"); a phrase relative to another window ("a year earlier") always is.
    /// </summary>
    private static bool IntroducedAsComparison(string sentence, WindowPhrase phrase) => phrase.Before is not null || phrase.Role switch
    {
        PhraseRole.Comparison => !Regex.IsMatch(sentence[..phrase.Start], @"(?:\b(?:in|during|for|over|across|throughout|of)\s+(?:the\s+)?|^\s*(?:the\s+)?)$", RegexOptions.IgnoreCase),
        PhraseRole.Dated => Regex.IsMatch(sentence[..phrase.Start], @"\b(?:than|compared\s+(?:with|to)|against|versus|vs\.?|relative\s+to)\s+(?:(?:that|those)\s+(?:of|in|for)\s+)?(?:the\s+)?(?:in\s+)?$", RegexOptions.IgnoreCase),
        _ => false,
    };

    /// <summary>"from 85.9% in the previous quarter to 88.0%", "compared with 1,378 in the same quarter of 2024": a figure that is itself what is compared with.</summary>
    private static bool FromValue(string sentence, Quantity q) =>
        Regex.IsMatch(sentence[..q.Start], @"\b(?:from|compared\s+(?:with|to)|than|against|versus|vs\.?)\s*$", RegexOptions.IgnoreCase);

    /// <summary>The phrase nearest a figure; one after it with another figure between belongs to that figure.</summary>
    private static WindowPhrase? Nearest(IReadOnlyList<WindowPhrase> phrases, Quantity q, SentenceState s) =>
        phrases.Where(p => p.Start < q.Start || !s.FigureBetween(q.Start + q.Length, p.Start))
            .OrderBy(p => p.Start >= q.Start ? p.Start - (q.Start + q.Length) : q.Start - p.End).FirstOrDefault();

    private static bool NamesTarget(string before, string after) =>
        Regex.IsMatch(before, @"\b(?:target|standard|aim|aims|aiming|goal|ambition|recommends?|service level agreement)\b(?:\W+\w+){0,5}\W*$", RegexOptions.IgnoreCase)
        || Regex.IsMatch(after, @"^\s*(?:\w+\s+)?(?:target|standard|goal)\b", RegexOptions.IgnoreCase);

    private static ClaimKind Kind(Quantity q, string before, string after)
    {
        if (q.Unit == QuantityUnit.Points) return ClaimKind.PointsChange;
        var changeBefore = Regex.IsMatch(before, @"(?:\bby|increase of|decrease of|improvement of|reduction of|rise of|fall of|rising|falling|(?<!\bmade\s)up|down)\s*\(?\s*$", RegexOptions.IgnoreCase);
        var changeAfter = Regex.IsMatch(after, @"^\s*(?:\w+\s+)?(?:higher|lower|above|below|fewer|more|less|up|down|additional|increase|decrease|reduction)\b", RegexOptions.IgnoreCase);
        var comparedAfter = Regex.IsMatch(Regex.Replace(after, @"^\s*\([^)]*\)", ""), @"^\s*(?:compared\s+(?:with|to)|against|than|on the)\s+(?:both\s+)?(?:the\s+)?(?:previous|long.term)", RegexOptions.IgnoreCase);
        if (q.Unit == QuantityUnit.Percent) return q.Sign is not null || changeBefore || changeAfter || comparedAfter ? ClaimKind.PercentChange : ClaimKind.Level;
        if (Regex.IsMatch(after, @"^\s*(?:\w+\s+){0,4}(?:per\s+day|a\s+day(?!\s+of))\b", RegexOptions.IgnoreCase)) return ClaimKind.PerDay;
        return q.Sign is not null || changeBefore || changeAfter ? ClaimKind.Difference : ClaimKind.Level;
    }

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

}

/// <summary>What the checker read in a narrative: the claims about the catalogue's figures, and the other numbers.</summary>
public sealed record NarrativeCheck(IReadOnlyList<Claim> Claims, IReadOnlyList<string> Other);
