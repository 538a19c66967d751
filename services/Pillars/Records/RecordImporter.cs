using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using PlanServices.Contracts.Events;
using PlanServices.Eventing;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Import;

namespace PlanServices.Pillars.Records;

/// <summary>A cell of the record counts (<see cref="RecordCountRow"/>).</summary>
public readonly record struct CountCell(RecordKind Kind, RecordBasis Basis, int Month, string Code, CrimeFlags Flags, int District, bool Valued, string Outcome);

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
        await db.LockAsync(ct);
        var import = new ImportRow { Source = Clip(source, 400), Sha256 = "", ImportedAt = clock.GetUtcNow() };
        db.Imports.Add(import);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        var batch = new Batch(import.Id);
        await using var writer = new Writer(db, transaction);
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
                if (errors.Count == 0) Refuse(await WriteAsync(chunk, batch, writer, ct));
                chunk.Clear();
            }
        }
        if (chunk.Count > 0 && errors.Count == 0) Refuse(await WriteAsync(chunk, batch, writer, ct));

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
        await writer.CountAsync(batch.Counts, ct);
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
        /// <summary>
        /// The stored references this batch sent unchanged, as 64-bit hashes (8 bytes each, however long the reference):
        /// one coming again is checked against the stored content, so it may come again only as it was.
        /// </summary>
        public HashSet<ulong> UnchangedKeys { get; } = [];
        /// <summary>What the batch changes in the record counts, cell by cell: a few thousand at most, whatever its size.</summary>
        public Dictionary<CountCell, (long Count, long Sum)> Counts { get; } = [];

        /// <summary>Adds (<paramref name="sign"/> 1) or takes away (-1) a record's counts: where it was recorded and, of a crime, its outcome.</summary>
        public void Count(RecordEntry e, int sign)
        {
            if (e.Cancelled) return;
            Add(new(e.Kind, RecordBasis.Recorded, Month.Of(e.On).Index, e.Code, e.Flags, e.District, e.Value is not null, ""), sign, e.Value ?? 0);
            if (e.Outcome is { } outcome) Add(new(e.Kind, RecordBasis.Outcome, Month.Of(e.OutcomeOn!.Value).Index, e.Code, e.Flags, e.District, false, outcome), sign, 0);
        }

        private void Add(CountCell cell, int sign, long value)
        {
            var (count, sum) = Counts.GetValueOrDefault(cell);
            Counts[cell] = (count + sign, sum + sign * value);
        }
        public int? First;
        public int Last;

        public void Touch(int? month)
        {
            if (month is not { } m) return;
            First = First is { } f ? Math.Min(f, m) : m;
            Last = Math.Max(Last, m);
        }
    }

    /// <summary>
    /// Writes a chunk: every record is inserted unless its reference is stored already; only those are then read back
    /// and compared, to be left as they are, replaced, or refused as sent twice in this batch with other content.
    /// Returns the errors that refuse the batch.
    /// </summary>
    private async Task<List<Violation>> WriteAsync(List<(string Place, RecordEntry Entry)> chunk, Batch batch, Writer writer, CancellationToken ct)
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
        if (errors.Count > 0) return errors;

        var inserted = await writer.InsertAsync(fresh, batch.ImportId, ct);
        foreach (var entry in fresh.Where(e => inserted.Contains((e.Kind, e.Reference))))
        {
            if (entry.Kind == RecordKind.Crimes)
            {
                var offence = Rules.Offences[entry.Code];
                if (!catalogue.RecordScope.CountsCrime(offence.Group, entry.Flags))
                    errors.Add(new($"crime {entry.Reference}", RecordRules.NotCounted(offence, catalogue.RecordScope)));
            }
            TouchMonths(batch, entry);
            batch.Count(entry, +1);
        }
        batch.Received += inserted.Count;
        batch.Added += inserted.Count;

        foreach (var kind in fresh.Select(e => e.Kind).Distinct())
        {
            var existing = fresh.Where(e => e.Kind == kind && !inserted.Contains((kind, e.Reference))).ToList();
            if (existing.Count == 0) continue;
            var references = existing.Select(e => e.Reference).ToList();
            var stored = await Stored(db, kind, references).ToDictionaryAsync(r => r.Reference, ct);
            foreach (var entry in existing)
            {
                var row = stored[entry.Reference];
                var old = Entry(row);
                var seen = batch.UnchangedKeys.Contains(Key(entry));
                if (row.ImportId == batch.ImportId || seen) { if (old != entry) errors.Add(Twice(entry)); continue; }
                batch.Received++;
                if (old == entry) { batch.Unchanged++; batch.UnchangedKeys.Add(Key(entry)); continue; }
                batch.Revised++;
                TouchMonths(batch, old);
                TouchMonths(batch, entry);
                batch.Count(old, -1);
                batch.Count(entry, +1);
                if (errors.Count == 0) await ReplaceAsync(row.Id, entry, batch.ImportId, ct);
            }
        }
        return errors;
    }

    /// <summary>
    /// The stored records of a chunk's references. A chunk's 4,000 references are more than SQL Server's 2,100 parameters:
    /// EF Core sends them there as one JSON parameter (OPENJSON), on PostgreSQL as one array, on SQLite as parameters
    /// within its limit of 32,766.
    /// </summary>
    public static IQueryable<RecordRow> Stored(PillarDb db, RecordKind kind, IReadOnlyList<string> references) =>
        db.Records.AsNoTracking().Where(r => r.Kind == kind && references.Contains(r.Reference));

    /// <summary>A record's kind and reference as a 64-bit FNV-1a hash.</summary>
    private static ulong Key(RecordEntry entry)
    {
        var hash = 14695981039346656037UL ^ (ulong)entry.Kind;
        foreach (var c in entry.Reference) hash = (hash ^ c) * 1099511628211UL;
        return hash;
    }

    private static Violation Twice(RecordEntry entry) =>
        new($"{RecordNames.Singular(entry.Kind)} {entry.Reference}", "sent twice in this batch with different content; send each record once, as it now stands");

    /// <summary>The months a record counts in: recorded, and of a crime's outcome; a cancelled crime counts in none.</summary>
    private static void TouchMonths(Batch batch, RecordEntry entry)
    {
        if (entry.Cancelled) return;
        batch.Touch(Month.Of(entry.On).Index);
        if (entry.OutcomeOn is { } outcome) batch.Touch(Month.Of(outcome).Index);
    }

    private Task ReplaceAsync(long id, RecordEntry e, long importId, CancellationToken ct) =>
        db.Records.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.On, e.On).SetProperty(r => r.Month, Month.Of(e.On).Index).SetProperty(r => r.Code, e.Code)
            .SetProperty(r => r.Flags, e.Flags).SetProperty(r => r.District, e.District).SetProperty(r => r.Outcome, e.Outcome)
            .SetProperty(r => r.OutcomeOn, e.OutcomeOn).SetProperty(r => r.OutcomeMonth, e.OutcomeOn == null ? null : Month.Of(e.OutcomeOn.Value).Index)
            .SetProperty(r => r.Value, e.Value).SetProperty(r => r.Cancelled, e.Cancelled).SetProperty(r => r.ImportId, importId), ct);

    /// <summary>
    /// Inserts new records through EF Core's own connection and transaction, with the model's table, column names and type
    /// mappings, skipping any whose kind and reference are stored already, and says which it inserted. On SQLite one
    /// prepared statement is reused, a row at a time (its fastest way, as Microsoft.Data.Sqlite's bulk-insert example
    /// does); on SQL Server <see cref="RowsPerStatement"/> rows at a time; PostgreSQL copies each chunk in. The change
    /// tracker is not used: it would hold every row of a million-record stream.
    /// </summary>
    private sealed class Writer(PillarDb db, IDbContextTransaction transaction) : IAsyncDisposable
    {
        /// <summary>Rows a statement: within SQL Server's limit of 2,100 parameters a statement.</summary>
        private const int RowsPerStatement = 100;

        private readonly List<IProperty> _columns = [.. db.Model.FindEntityType(typeof(RecordRow))!.GetProperties().Where(p => p.Name != nameof(RecordRow.Id))];
        private readonly Dictionary<int, DbCommand> _commands = [];
        private readonly int _rows = db.Database.IsSqlite() ? 1 : RowsPerStatement;

        public async Task<HashSet<(RecordKind, string)>> InsertAsync(List<RecordEntry> entries, long importId, CancellationToken ct)
        {
            if (db.Database.IsNpgsql()) return await CopyAsync(entries, importId, ct);
            var inserted = new HashSet<(RecordKind, string)>();
            foreach (var rows in entries.Chunk(_rows))
            {
                var command = Command(rows.Length);
                for (var r = 0; r < rows.Length; r++)
                    for (var c = 0; c < _columns.Count; c++)
                        command.Parameters[r * _columns.Count + c].Value = _values[c](rows[r], importId) ?? DBNull.Value;
                if (rows.Length == 1)
                {
                    // One row (SQLite, whose driver runs every call synchronously): the count of rows inserted says whether it was.
                    if (command.ExecuteNonQuery() == 1) inserted.Add((rows[0].Kind, rows[0].Reference));
                    continue;
                }
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) inserted.Add(((RecordKind)reader.GetInt32(0), reader.GetString(1)));
            }
            return inserted;
        }

        private bool _staged;

        /// <summary>
        /// PostgreSQL: the chunk is copied (binary COPY, its fastest load) into a temporary table of the records' columns,
        /// dropped at commit, and inserted from there, skipping those stored already.
        /// </summary>
        private async Task<HashSet<(RecordKind, string)>> CopyAsync(List<RecordEntry> entries, long importId, CancellationToken ct)
        {
            var (name, columns, kind, reference) = Names();
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            if (!_staged)
            {
                await Execute($"CREATE TEMPORARY TABLE record_chunk ON COMMIT DROP AS SELECT {columns} FROM {name} WITH NO DATA");
                _staged = true;
            }
            else await Execute("TRUNCATE record_chunk");
            await using (var copy = await connection.BeginBinaryImportAsync($"COPY record_chunk ({columns}) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var entry in entries)
                {
                    await copy.StartRowAsync(ct);
                    foreach (var value in _values)
                        if (value(entry, importId) is { } v) await copy.WriteAsync(v, ct);
                        else await copy.WriteNullAsync(ct);
                }
                await copy.CompleteAsync(ct);
            }
            var inserted = new HashSet<(RecordKind, string)>();
            await using var insert = Create($"INSERT INTO {name} ({columns}) SELECT {columns} FROM record_chunk ON CONFLICT ({kind}, {reference}) DO NOTHING RETURNING {kind}, {reference}");
            await using var reader = await insert.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) inserted.Add(((RecordKind)reader.GetInt32(0), reader.GetString(1)));
            return inserted;

            async Task Execute(string text)
            {
                await using var command = Create(text);
                await command.ExecuteNonQueryAsync(ct);
            }
        }

        private DbCommand Create(string text)
        {
            var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction.GetDbTransaction();
            command.CommandText = text;
            return command;
        }

        /// <summary>The records table and its columns as the model names them, delimited: the table, the inserted columns, kind and reference.</summary>
        private (string Table, string Columns, string Kind, string Reference) Names()
        {
            var table = db.Model.FindEntityType(typeof(RecordRow))!;
            var store = StoreObjectIdentifier.Table(table.GetTableName()!, table.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            string Column(string property) => sql.DelimitIdentifier(table.FindProperty(property)!.GetColumnName(store)!);
            return (sql.DelimitIdentifier(store.Name, store.Schema), string.Join(", ", _columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(store)!))),
                Column(nameof(RecordRow.Kind)), Column(nameof(RecordRow.Reference)));
        }

        /// <summary>Each column's value of a record as the provider stores it (through the model's converter, if any).</summary>
        private readonly Func<RecordEntry, long, object?>[] _values = [.. db.Model.FindEntityType(typeof(RecordRow))!.GetProperties()
            .Where(p => p.Name != nameof(RecordRow.Id))
            .Select(p =>
            {
                Func<RecordEntry, long, object?> get = p.Name switch
                {
                    nameof(RecordRow.Kind) => (e, _) => e.Kind,
                    nameof(RecordRow.Reference) => (e, _) => e.Reference,
                    nameof(RecordRow.On) => (e, _) => e.On,
                    nameof(RecordRow.Month) => (e, _) => Month.Of(e.On).Index,
                    nameof(RecordRow.Code) => (e, _) => e.Code,
                    nameof(RecordRow.Flags) => (e, _) => e.Flags,
                    nameof(RecordRow.District) => (e, _) => e.District,
                    nameof(RecordRow.Outcome) => (e, _) => e.Outcome,
                    nameof(RecordRow.OutcomeOn) => (e, _) => e.OutcomeOn,
                    nameof(RecordRow.OutcomeMonth) => (e, _) => e.OutcomeOn is { } o ? Month.Of(o).Index : null,
                    nameof(RecordRow.Value) => (e, _) => e.Value,
                    nameof(RecordRow.Cancelled) => (e, _) => e.Cancelled,
                    nameof(RecordRow.ImportId) => (_, import) => import,
                    _ => throw new InvalidOperationException($"records.{p.Name} has no value here"),
                };
                return p.GetRelationalTypeMapping().Converter is { } converter
                    ? (e, import) => get(e, import) is { } value ? converter.ConvertToProvider(value) : null
                    : get;
            })];

        /// <summary>The prepared INSERT for <paramref name="rows"/> rows; of several, returning the kind and reference of each it inserted.</summary>
        private DbCommand Command(int rows)
        {
            if (_commands.TryGetValue(rows, out var command)) return command;
            var (name, columns, kind, reference) = Names();
            var sql = db.GetService<ISqlGenerationHelper>();
            command = Create("");
            var values = new StringBuilder();
            for (var r = 0; r < rows; r++)
            {
                values.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < _columns.Count; c++)
                {
                    var parameter = $"p{r}_{c}";
                    values.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(parameter));
                    command.Parameters.Add(_columns[c].GetRelationalTypeMapping().CreateParameter(command, sql.GenerateParameterName(parameter), null, _columns[c].IsNullable));
                }
                values.Append(')');
            }
            command.CommandText = db.Database.IsSqlServer()
                ? $"INSERT INTO {name} ({columns}) OUTPUT INSERTED.{kind}, INSERTED.{reference} SELECT * FROM (VALUES {values}) AS v ({columns}) " +
                  $"WHERE NOT EXISTS (SELECT 1 FROM {name} AS t WHERE t.{kind} = v.{kind} AND t.{reference} = v.{reference})"
                : $"INSERT INTO {name} ({columns}) VALUES {values} ON CONFLICT ({kind}, {reference}) DO NOTHING" + (rows == 1 ? "" : $" RETURNING {kind}, {reference}");
            // A single row says by its count whether it was inserted; RETURNING would cost SQLite several times the insert.
            command.Prepare();
            return _commands[rows] = command;
        }

        /// <summary>Adds the batch's changes to the record counts, a prepared upsert per cell changed.</summary>
        public async Task CountAsync(Dictionary<CountCell, (long Count, long Sum)> changes, CancellationToken ct)
        {
            if (_upsert is null)
            {
                var table = db.Model.FindEntityType(typeof(RecordCountRow))!;
                var store = StoreObjectIdentifier.Table(table.GetTableName()!, table.GetSchema());
                var sql = db.GetService<ISqlGenerationHelper>();
                var properties = table.GetProperties().Where(p => p.Name != nameof(RecordCountRow.Id)).ToList();
                string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(store)!);
                var (name, columns) = (sql.DelimitIdentifier(store.Name, store.Schema), string.Join(", ", properties.Select(Column)));
                var keys = properties.Where(p => p.Name is not (nameof(RecordCountRow.Count) or nameof(RecordCountRow.Sum))).ToList();
                var (count, sum) = (Column(table.FindProperty(nameof(RecordCountRow.Count))!), Column(table.FindProperty(nameof(RecordCountRow.Sum))!));
                _upsert = db.Database.GetDbConnection().CreateCommand();
                _upsert.Transaction = transaction.GetDbTransaction();
                var values = string.Join(", ", properties.Select((p, i) =>
                {
                    _upsert.Parameters.Add(p.GetRelationalTypeMapping().CreateParameter(_upsert, sql.GenerateParameterName($"c{i}"), null, p.IsNullable));
                    return sql.GenerateParameterNamePlaceholder($"c{i}");
                }));
                _upsert.CommandText = db.Database.IsSqlServer()
                    ? $"MERGE INTO {name} AS t USING (VALUES ({values})) AS v ({columns}) ON {string.Join(" AND ", keys.Select(k => $"t.{Column(k)} = v.{Column(k)}"))} " +
                      $"WHEN MATCHED THEN UPDATE SET {count} = t.{count} + v.{count}, {sum} = t.{sum} + v.{sum} " +
                      $"WHEN NOT MATCHED THEN INSERT ({columns}) VALUES ({string.Join(", ", properties.Select(p => $"v.{Column(p)}"))});"
                    : $"INSERT INTO {name} ({columns}) VALUES ({values}) ON CONFLICT ({string.Join(", ", keys.Select(Column))}) " +
                      $"DO UPDATE SET {count} = {name}.{count} + excluded.{count}, {sum} = {name}.{sum} + excluded.{sum}";
                _upsert.Prepare();
                _cellValues = [.. properties.Select(p => CellValue(p))];
            }
            foreach (var (cell, (count, sum)) in changes)
            {
                if (count == 0 && sum == 0) continue;
                for (var i = 0; i < _cellValues!.Length; i++) _upsert.Parameters[i].Value = _cellValues[i](cell, count, sum);
                await _upsert.ExecuteNonQueryAsync(ct);
            }
        }

        private DbCommand? _upsert;
        private Func<CountCell, long, long, object>[]? _cellValues;

        private static Func<CountCell, long, long, object> CellValue(IProperty p)
        {
            Func<CountCell, long, long, object> get = p.Name switch
            {
                nameof(RecordCountRow.Kind) => (c, _, _) => c.Kind,
                nameof(RecordCountRow.Basis) => (c, _, _) => c.Basis,
                nameof(RecordCountRow.Month) => (c, _, _) => c.Month,
                nameof(RecordCountRow.Code) => (c, _, _) => c.Code,
                nameof(RecordCountRow.Flags) => (c, _, _) => c.Flags,
                nameof(RecordCountRow.District) => (c, _, _) => c.District,
                nameof(RecordCountRow.Valued) => (c, _, _) => c.Valued,
                nameof(RecordCountRow.Outcome) => (c, _, _) => c.Outcome,
                nameof(RecordCountRow.Count) => (_, count, _) => count,
                nameof(RecordCountRow.Sum) => (_, _, sum) => sum,
                _ => throw new InvalidOperationException($"record_counts.{p.Name} has no value here"),
            };
            return p.GetRelationalTypeMapping().Converter is { } converter ? (c, n, s) => converter.ConvertToProvider(get(c, n, s))! : get;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in _commands.Values) await command.DisposeAsync();
            if (_upsert is not null) await _upsert.DisposeAsync();
        }
    }

    public static RecordEntry Entry(RecordRow r) =>
        new(r.Kind, r.Reference, r.On, r.Code, r.Flags, r.District, r.Outcome, r.OutcomeOn, r.Value, r.Cancelled);

    private static string Canonical(RecordEntry e) => string.Create(CultureInfo.InvariantCulture,
        $"{e.Kind}|{e.Reference}|{e.On:yyyy-MM-dd}|{e.Code}|{(int)e.Flags}|{e.District}|{e.Outcome}|{e.OutcomeOn:yyyy-MM-dd}|{e.Value}|{e.Cancelled}\n");

    private static int Whole(long count) => (int)Math.Min(count, int.MaxValue);

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
