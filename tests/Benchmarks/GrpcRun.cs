using System.Diagnostics;
using Google.Protobuf;
using Plan.Pillar.V1;

namespace PlanServices.Benchmarks;

/// <summary>
/// One pillar (grpc-dotnet) against @grpc/grpc-js and a bare Kestrel endpoint serving the same GetCatalogue bytes, all
/// driven by h2load in one run; GetTables; bulk ingest by client streaming into SQLite.
/// </summary>
public static class GrpcRun
{
    private const string GetCatalogue = "/plan.pillar.v1.PillarService/GetCatalogue";
    private const string GetTables = "/plan.pillar.v1.PillarService/GetTables";

    public static async Task RunAsync(string configuration, TimeSpan duration, int connections, int streams)
    {
        var processes = new List<Process>();
        try
        {
            var (pillar, _, pillarAddress) = await Processes.StartServiceAsync("services/ReducingHarm", configuration);
            processes.Add(pillar);
            var ours = Processes.Client(pillarAddress);
            var catalogue = await ours.GetCatalogueAsync(new GetCatalogueRequest());
            var (node, nodeAddress) = await Processes.StartGrpcJsAsync(JsonFormatter.Default.Format(catalogue));
            processes.Add(node);
            var (bare, bareAddress) = await Processes.StartBareServerAsync(H2Load.Frame(catalogue));
            processes.Add(bare);
            foreach (var other in new[] { nodeAddress, bareAddress })
                if (!(await Processes.Client(other).GetCatalogueAsync(new GetCatalogueRequest())).Equals(catalogue))
                    throw new InvalidOperationException($"{other} must serve the same catalogue");
            var tables = await ours.GetTablesAsync(new GetTablesRequest { PeriodEnd = "2025-12" });

            Console.WriteLine($"GetCatalogue response: {catalogue.CalculateSize():N0} bytes; GetTables 2025-12: {tables.CalculateSize():N0} bytes.");
            Console.WriteLine($"h2load: {connections} connections x {streams} streams, one thread; 8 s of warm-up, then {duration.TotalSeconds:N0} s measured.");
            Console.WriteLine();
            Console.WriteLine("| server, method | calls/s | mean ms |");
            Console.WriteLine("|---|---:|---:|");
            var suite = await H2Load.RunAsync("pillar (grpc-dotnet), GetCatalogue", pillarAddress, GetCatalogue, new GetCatalogueRequest(), duration, connections, streams);
            var grpcJs = await H2Load.RunAsync("@grpc/grpc-js, same message", nodeAddress, GetCatalogue, new GetCatalogueRequest(), duration, connections, streams);
            var floor = await H2Load.RunAsync("bare Kestrel h2c, same bytes", bareAddress, GetCatalogue, new GetCatalogueRequest(), duration, connections, streams);
            var tablesRun = await H2Load.RunAsync("pillar, GetTables 2025-12 (signed in; cached per data version)", pillarAddress, GetTables,
                new GetTablesRequest { PeriodEnd = "2025-12" }, duration, connections, streams, ("authorization", $"Bearer {Processes.Token}"));
            foreach (var result in new[] { suite, grpcJs, floor, tablesRun })
            {
                if (result.Failed > 0) throw new InvalidOperationException($"{result.Name}: {result.Failed} calls failed");
                Console.WriteLine(result);
            }
            Console.WriteLine();
            Console.WriteLine($"pillar / grpc-js: {suite.CallsPerSecond / grpcJs.CallsPerSecond:N2}x (target 2x); pillar / bare Kestrel: {suite.CallsPerSecond / floor.CallsPerSecond:N2}x (target 0.7x); GetTables {tablesRun.CallsPerSecond:N0}/s (target 5,000)");

            const int bulk = 100_000;
            var clock = Stopwatch.StartNew();
            var summary = await Testing.Streams.RecordAsync(ours, Observations(bulk));
            clock.Stop();
            Console.WriteLine();
            Console.WriteLine($"Bulk ingest, client streaming into SQLite: {summary.Added:N0} observations in {clock.Elapsed.TotalSeconds:N1} s = {summary.Added / clock.Elapsed.TotalSeconds:N0} observations/s");
        }
        finally
        {
            foreach (var process in processes) process.Kill(entireProcessTree: true);
        }
    }

    private static IEnumerable<Observation> Observations(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var month = new DateOnly(1000, 1, 1).AddMonths(i < 12_000 ? i : 13_200 + i - 12_000).ToString("yyyy-MM");
            yield return new Observation { Indicator = "calls.total", From = month, To = month, Value = i % 1000 };
        }
    }
}
