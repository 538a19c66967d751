using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using PlanServices.Contracts.Events;
using PlanServices.Eventing;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Import;

namespace PlanServices.Pillars.Records;

/// <summary>What an accepted batch of records did (or, in a dry run, would do). <see cref="Changed"/> spans the months whose figures it changed.</summary>
public sealed record RecordReceipt(string Source, long Received, long Added, long Revised, long Unchanged, Period? Changed)
{
    /// <summary>The kinds of record received, in words: "crime", "call and crime".</summary>
    public string Kind { get; init; } = "";

    public override string ToString() =>
        $"{Source}: {Received:N0} records, {Added:N0} added, {Revised:N0} revised, {Unchanged:N0} unchanged" +
        (Changed is { } months ? $"; figures changed in {months}" : "");
}

/// <summary>
/// Stores a batch of records, all or nothing (docs/records.md, "The batch rule"): one call, a stream or a file, is one
/// transaction, read and written a chunk at a time so that memory stays flat whatever the volume. A record is keyed by
/// its kind and reference: unchanged it changes nothing; with new content it replaces the stored one. Within a batch a
/// reference may come again only with the same content. Any broken rule refuses the whole batch, listing the first
/// <see cref="RefusedException.MaxListed"/> errors and counting the rest.
/// </summary>
public sealed class RecordImporter(PillarDb db, Catalogue catalogue, TimeProvider clock)
{
    /// <summary>Records read, checked and written together.</summary>
    public const int Chunk = 4000;

    public CountingRules Rules { get; init; } = CountingRules.Default;

    /// <summary>A record file (<see cref="RecordFile"/>), CSV or Excel, as one batch.</summary>
    public Task<RecordReceipt> ImportFileAsync(string fileName, Stream content, string source, bool dryRun = false, CancellationToken ct = default) =>
        ImportAsync(RecordFile.Read(fileName, content, ct), source, ct, dryRun);

    /// <summary>Stores the records as one batch; with <paramref name="dryRun"/> checks and counts everything, and writes nothing.</summary>
    public async Task<RecordReceipt> ImportAsync(IAsyncEnumerable<(string Place, SentRecord Record)> records, string source,
        CancellationToken ct = default, bool dryRun = false)
    {
        var errors = new List<Violation>();
        long refusedBeyondListing = 0;
        void Refuse(IEnumerable<Violation> found)
        {
            foreach (var violation in found)
                if (errors.Count < RefusedException.MaxListed) errors.Add(violation);
                else refusedBeyondListing++;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var import = new ImportRow { Source = Clip(source, 400), Sha256 = "", ImportedAt = clock.GetUtcNow() };
        db.Imports.Add(import);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        var batch = new Batch(import.Id);
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new List<(string Place, RecordEntry Entry)>(Chunk);
        var found = new List<Violation>();
        await foreach (var (place, sent) in records.WithCancellation(ct))
        {
            found.Clear();
            if (RecordRules.Check(sent, place, catalogue.RecordScope, Rules, found) is { } entry)
            {
                batch.Kinds.Add(entry.Kind);
                chunk.Add((place, entry));
                digest.AppendData(Encoding.UTF8.GetBytes(Canonical(entry)));
            }
            Refuse(found);
            if (chunk.Count == Chunk)
            {
                if (errors.Count == 0) Refuse(await WriteAsync(chunk, batch, transaction, ct));
                chunk.Clear();
            }
        }
        if (chunk.Count > 0 && errors.Count == 0) Refuse(await WriteAsync(chunk, batch, transaction, ct));

        if (errors.Count > 0)
        {
            if (refusedBeyondListing > 0) errors.Add(new("", $"… and {refusedBeyondListing:N0} more errors"));
            throw new ImportRejectedException(source, errors);
        }
        var receipt = new RecordReceipt(source, batch.Received, batch.Added, batch.Revised, batch.Unchanged,
            batch.First is { } first ? new Period(Month.FromIndex(first), Month.FromIndex(batch.Last)) : null)
        {
            Kind = string.Join(" and ", batch.Kinds.Select(RecordNames.Singular).Order()),
        };
        // Nothing to write, or a dry run: the transaction rolls back, leaving no import.
        if (receipt.Changed is not { } changed || dryRun) return receipt;

        import.Sha256 = Convert.ToHexStringLower(digest.GetHashAndReset());
        import.Added = Whole(batch.Added);
        import.Revised = Whole(batch.Revised);
        import.Unchanged = Whole(batch.Unchanged);
        db.Imports.Update(import);
        db.Publish(Topics.FiguresChanged, new FiguresChanged(catalogue.Pillar, changed.From.ToString(), changed.To.ToString())
        {
            Source = source, Added = import.Added, Revised = import.Revised,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return receipt;
    }

    private sealed class Batch(long importId)
    {
        public long ImportId { get; } = importId;
        public long Received, Added, Revised, Unchanged;
        public HashSet<RecordKind> Kinds { get; } = [];
        public int? First;
        public int Last;

        public void Touch(int? month)
        {
            if (month is not { } m) return;
            First = First is { } f ? Math.Min(f, m) : m;
            Last = Math.Max(Last, m);
        }
    }

    /// <summary>Writes a chunk: new references inserted, changed ones replaced; returns the errors that refuse the batch.</summary>
    private async Task<List<Violation>> WriteAsync(List<(string Place, RecordEntry Entry)> chunk, Batch batch, IDbContextTransaction transaction, CancellationToken ct)
    {
        var errors = new List<Violation>();
        var inChunk = new Dictionary<(RecordKind, string), RecordEntry>();
        var fresh = new List<RecordEntry>(chunk.Count);
        foreach (var (_, entry) in chunk)
        {
            var key = (entry.Kind, entry.Reference);
            if (!inChunk.TryGetValue(key, out var earlier)) { inChunk[key] = entry; fresh.Add(entry); }
            else if (earlier != entry) errors.Add(Twice(entry));
        }

        var inserts = new List<RecordEntry>();
        foreach (var kind in fresh.Select(e => e.Kind).Distinct())
        {
            var references = fresh.Where(e => e.Kind == kind).Select(e => e.Reference).ToList();
            var stored = await db.Records.AsNoTracking().Where(r => r.Kind == kind && references.Contains(r.Reference)).ToDictionaryAsync(r => r.Reference, ct);
            foreach (var entry in fresh.Where(e => e.Kind == kind))
            {
                if (!stored.TryGetValue(entry.Reference, out var row)) { inserts.Add(entry); continue; }
                var old = Entry(row);
                if (row.ImportId == batch.ImportId) { if (old != entry) errors.Add(Twice(entry)); continue; }
                batch.Received++;
                if (old == entry) { batch.Unchanged++; continue; }
                batch.Revised++;
                TouchMonths(batch, old);
                TouchMonths(batch, entry);
                if (errors.Count == 0) await ReplaceAsync(row.Id, entry, batch.ImportId, ct);
            }
        }
        if (errors.Count > 0) return errors;
        foreach (var entry in inserts) TouchMonths(batch, entry);
        batch.Received += inserts.Count;
        batch.Added += inserts.Count;
        await InsertAsync(inserts, batch.ImportId, transaction, ct);
        return errors;
    }

    private static Violation Twice(RecordEntry entry) =>
        new($"{RecordNames.Singular(entry.Kind)} {entry.Reference}", "sent twice in this batch with different content; send each record once, as it now stands");

    /// <summary>The months a record counts in: recorded, and of a crime's outcome (a cancelled crime counted there before).</summary>
    private static void TouchMonths(Batch batch, RecordEntry entry)
    {
        batch.Touch(Month.Of(entry.On).Index);
        if (entry.OutcomeOn is { } outcome) batch.Touch(Month.Of(outcome).Index);
    }

    private Task ReplaceAsync(long id, RecordEntry e, long importId, CancellationToken ct) =>
        db.Records.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.On, e.On).SetProperty(r => r.Month, Month.Of(e.On).Index).SetProperty(r => r.Code, e.Code)
            .SetProperty(r => r.Flags, e.Flags).SetProperty(r => r.District, e.District).SetProperty(r => r.Outcome, e.Outcome)
            .SetProperty(r => r.OutcomeOn, e.OutcomeOn).SetProperty(r => r.OutcomeMonth, e.OutcomeOn == null ? null : Month.Of(e.OutcomeOn.Value).Index)
            .SetProperty(r => r.Value, e.Value).SetProperty(r => r.Cancelled, e.Cancelled).SetProperty(r => r.ImportId, importId), ct);

    /// <summary>Rows per INSERT statement: within every provider's limit on parameters (SQL Server's 2,100).</summary>
    private const int RowsPerStatement = 150;

    /// <summary>
    /// New records as multi-row INSERTs through EF Core's own connection, transaction, column names and type mappings:
    /// the change tracker would hold every row of a million-record stream and cost several times the insert itself.
    /// </summary>
    private async Task InsertAsync(List<RecordEntry> entries, long importId, IDbContextTransaction transaction, CancellationToken ct)
    {
        if (entries.Count == 0) return;
        var table = db.Model.FindEntityType(typeof(RecordRow))!;
        var store = StoreObjectIdentifier.Table(table.GetTableName()!, table.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = table.GetProperties().Where(p => p.Name != nameof(RecordRow.Id)).ToList();
        var into = $"INSERT INTO {sql.DelimitIdentifier(store.Name, store.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(store)!)))}) VALUES ";
        var connection = db.Database.GetDbConnection();
        foreach (var rows in entries.Chunk(RowsPerStatement))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction.GetDbTransaction();
            var text = new StringBuilder(into);
            for (var r = 0; r < rows.Length; r++)
            {
                var row = Row(rows[r], importId);
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    var name = $"p{r}_{c}";
                    text.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                    var mapping = columns[c].GetRelationalTypeMapping();
                    var value = columns[c].PropertyInfo!.GetValue(row);
                    if (mapping.Converter is { } converter && value is not null) value = converter.ConvertToProvider(value);
                    command.Parameters.Add(mapping.CreateParameter(command, sql.GenerateParameterName(name), value, columns[c].IsNullable));
                }
                text.Append(')');
            }
            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static RecordRow Row(RecordEntry e, long importId) => new()
    {
        Kind = e.Kind, Reference = e.Reference, On = e.On, Month = Month.Of(e.On).Index, Code = e.Code, Flags = e.Flags,
        District = e.District, Outcome = e.Outcome, OutcomeOn = e.OutcomeOn,
        OutcomeMonth = e.OutcomeOn is { } o ? Month.Of(o).Index : null, Value = e.Value, Cancelled = e.Cancelled, ImportId = importId,
    };

    public static RecordEntry Entry(RecordRow r) =>
        new(r.Kind, r.Reference, r.On, r.Code, r.Flags, r.District, r.Outcome, r.OutcomeOn, r.Value, r.Cancelled);

    private static string Canonical(RecordEntry e) => string.Create(CultureInfo.InvariantCulture,
        $"{e.Kind}|{e.Reference}|{e.On:yyyy-MM-dd}|{e.Code}|{(int)e.Flags}|{e.District}|{e.Outcome}|{e.OutcomeOn:yyyy-MM-dd}|{e.Value}|{e.Cancelled}\n");

    private static int Whole(long count) => (int)Math.Min(count, int.MaxValue);

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
