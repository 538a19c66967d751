using System.Globalization;
using PlanServices.Pillars.Domain;

namespace PlanServices.Pillars.Records;

/// <summary>
/// Makes ILLUSTRATIVE crime records whose counts are exactly the monthly figures given for a catalogue's measures
/// (docs/sample-data.md, "Sample records"). Deterministic: the same figures make the same records. For each family of
/// crime measures (the same groups and flags) it records the volume measure's count in each month, spread over its
/// days, offences and districts; then in each month it gives the outcome measures' counts of the most recently recorded
/// open crimes an outcome on the month's last day. The outcome sets must nest (charged within solved): each level's
/// count is of a type in it and not in the smaller one. Crimes given no outcome stay open.
/// </summary>
public static class SampleRecords
{
    public static IReadOnlyList<SentRecord> Generate(Catalogue catalogue, IEnumerable<Observation> monthly, CountingRules rules)
    {
        var values = monthly.Where(o => o.Period.Months == 1).ToDictionary(o => (o.Indicator, o.Period.From), o => (int)o.Value);
        var records = new List<SentRecord>();
        var families = catalogue.Indicators.Where(i => i.Measure is { Records: RecordKind.Crimes })
            .GroupBy(i => (Groups: string.Join(",", i.Measure!.Groups.Order()), i.Measure.AllFlags, i.Measure.AnyFlags));
        foreach (var family in families)
        {
            var volume = family.SingleOrDefault(i => i.Measure!.Outcomes is null)
                ?? throw new InvalidOperationException($"the measures {string.Join(", ", family.Select(i => i.Id))} have no count of all their crimes to make records from");
            var levels = family.Where(i => i.Measure!.Outcomes is not null).OrderBy(i => i.Measure!.Outcomes!.Count).ToList();
            for (var k = 1; k < levels.Count; k++)
                if (!levels[k - 1].Measure!.Outcomes!.IsSubsetOf(levels[k].Measure!.Outcomes!))
                    throw new InvalidOperationException($"the outcomes of '{levels[k - 1].Id}' are not within those of '{levels[k].Id}'");
            var types = levels.Select((level, k) => rules.Outcomes
                .Where(o => level.Measure!.Outcomes!.Contains(o) && (k == 0 || !levels[k - 1].Measure!.Outcomes!.Contains(o))).ToList()).ToList();

            var measure = volume.Measure!;
            var codes = measure.Codes.Order(StringComparer.Ordinal).ToList();
            var flagNames = RecordNames.Flags.Where(f => (measure.AllFlags | LowestFlag(measure.AnyFlags)).HasFlag(f.Key)).Select(f => f.Value).ToList();
            var months = values.Keys.Where(k => k.Indicator == volume.Id).Select(k => k.From).Order().ToList();
            var open = new Stack<int>();
            var crimes = new List<(string Reference, DateOnly On, string Offence, int District, string? Outcome, DateOnly? OutcomeOn)>();
            foreach (var month in months)
            {
                for (var i = 0; i < values[(volume.Id, month)]; i++)
                {
                    var day = 1 + i * 7 % month.LastDay.Day;
                    var reference = string.Create(CultureInfo.InvariantCulture, $"S-{measure.Groups[0]}-{month.Year}{month.Number:D2}-{i + 1:D4}");
                    open.Push(crimes.Count);
                    crimes.Add((reference, new DateOnly(month.Year, month.Number, day), codes[i % codes.Count], 1 + (i * 3 + month.Number) % 7, null, null));
                }
                var given = 0;
                for (var k = 0; k < levels.Count; k++)
                {
                    var count = values.GetValueOrDefault((levels[k].Id, month)) - given;
                    if (count < 0)
                        throw new InvalidOperationException($"{month}: '{levels[k].Id}' is below '{levels[k - 1].Id}', whose outcomes it includes");
                    for (var n = 0; n < count; n++)
                    {
                        if (open.Count == 0) throw new InvalidOperationException($"{month}: more outcomes than open crimes of '{volume.Id}'");
                        var c = open.Pop();
                        crimes[c] = crimes[c] with { Outcome = types[k][n % types[k].Count], OutcomeOn = month.LastDay };
                    }
                    given += count;
                }
            }
            records.AddRange(crimes.Select(c => new SentRecord(RecordKind.Crimes, c.Reference, Date(c.On), c.Offence, flagNames,
                c.District.ToString(CultureInfo.InvariantCulture), c.Outcome ?? "", c.OutcomeOn is { } o ? Date(o) : "", "", "")));
        }
        return records;
    }

    private static CrimeFlags LowestFlag(CrimeFlags flags) => flags & (CrimeFlags)(-(int)flags);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
