using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;

namespace PlanServices.Pillars.Tables;

/// <summary>
/// A paper's computed tables and charts, per reporting period, for one data version: the latest import that changed a
/// figure. Any write (through this service or the import command in another process) makes a new version,
/// and every table of an older version is dropped at the next read.
/// </summary>
public sealed class TablesCache(Catalogue catalogue)
{
    private static readonly Func<PillarDb, CancellationToken, Task<long?>> LatestImport =
        EF.CompileAsyncQuery((PillarDb db, CancellationToken ct) => db.Imports.Max(i => (long?)i.Id));

    private volatile Entry _current = new(-1);

    /// <summary>The figures of a reporting period; of one district's records only (1 to 7) when given.</summary>
    public async Task<PaperFigures> GetAsync(PillarDb db, ReportingPeriod period, CancellationToken ct = default, int? district = null)
    {
        var version = await LatestImport(db, ct) ?? 0;
        var current = _current;
        if (current.Version != version) _current = current = new Entry(version);
        if (current.Tables.TryGetValue((period, district), out var figures)) return figures;
        var calculator = await new ObservationStore(db).CalculatorAsync(catalogue, period, district, ct);
        figures = new PaperFigures(new PaperTables(calculator).Build(period), new PaperCharts(calculator).Build(period), calculator);
        return current.Tables.GetOrAdd((period, district), figures);
    }

    private sealed record Entry(long Version)
    {
        public ConcurrentDictionary<(ReportingPeriod, int?), PaperFigures> Tables { get; } = new();
    }
}
