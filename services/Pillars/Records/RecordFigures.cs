using Microsoft.EntityFrameworkCore;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;

namespace PlanServices.Pillars.Records;

/// <summary>
/// The monthly figures of a catalogue's measures, counted from the stored records: from the record counts kept with
/// them (<see cref="RecordCountRow"/>: by the month recorded, and of crimes by the month of the outcome), each measure
/// adding the cells it counts. A kind's records cover the months from the first month recorded to the last month of any
/// of their dates (a later outcome's month included): in those a measure with no matching record is 0; outside them it
/// has no value, as a month never imported has none.
/// </summary>
public static class RecordFigures
{
    private sealed record Cell(RecordBasis Basis, string Code, CrimeFlags Flags, int District, int Month, bool Valued, string Outcome, long Count, long Sum);

    /// <summary>Each measured indicator's value in each covered month of <paramref name="span"/>; of one district when given (1 to 7).</summary>
    public static async Task<IReadOnlyList<Observation>> MonthlyAsync(PillarDb db, Catalogue catalogue, Period span,
        int? district = null, CancellationToken ct = default)
    {
        var figures = new List<Observation>();
        var (from, to) = (span.From.Index, span.To.Index);
        foreach (var kind in catalogue.RecordScope.Kinds)
        {
            var measured = catalogue.Indicators.Where(i => i.Measure?.Records == kind).ToList();
            var counts = db.RecordCounts.AsNoTracking().Where(c => c.Kind == kind);
            var coverage = await counts.Where(c => c.Count > 0).GroupBy(c => c.Kind).Select(g => new { First = g.Min(c => c.Month), Last = g.Max(c => c.Month) }).FirstOrDefaultAsync(ct);
            if (coverage is null) continue;
            var (first, last) = (Math.Max(from, coverage.First), Math.Min(to, coverage.Last));
            if (first > last) continue;

            var cells = await counts.Where(c => c.Month >= first && c.Month <= last && c.Count > 0 && (district == null || c.District == district))
                .Select(c => new Cell(c.Basis, c.Code, c.Flags, c.District, c.Month, c.Valued, c.Outcome, c.Count, c.Sum))
                .ToListAsync(ct);
            foreach (var indicator in measured)
            {
                var measure = indicator.Measure!;
                var totals = new decimal[last - first + 1];
                foreach (var cell in cells)
                    if (cell.Basis == measure.Basis && measure.Counts(cell.Code, cell.Flags, cell.Valued, cell.Outcome.Length == 0 ? null : cell.Outcome))
                        totals[cell.Month - first] += measure.SumValue ? cell.Sum : cell.Count;
                for (var m = 0; m < totals.Length; m++)
                    figures.Add(new Observation(indicator.Id, Period.Single(Month.FromIndex(first + m)), totals[m]));
            }
        }
        return figures;
    }
}
