using System.Globalization;
using System.Text;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Import;

namespace PlanServices.Testing;

/// <summary>
/// Makes a pillar's monthly history (<c>sample/history.csv</c>) from the figures the April 2026 pack published
/// (<c>sample/published/pam-2026-04.csv</c>), by the rules of docs/sample-data.md:
/// 1. a month the pack prints is kept as printed;
/// 2. a total the pack prints over several months is split over them in proportion to a weight per month (the
///    whole's months for the part of a rate, such as the solved crimes of the crimes; otherwise the days of the month),
///    by largest remainder, so the months sum exactly to the published total; a shorter total published inside it
///    (a quarter the prose quotes) is split first and the rest of the longer one over its other months;
/// 3. where the published figures reach back to January 2022, April to December 2021 repeat the same months of 2022;
/// 4. January to March 2026 are the same months of 2025 scaled by the indicator's change from 2024 to 2025
///    (1 where only one year is published), rounded, a part never above its whole.
/// Rules 2 to 4 make illustrative months: their sums are the published figures, the months themselves are not.
/// </summary>
public static class SampleHistory
{
    public static readonly Month First = new(2021, 4);
    public static readonly Month Last = new(2026, 3);
    private static readonly Month LongTermStart = new(2022, 1);

    /// <summary>The history of every stored indicator the published figures hold, month by month.</summary>
    public static IReadOnlyList<(Indicator Indicator, IReadOnlyList<(Month Month, decimal Value)> Months)> Make(Catalogue catalogue, IReadOnlyList<Observation> published)
    {
        var wholeOf = catalogue.Indicators.Where(i => i.IsRatio && i.Unit == Unit.Rate && !i.MayExceedWhole && catalogue[i.Denominator!].IsStored)
            .GroupBy(i => i.Numerator!).ToDictionary(g => g.Key, g => g.First().Denominator!, StringComparer.Ordinal);
        // A measure counting outcomes within another's (charged within solved) is never above it either.
        var within = catalogue.Indicators.Where(i => i.Measure?.Outcomes is not null)
            .SelectMany(i => catalogue.Indicators.Where(o => o.Id != i.Id && o.Measure?.Outcomes is { } outer && outer.IsProperSupersetOf(i.Measure!.Outcomes!)
                && o.Measure.Records == i.Measure.Records && o.Measure.Codes.SetEquals(i.Measure.Codes) && o.Measure.AllFlags == i.Measure.AllFlags
                && o.Measure.AnyFlags == i.Measure.AnyFlags).Select(o => (Part: i.Id, Whole: o.Id)))
            .GroupBy(x => x.Part).ToDictionary(g => g.Key, g => g.Select(x => x.Whole).ToList(), StringComparer.Ordinal);
        var made = new Dictionary<string, SortedDictionary<Month, decimal>>(StringComparer.Ordinal);

        SortedDictionary<Month, decimal> Ensure(string id)
        {
            if (made.TryGetValue(id, out var done)) return done;
            var whole = wholeOf.TryGetValue(id, out var w) && published.Any(o => o.Indicator == w) ? Ensure(w) : null;
            var months = new SortedDictionary<Month, decimal>();
            foreach (var figure in published.Where(o => o.Indicator == id).OrderBy(o => o.Period.Months).ThenBy(o => o.Period.From))
            {
                var span = Enumerable.Range(0, figure.Period.Months).Select(figure.Period.From.Plus).Where(m => !months.ContainsKey(m)).ToList();
                var rest = figure.Value - Enumerable.Range(0, figure.Period.Months).Select(figure.Period.From.Plus).Where(months.ContainsKey).Sum(m => months[m]);
                var weights = whole is not null && span.All(whole.ContainsKey) ? span.Select(m => whole[m]).ToList() : span.Select(m => (decimal)m.LastDay.Day).ToList();
                foreach (var (month, value) in span.Zip(Split(rest, weights))) months[month] = value;
            }
            if (months.Count > 0 && months.Keys.First() <= LongTermStart)
                for (var month = months.Keys.First().Plus(-1); month >= First; month = month.Plus(-1))
                    months[month] = months[month.Plus(12)];
            if (months.Count > 0)
            {
                var growth = Growth(months);
                for (var month = months.Keys.Last().Plus(1); month <= Last; month = month.Plus(1))
                {
                    var value = Math.Round(months[month.Plus(-12)] * growth, MidpointRounding.AwayFromZero);
                    months[month] = whole is not null && whole.TryGetValue(month, out var cap) ? Math.Min(value, cap) : value;
                    foreach (var outer in within.GetValueOrDefault(id) ?? [])
                        months[month] = Math.Min(months[month], Ensure(outer).GetValueOrDefault(month, months[month]));
                }
            }
            return made[id] = months;
        }

        return catalogue.Indicators.Where(i => i.IsStored && published.Any(o => o.Indicator == i.Id))
            .Select(i => (i, (IReadOnlyList<(Month, decimal)>)Ensure(i.Id).Select(kv => (kv.Key, kv.Value)).ToList())).ToList();
    }

    /// <summary>The history file of a host as observations, every row (measured indicators' too), unchecked.</summary>
    public static IReadOnlyList<Observation> Read(string host) =>
        File.ReadAllLines(Repo.Sample(host)).Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("indicator,", StringComparison.Ordinal))
            .Select(l => l.Split(','))
            .Select(f => new Observation(f[0], new Period(Month.Parse(f[1]), Month.Parse(f[2])), decimal.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

    /// <summary>The latest 12 months' total over the 12 before them; 1 where there are not 24 months.</summary>
    private static decimal Growth(SortedDictionary<Month, decimal> months)
    {
        var end = months.Keys.Last();
        decimal? Total(Month to) => Enumerable.Range(0, 12).Select(i => to.Plus(-i)).All(months.ContainsKey)
            ? Enumerable.Range(0, 12).Sum(i => months[to.Plus(-i)]) : null;
        return Total(end) is { } latest && Total(end.Plus(-12)) is { } before && before > 0 ? latest / before : 1;
    }

    /// <summary>A whole number split in proportion to the weights, by largest remainder (ties to the earlier month).</summary>
    public static IReadOnlyList<decimal> Split(decimal total, IReadOnlyList<decimal> weights)
    {
        if (total != decimal.Truncate(total) || total < 0) throw new ArgumentException($"only whole, non-negative totals are split: {total}");
        var sum = weights.Sum();
        var exact = weights.Select(w => sum == 0 ? total / weights.Count : total * w / sum).ToList();
        var parts = exact.Select(decimal.Floor).ToList();
        var left = (int)(total - parts.Sum());
        foreach (var i in Enumerable.Range(0, exact.Count).OrderByDescending(i => exact[i] - parts[i]).ThenBy(i => i).Take(left)) parts[i]++;
        return parts;
    }

    /// <summary>The history as an import file, each indicator headed by what of it is published and what is illustrative.</summary>
    public static string Csv(Catalogue catalogue, IReadOnlyList<Observation> published)
    {
        var csv = new StringBuilder();
        csv.Append(CultureInfo.InvariantCulture, $"# {catalogue.Title}: monthly history {First} to {Last}, made from the figures of the PCC Accountability Meeting of 21 April 2026\n");
        csv.Append("# by the rules of docs/sample-data.md (regenerate: docs/sample-data.md). ILLUSTRATIVE: months split from a published total,\n");
        csv.Append("# and months before or after the published ones, are made up; only the published totals and months are real.\n");
        csv.Append(string.Join(',', ObservationFile.Header)).Append('\n');
        foreach (var (indicator, months) in Make(catalogue, published))
        {
            var printed = published.Where(o => o.Indicator == indicator.Id).Select(o => o.Period).ToList();
            var monthly = printed.Where(p => p.Months == 1).ToList();
            csv.Append(CultureInfo.InvariantCulture, $"# {indicator.Id}: published ");
            csv.Append(string.Join(", ", printed.Where(p => p.Months > 1).Select(p => $"{p} (total)")
                .Concat(monthly.Count > 0 ? [$"{monthly.Min(p => p.From)}..{monthly.Max(p => p.To)} (months)"] : [])));
            csv.Append('\n');
            foreach (var (month, value) in months)
                csv.Append(CultureInfo.InvariantCulture, $"{indicator.Id},{month},{month},{value}\n");
        }
        return csv.ToString();
    }

    /// <summary>The published figures of a pillar host's sample, from every file of its published folder.</summary>
    public static IReadOnlyList<Observation> Published(Catalogue catalogue, string host)
    {
        var errors = new List<PlanServices.Common.Violation>();
        var figures = new List<Observation>();
        foreach (var file in Repo.Published(host))
        {
            using var reader = new StreamReader(file);
            figures.AddRange(ObservationFile.Read(reader, catalogue, errors).Select(l => l.Observation));
        }
        return errors.Count > 0 ? throw new InvalidDataException(string.Join("; ", errors)) : figures;
    }
}
