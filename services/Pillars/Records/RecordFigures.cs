using Microsoft.EntityFrameworkCore;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;

namespace PlanServices.Pillars.Records;

/// <summary>
/// The monthly figures of a catalogue's measures, counted from the stored records: two GROUP BY queries per kind of
/// record (by the month recorded, and of crimes by the month of the outcome), each measure then adding the groups it
/// counts. A kind's records cover the months from the first month recorded to the last month of any of their dates (a
/// later outcome's month included): in those a measure with no matching record is 0; outside them it has no value, as a
/// month never imported has none.
/// </summary>
public static class RecordFigures
{
    private sealed record Cell(string Code, CrimeFlags Flags, int District, int Month, bool Valued, string? Outcome, int Count, long Sum);

    /// <summary>Each measured indicator's value in each covered month of <paramref name="span"/>; of one district when given (1 to 7).</summary>
    public static async Task<IReadOnlyList<Observation>> MonthlyAsync(PillarDb db, Catalogue catalogue, Period span,
        int? district = null, CancellationToken ct = default)
    {
        var figures = new List<Observation>();
        var (from, to) = (span.From.Index, span.To.Index);
        foreach (var kind in catalogue.RecordScope.Kinds)
        {
            var measured = catalogue.Indicators.Where(i => i.Measure?.Records == kind).ToList();
            var records = db.Records.AsNoTracking().Where(r => r.Kind == kind);
            var coverage = await records.GroupBy(r => r.Kind).Select(g => new { First = g.Min(r => r.Month), Last = g.Max(r => r.OutcomeMonth ?? r.Month) }).FirstOrDefaultAsync(ct);
            if (coverage is null) continue;
            var (first, last) = (Math.Max(from, coverage.First), Math.Min(to, coverage.Last));
            if (first > last) continue;

            var live = records.Where(r => !r.Cancelled && (district == null || r.District == district));
            var cells = new List<Cell>();
            if (measured.Any(i => i.Measure!.Basis == RecordBasis.Recorded))
                cells.AddRange((await live.Where(r => r.Month >= first && r.Month <= last)
                        .GroupBy(r => new { r.Code, r.Flags, r.District, r.Month, Valued = r.Value != null })
                        .Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(r => (long?)r.Value) })
                        .ToListAsync(ct))
                    .Select(g => new Cell(g.Key.Code, g.Key.Flags, g.Key.District, g.Key.Month, g.Key.Valued, null, g.Count, g.Sum ?? 0)));
            var byRecorded = cells.Count;
            if (measured.Any(i => i.Measure!.Basis == RecordBasis.Outcome))
                cells.AddRange((await live.Where(r => r.OutcomeMonth >= first && r.OutcomeMonth <= last)
                        .GroupBy(r => new { r.Code, r.Flags, r.District, Month = r.OutcomeMonth!.Value, r.Outcome })
                        .Select(g => new { g.Key, Count = g.Count() })
                        .ToListAsync(ct))
                    .Select(g => new Cell(g.Key.Code, g.Key.Flags, g.Key.District, g.Key.Month, false, g.Key.Outcome, g.Count, 0)));

            foreach (var indicator in measured)
            {
                var measure = indicator.Measure!;
                var totals = new decimal[last - first + 1];
                var basis = measure.Basis == RecordBasis.Recorded ? cells.Take(byRecorded) : cells.Skip(byRecorded);
                foreach (var cell in basis)
                    if (measure.Counts(cell.Code, cell.Flags, cell.Valued, cell.Outcome))
                        totals[cell.Month - first] += measure.SumValue ? cell.Sum : cell.Count;
                for (var m = 0; m < totals.Length; m++)
                    figures.Add(new Observation(indicator.Id, Period.Single(Month.FromIndex(first + m)), totals[m]));
            }
        }
        return figures;
    }
}
