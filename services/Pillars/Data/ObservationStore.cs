using Microsoft.EntityFrameworkCore;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Records;

namespace PlanServices.Pillars.Data;

/// <summary>Writes to a pillar's figures, one at a time.</summary>
public static class StoreWrites
{
    /// <summary>
    /// Waits, inside the current transaction, until no other import or record batch writes to this store, so that
    /// imports commit in the order of their ids (the tables cache keys on the latest) and a record's counts are never
    /// revised by two batches at once. SQLite needs nothing: its first write already takes the database's one write lock.
    /// </summary>
    public static async Task LockAsync(this PillarDb db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(2024)", ct);
        else if (db.Database.IsSqlServer())
            await db.Database.ExecuteSqlRawAsync("EXEC sp_getapplock @Resource = 'figures', @LockMode = 'Exclusive', @LockOwner = 'Transaction'", ct);
    }
}

/// <summary>Reads a pillar's observations as domain values.</summary>
public sealed class ObservationStore(PillarDb db)
{
    /// <summary>Every observation that touches <paramref name="span"/>.</summary>
    public async Task<IReadOnlyList<Observation>> ReadAsync(Period span, CancellationToken ct = default)
    {
        var from = span.From.FirstDay;
        var to = span.To.FirstDay;
        var rows = await db.Observations.AsNoTracking()
            .Where(o => o.From <= to && o.To >= from)
            .Select(o => new { o.Indicator, o.From, o.To, o.Value, o.Reported })
            .ToListAsync(ct);
        return rows.Select(o => new Observation(o.Indicator, new Period(Month.Of(o.From), Month.Of(o.To)), o.Value, o.Reported)).ToList();
    }

    /// <summary>
    /// The calculator for a reporting period: every window its tables print, from the earliest month they reach. The
    /// measured indicators' months are counted from the records; of one district (1 to 7) when given, and then the
    /// imported figures, which are the whole force's, are left out.
    /// </summary>
    public async Task<FigureCalculator> CalculatorAsync(Catalogue catalogue, ReportingPeriod period, int? district = null, CancellationToken ct = default)
    {
        var months = catalogue.Tables.Select(t => t.Months).Concat(catalogue.Charts.Select(c => c.Months)).Append(12).Max();
        var earliest = new[] { period.Earliest, period.End.Plus(1 - months) }.Min();
        var span = new Period(earliest, period.End);
        var imported = district is null ? (await ReadAsync(span, ct)).Where(o => catalogue.Find(o.Indicator)?.Measure is null) : [];
        return new FigureCalculator(catalogue, imported.Concat(await RecordFigures.MonthlyAsync(db, catalogue, span, district, ct)));
    }
}
