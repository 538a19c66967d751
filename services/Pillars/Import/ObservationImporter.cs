using System.Data;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PlanServices.Contracts.Events;
using PlanServices.Eventing;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;

namespace PlanServices.Pillars.Import;

public enum ImportStage { Reading, Checking, Writing, Done }

public readonly record struct ImportProgress(ImportStage Stage, int Done, int Total);

/// <summary>A stored value an import replaces (or, in a dry run, would replace).</summary>
public sealed record Revision(string Indicator, Period Period, decimal Old, decimal New, bool Reported = false);

/// <summary>
/// What an accepted import did (or, in a dry run, would do), with the figures of each kind in the order received. A file
/// already imported adds nothing, revises nothing.
/// </summary>
public sealed record ImportResult(string Source, int Rows, int Added, int Revised, int Unchanged)
{
    public IReadOnlyList<Observation> Additions { get; init; } = [];
    public IReadOnlyList<Revision> Revisions { get; init; } = [];
    public IReadOnlyList<Observation> Repeats { get; init; } = [];

    public bool ChangedSomething => Added + Revised > 0;
    public override string ToString() =>
        $"{Source}: {Rows:N0} rows, {Added:N0} added, {Revised:N0} revised, {Unchanged:N0} unchanged";
}

/// <summary>A rejected file: nothing of it was written. Each error names the line and the rule broken.</summary>
public sealed class ImportRejectedException(string source, IReadOnlyList<Violation> errors)
    : RefusedException(Refusal.Invalid, errors, $"{source} was rejected, nothing was imported ({errors.Count:N0} error{(errors.Count == 1 ? "" : "s")})")
{
    /// <summary>The file or batch that was rejected.</summary>
    public string Input { get; } = source;
}

/// <summary>An observation as a caller sends it: the texts and value as given, checked on import.</summary>
public sealed record SentObservation(string Indicator, string From, string To, double Value, bool Reported);

/// <summary>
/// Imports an observations file into a pillar's store, all or nothing. Beyond the per-row rules of
/// <see cref="ObservationFile"/> it refuses: figures of an indicator counted from records, two rows for one indicator, period and kind with different values,
/// observed periods of one indicator that overlap (in the file or with what is stored), a rate's numerator
/// above its denominator for the same period, and a reported value that disagrees, at its printed precision, with
/// what the observations give for the same window. A row equal to what is stored changes nothing; a row with
/// a new value for a stored period is a revision, recorded with the old value.
/// </summary>
public sealed class ObservationImporter(PillarDb db, Catalogue catalogue, TimeProvider clock)
{
    public async Task<ImportResult> ImportAsync(Stream content, string source,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        await ImportFileAsync("file.csv", await ReadAllAsync(content, ct), source, dryRun: false, progress, ct);

    /// <summary>
    /// Imports a file as analysts keep it, by its name: CSV (<see cref="ObservationFile"/>) or Excel (.xlsx,
    /// <see cref="SpreadsheetFile"/>). With <paramref name="dryRun"/> it checks everything and says what it would do,
    /// and writes nothing.
    /// </summary>
    public async Task<ImportResult> ImportFileAsync(string fileName, byte[] bytes, string source, bool dryRun,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        var errors = new List<Violation>();
        List<ObservationLine> lines;
        if (!fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
            throw new ImportRejectedException(source, [new("", $"'{fileName}' is neither a CSV (.csv) nor an Excel workbook (.xlsx)")]);
        if (bytes.Length == 0) throw new ImportRejectedException(source, [new("", ObservationFile.Empty)]);
        if (fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)) lines = SpreadsheetFile.Read(bytes, catalogue, errors);
        else
        {
            // UTF-8, with or without the byte-order mark Excel writes ("CSV UTF-8").
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var totalLines = CountLines(bytes);
            lines = ObservationFile.Read(reader, catalogue, errors, n => progress?.Report(new ImportProgress(ImportStage.Reading, n, totalLines)));
        }
        if (errors.Count == 0 && lines.Count == 0) errors.Add(new("", ObservationFile.NoRows));
        return await ImportAsync(lines, errors, source, Convert.ToHexStringLower(SHA256.HashData(bytes)), progress, ct, dryRun);
    }

    /// <summary>
    /// Imports observations sent one by one (over the API, as a batch or a stream): each is checked as a file's row would
    /// be, named <c>observations[i]</c>; the batch's digest (for an idempotent repeat) is made from them as received.
    /// </summary>
    public Task<ImportResult> ImportSentAsync(IReadOnlyList<SentObservation> sent, string source, CancellationToken ct = default)
    {
        var errors = new List<Violation>();
        var lines = new List<ObservationLine>(sent.Count);
        var digest = new StringBuilder();
        for (var i = 0; i < sent.Count; i++)
        {
            var o = sent[i];
            if (!double.IsFinite(o.Value))
            {
                errors.Add(new($"observations[{i}].value", $"{o.Value} is not a number"));
                continue;
            }
            var value = Math.Round((decimal)o.Value, 6);
            var kind = o.Reported ? ObservationFile.Reported : "";
            if (ObservationFile.Check(i, $"observations[{i}]", o.Indicator, o.From, o.To, value, kind, catalogue, errors) is { } line) lines.Add(line);
            digest.Append(System.Globalization.CultureInfo.InvariantCulture, $"{o.Indicator},{o.From},{o.To},{value},{kind}\n");
        }
        return ImportAsync(lines, errors, source, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(digest.ToString()))), ct: ct);
    }

    /// <summary>
    /// Imports observations already checked one by one (<see cref="ObservationFile.Check"/>), whose
    /// <paramref name="errors"/> so far reject the whole batch.
    /// </summary>
    public async Task<ImportResult> ImportAsync(IReadOnlyList<ObservationLine> lines, List<Violation> errors, string source,
        string digest, IProgress<ImportProgress>? progress = null, CancellationToken ct = default, bool dryRun = false)
    {
        foreach (var line in lines)
            if (catalogue[line.Observation.Indicator].Measure is { } measure)
                errors.Add(new(line.Where, $"indicator '{line.Observation.Indicator}' is counted from {measure.Records.ToString().ToLowerInvariant()} records (docs/records.md); it takes no figures: send the records"));
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        await db.LockAsync(ct);
        var indicators = lines.Select(l => l.Observation.Indicator).Distinct().ToList();
        var stored = await db.Observations.Where(o => indicators.Contains(o.Indicator)).ToListAsync(ct);
        progress?.Report(new ImportProgress(ImportStage.Checking, 0, lines.Count));

        var unique = Deduplicate(lines, errors);
        var observed = unique.Where(l => !l.Observation.Reported).ToList();
        var storedObserved = stored.Where(o => !o.Reported).ToList();
        CheckOverlaps(observed, storedObserved, errors);
        CheckRates(observed, storedObserved, errors);
        if (errors.Count == 0) await CheckReportedAsync(unique, errors, ct);
        if (errors.Count > 0) throw new ImportRejectedException(source, errors);

        var existing = stored.ToDictionary(o => (o.Indicator, o.From, o.To, o.Reported));
        var added = new List<Observation>();
        var revised = new List<(ObservationRow Row, decimal Value)>();
        var repeats = new List<Observation>();
        foreach (var o in unique.Select(l => l.Observation))
        {
            if (!existing.TryGetValue((o.Indicator, o.Period.From.FirstDay, o.Period.To.FirstDay, o.Reported), out var row)) added.Add(o);
            else if (row.Value != o.Value) revised.Add((row, o.Value));
            else repeats.Add(o);
        }

        var result = new ImportResult(source, unique.Count, added.Count, revised.Count, repeats.Count)
        {
            Additions = added,
            Revisions = revised.Select(r => new Revision(r.Row.Indicator, Span(r.Row), r.Row.Value, r.Value, r.Row.Reported)).ToList(),
            Repeats = repeats,
        };
        if (dryRun) return result;
        if (result.ChangedSomething)
        {
            progress?.Report(new ImportProgress(ImportStage.Writing, 0, added.Count + revised.Count));
            var import = new ImportRow
            {
                Source = source, Sha256 = digest, ImportedAt = clock.GetUtcNow(),
                Added = result.Added, Revised = result.Revised, Unchanged = result.Unchanged,
            };
            db.Imports.Add(import);
            var changed = added.Select(o => o.Period).Concat(revised.Select(r => new Period(Month.Of(r.Row.From), Month.Of(r.Row.To)))).ToList();
            db.Publish(Topics.FiguresChanged, new FiguresChanged(catalogue.Pillar, changed.Min(p => p.From).ToString(), changed.Max(p => p.To).ToString())
            {
                Source = source, Added = result.Added, Revised = result.Revised,
            });
            await db.SaveChangesAsync(ct);
            db.Observations.AddRange(added.Select(o => new ObservationRow
            {
                Indicator = o.Indicator, From = o.Period.From.FirstDay, To = o.Period.To.FirstDay, Value = o.Value, Reported = o.Reported, ImportId = import.Id,
            }));
            foreach (var (row, value) in revised)
            {
                db.Revisions.Add(new RevisionRow { ObservationId = row.Id, OldValue = row.Value, NewValue = value, ImportId = import.Id });
                row.Value = value;
                row.ImportId = import.Id;
            }
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        progress?.Report(new ImportProgress(ImportStage.Done, unique.Count, unique.Count));
        return result;
    }

    /// <summary>Identical repeated rows count once; the same indicator, period and kind with two values is an error.</summary>
    private static List<ObservationLine> Deduplicate(IReadOnlyList<ObservationLine> lines, List<Violation> errors)
    {
        var first = new Dictionary<(string, Period, bool), ObservationLine>();
        var unique = new List<ObservationLine>(lines.Count);
        foreach (var line in lines)
        {
            var key = (line.Observation.Indicator, line.Observation.Period, line.Observation.Reported);
            if (!first.TryGetValue(key, out var earlier)) { first[key] = line; unique.Add(line); }
            else if (earlier.Observation.Value != line.Observation.Value)
                errors.Add(new(line.Where, $"duplicates {earlier.Where} ({key.Indicator} {key.Period}) with a different value ({line.Observation.Value} vs {earlier.Observation.Value})"));
        }
        return unique;
    }

    /// <summary>Periods of one indicator may not overlap, in the file or with stored ones (except the same period, a revision).</summary>
    private static void CheckOverlaps(List<ObservationLine> lines, List<ObservationRow> stored, List<Violation> errors)
    {
        var storedByIndicator = stored.ToLookup(o => o.Indicator);
        foreach (var group in lines.GroupBy(l => l.Observation.Indicator))
        {
            var inFile = group.Select(l => l.Observation.Period).ToHashSet();
            var intervals = group.Select(l => (Period: l.Observation.Period, What: l.Where, Row: (ObservationLine?)l))
                .Concat(storedByIndicator[group.Key]
                    .Select(o => new Period(Month.Of(o.From), Month.Of(o.To)))
                    .Where(p => !inFile.Contains(p))
                    .Select(p => (Period: p, What: $"the stored observation {p}", Row: (ObservationLine?)null)))
                .OrderBy(x => x.Period.From).ToList();
            var reach = intervals[0];
            foreach (var next in intervals.Skip(1))
            {
                if (next.Period.From <= reach.Period.To)
                {
                    var (row, other) = next.Row is not null ? (next, reach) : (reach, next);
                    errors.Add(new(row.What, $"{group.Key} {row.Period} overlaps {other.What} ({other.Period}); periods of one indicator may not overlap"));
                }
                if (next.Period.To > reach.Period.To) reach = next;
            }
        }
    }

    /// <summary>A rate's numerator may not exceed its denominator for the same period.</summary>
    private void CheckRates(List<ObservationLine> lines, List<ObservationRow> stored, List<Violation> errors)
    {
        var values = stored.ToDictionary(o => (o.Indicator, new Period(Month.Of(o.From), Month.Of(o.To))), o => (o.Value, Row: (ObservationLine?)null));
        foreach (var line in lines)
            values[(line.Observation.Indicator, line.Observation.Period)] = (line.Observation.Value, line);

        foreach (var rate in catalogue.Indicators.Where(i => i is { Unit: Unit.Rate, IsRatio: true, MayExceedWhole: false }))
        {
            if (!catalogue[rate.Numerator!].IsStored || !catalogue[rate.Denominator!].IsStored) continue;
            foreach (var ((indicator, period), numerator) in values.Where(v => v.Key.Indicator == rate.Numerator))
            {
                if (!values.TryGetValue((rate.Denominator!, period), out var denominator)) continue;
                if (numerator.Value <= denominator.Value || (numerator.Row ?? denominator.Row) is not { } row) continue;
                errors.Add(new(row.Where, $"{indicator} {period} is {numerator.Value}, above {rate.Denominator} ({denominator.Value}); the numerator of '{rate.Id}' cannot exceed its denominator"));
            }
        }
    }

    /// <summary>
    /// A reported value may fill a window the observations do not cover, or agree with what they give there at the
    /// indicator's printed precision; anything else is a conflict, refused naming both figures. Checked for every
    /// reported value the import touches: its own, and the stored ones its observations now reach.
    /// </summary>
    private async Task CheckReportedAsync(List<ObservationLine> lines, List<Violation> errors, CancellationToken ct)
    {
        var storedReported = await db.Observations.AsNoTracking().Where(o => o.Reported).ToListAsync(ct);
        var incoming = lines.Select(l => l.Observation).ToList();
        if (storedReported.Count == 0 && !incoming.Any(o => o.Reported)) return;
        var replaced = incoming.ToHashSet(KeyOnly.Instance);

        var reported = storedReported.Select(r => (Figure: new Observation(r.Indicator, Span(r), r.Value, true), Where: $"the stored reported value"))
            .Where(r => !replaced.Contains(r.Figure))
            .Concat(lines.Where(l => l.Observation.Reported).Select(l => (Figure: l.Observation, l.Where)))
            .ToList();
        var involved = reported.SelectMany(r => Dependencies(r.Figure.Indicator)).ToHashSet();
        var storedObserved = await db.Observations.AsNoTracking().Where(o => involved.Contains(o.Indicator)).ToListAsync(ct);
        var figures = storedObserved.Select(o => new Observation(o.Indicator, Span(o), o.Value, o.Reported))
            .Where(o => !replaced.Contains(o))
            .Concat(incoming);
        var calculator = new FigureCalculator(catalogue, figures);
        foreach (var (figure, where) in reported)
        {
            var indicator = catalogue[figure.Indicator];
            var divisor = indicator.IsAdditive ? FigureCalculator.YearsAveraged(figure.Period) : 1;
            if (calculator.Derived(indicator, figure.Period, divisor) is not { } derived) continue;
            if (Display.Round(derived, indicator.Decimals) == Display.Round(figure.Value, indicator.Decimals)) continue;
            errors.Add(new(where, $"{figure.Indicator} {figure.Period} is reported as {Display.Value(indicator, figure.Value).Text}, but the observations give " +
                $"{Display.Value(indicator, derived).Text} for that window; a reported value may only fill a window the observations do not cover, " +
                "or agree with them as printed: correct one of them"));
        }
    }

    /// <summary>The indicator and everything its value is built from.</summary>
    private IEnumerable<string> Dependencies(string id)
    {
        var indicator = catalogue[id];
        return new[] { id }.Concat(new[] { indicator.Numerator, indicator.Denominator }.OfType<string>().Concat(indicator.SumOf).SelectMany(Dependencies));
    }

    private static Period Span(ObservationRow row) => new(Month.Of(row.From), Month.Of(row.To));

    /// <summary>Two figures of the same indicator, period and kind, whatever their values.</summary>
    private sealed class KeyOnly : IEqualityComparer<Observation>
    {
        public static readonly KeyOnly Instance = new();
        public bool Equals(Observation a, Observation b) => a.Indicator == b.Indicator && a.Period == b.Period && a.Reported == b.Reported;
        public int GetHashCode(Observation o) => HashCode.Combine(o.Indicator, o.Period, o.Reported);
    }

    private static async Task<byte[]> ReadAllAsync(Stream content, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    private static int CountLines(byte[] bytes) =>
        bytes.Count(b => b == (byte)'\n') + (bytes.Length > 0 && bytes[^1] != (byte)'\n' ? 1 : 0);
}
