using System.Data.Common;
using System.Diagnostics;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Npgsql;
using Plan.Pillar.V1;
using Plan.Records.V1;

namespace PlanServices.Benchmarks;

/// <summary>
/// The record API in one run (docs/records.md): records/s streamed over gRPC into the Preventing Crime service on SQLite and
/// on PostgreSQL, each beside a bare batched insert of the same rows into the same engine; the service's memory while
/// streaming; a paper's tables from a million stored crime records, cold and cached.
/// </summary>
public static class RecordsRun
{
    public static async Task RunAsync(string configuration, int count)
    {
        await using var postgres = new Testing.PostgresServer();
        await postgres.InitializeAsync();
        var processes = new List<Process>();
        try
        {
            foreach (var (engine, settings) in new[]
            {
                ("SQLite", Array.Empty<string>()),
                ("PostgreSQL", new[] { "--Storage:Provider=Postgres", $"--ConnectionStrings:preventing-crime={await postgres.CreateDatabaseAsync()}" }),
            })
            {
                var (process, _, grpc) = await Processes.StartServiceAsync("services/PreventingCrime", configuration, settings);
                processes.Add(process);
                var channel = Processes.Channel(grpc);
                var records = new RecordService.RecordServiceClient(channel);
                await SendAsync(records, Crimes(0, 10_000)); // warm: connection, JIT, the service's first batch

                var (receipt, seconds, peak) = await MeasureAsync(process, () => SendAsync(records, Crimes(10_000, count)));
                var bare = await BareInsertAsync(engine, engine == "SQLite" ? null : await postgres.CreateDatabaseAsync(), count);
                Console.WriteLine($"{engine}: {receipt.Added:N0} crime records streamed over gRPC in {seconds:N1} s = {receipt.Added / seconds:N0} records/s; " +
                    $"bare batched insert of the same rows {bare:N0} rows/s; ratio {receipt.Added / seconds / bare:N2}x (goal ≥ 50,000/s and ≥ 0.5x); " +
                    $"service working set peak {peak / 1024 / 1024:N0} MiB");

                var pillar = new PillarService.PillarServiceClient(channel);
                var clock = Stopwatch.StartNew();
                await pillar.GetTablesAsync(new GetTablesRequest { PeriodEnd = "2014-12" });
                var cold = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                await pillar.GetTablesAsync(new GetTablesRequest { PeriodEnd = "2014-12" });
                Console.WriteLine($"{engine}: a paper's tables (quarter to December 2014) over {count + 10_000:N0} stored crime records: cold {cold:N0} ms (goal ≤ 1,000), cached {clock.Elapsed.TotalMilliseconds:N1} ms");
                process.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            foreach (var process in processes.Where(p => !p.HasExited)) process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Crimes <paramref name="from"/> to from + count of 2010 to 2014 (no sample month), as a record system sends them.</summary>
    private static IEnumerable<CrimeRecord> Crimes(int from, int count)
    {
        string[] offences = ["28E", "28F", "39", "34B", "45", "48"];
        for (var i = from; i < from + count; i++)
        {
            var day = new DateOnly(2010, 1, 1).AddDays(i % 1826).ToString("yyyy-MM-dd");
            yield return new CrimeRecord
            {
                Reference = $"B/{i}", RecordedOn = day, Offence = offences[i % offences.Length], DomesticAbuse = i % 3 == 0,
                District = (District)(1 + i % 7), Outcome = i % 10 == 0 ? "1" : "", OutcomeOn = i % 10 == 0 ? day : "",
            };
        }
    }

    private static async Task<Receipt> SendAsync(RecordService.RecordServiceClient client, IEnumerable<CrimeRecord> crimes)
    {
        using var call = client.Send();
        foreach (var message in crimes.Chunk(2_000))
            await call.RequestStream.WriteAsync(new Plan.Records.V1.Records { Records_ = { message.Select(crime => new Record { Crime = crime }) } });
        await call.RequestStream.CompleteAsync();
        return await call;
    }

    /// <summary>Runs <paramref name="work"/>, sampling the service's working set every 50 ms.</summary>
    private static async Task<(T Result, double Seconds, long PeakBytes)> MeasureAsync<T>(Process process, Func<Task<T>> work)
    {
        long peak = 0;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(50);
            }
        });
        var clock = Stopwatch.StartNew();
        var result = await work();
        var seconds = clock.Elapsed.TotalSeconds;
        await done.CancelAsync();
        await sampler;
        return (result, seconds, peak);
    }

    /// <summary>
    /// The floor: the same rows inserted with no checks into a table of the same shape and indexes, in one transaction,
    /// each engine its fastest plain way (SQLite: one prepared single-row INSERT reused; PostgreSQL: 100-row INSERTs).
    /// </summary>
    private static async Task<double> BareInsertAsync(string engine, string? postgres, int count)
    {
        await using DbConnection connection = postgres is null
            ? new SqliteConnection($"Data Source={Path.Combine(Path.GetTempPath(), $"bare-{Guid.NewGuid():N}.db")}")
            : new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE records (id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, reference VARCHAR(64) NOT NULL, recorded_on DATE NOT NULL,
                  month INTEGER NOT NULL, code VARCHAR(8) NOT NULL, flags INTEGER NOT NULL, district INTEGER NOT NULL, outcome VARCHAR(3),
                  outcome_on DATE, outcome_month INTEGER, value INTEGER, cancelled BOOLEAN NOT NULL, import_id BIGINT NOT NULL);
                CREATE UNIQUE INDEX ux ON records (kind, reference); CREATE INDEX im ON records (kind, month); CREATE INDEX io ON records (kind, outcome_month);
                """.Replace("id INTEGER PRIMARY KEY", postgres is null ? "id INTEGER PRIMARY KEY" : "id BIGSERIAL PRIMARY KEY");
            await create.ExecuteNonQueryAsync();
        }
        var rows = Crimes(10_000, count).ToList();
        var clock = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync();
        var perStatement = postgres is null ? 1 : 100;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO records (kind, reference, recorded_on, month, code, flags, district, outcome, outcome_on, outcome_month, value, cancelled, import_id) VALUES " +
            string.Join(", ", Enumerable.Range(0, perStatement).Select(r => "(" + string.Join(", ", Enumerable.Range(0, 13).Select(c => $"@p{r}_{c}")) + ")"));
        var parameters = Enumerable.Range(0, perStatement * 13).Select(i =>
        {
            var p = command.CreateParameter();
            p.ParameterName = $"@p{i / 13}_{i % 13}";
            command.Parameters.Add(p);
            return p;
        }).ToArray();
        foreach (var chunk in rows.Chunk(perStatement))
        {
            if (chunk.Length < perStatement) break; // the bare run inserts whole statements only; the few rows left do not change its rate
            for (var r = 0; r < chunk.Length; r++)
            {
                var c = chunk[r];
                var on = DateOnly.Parse(c.RecordedOn);
                object?[] values = [0, c.Reference, on, on.Year * 12 + on.Month - 1, c.Offence, c.DomesticAbuse ? 1 : 0, (int)c.District,
                    c.Outcome.Length > 0 ? c.Outcome : null, c.OutcomeOn.Length > 0 ? on : null, c.Outcome.Length > 0 ? on.Year * 12 + on.Month - 1 : null, null, false, 1L];
                for (var v = 0; v < 13; v++) parameters[r * 13 + v].Value = values[v] ?? DBNull.Value;
            }
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        return rows.Count / perStatement * perStatement / clock.Elapsed.TotalSeconds;
    }
}
