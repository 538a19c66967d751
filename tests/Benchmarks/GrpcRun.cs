using System.Diagnostics;
using Google.Protobuf;
using Plan.Pillar.V1;

namespace PlanServices.Benchmarks;

/// <summary>The suite's gRPC layer against @grpc/grpc-js serving the same method, and bulk ingest into SQLite.</summary>
public static class GrpcRun
{
    public static async Task RunAsync(string configuration, TimeSpan duration, int callers)
    {
        var (pillarProcess, _, pillarAddress) = await Processes.StartServiceAsync("services/ReducingHarm", configuration);
        var ours = Processes.Client(pillarAddress);
        var catalogue = await ours.GetCatalogueAsync(new GetCatalogueRequest());
        var (nodeProcess, nodeAddress) = await Processes.StartGrpcJsAsync(JsonFormatter.Default.Format(catalogue));
        var theirs = Processes.Client(nodeAddress);
        if ((await theirs.GetCatalogueAsync(new GetCatalogueRequest())).CalculateSize() != catalogue.CalculateSize())
            throw new InvalidOperationException("grpc-js must serve the same catalogue");
        try
        {
            Console.WriteLine($"GetCatalogue response: {catalogue.CalculateSize():N0} bytes.");
            Console.WriteLine();
            Console.WriteLine("| server, method | calls/s | p50 ms | p99 ms |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine(await Load.RunAsync("suite gRPC layer, GetCatalogue", async () => await ours.GetCatalogueAsync(new GetCatalogueRequest()), callers, duration));
            Console.WriteLine(await Load.RunAsync("@grpc/grpc-js, GetCatalogue", async () => await theirs.GetCatalogueAsync(new GetCatalogueRequest()), callers, duration));
            Console.WriteLine(await Load.RunAsync("suite, GetTables 2025-12 (SQLite read + derivation)", async () => await ours.GetTablesAsync(new GetTablesRequest { PeriodEnd = "2025-12" }), callers, duration));

            const int bulk = 100_000;
            var clock = Stopwatch.StartNew();
            var summary = await Testing.Streams.RecordAsync(ours, Observations(bulk));
            clock.Stop();
            Console.WriteLine();
            Console.WriteLine($"Bulk ingest, client streaming into SQLite: {summary.Added:N0} observations in {clock.Elapsed.TotalSeconds:N1} s = {summary.Added / clock.Elapsed.TotalSeconds:N0} observations/s");
        }
        finally
        {
            pillarProcess.Kill(entireProcessTree: true);
            nodeProcess.Kill(entireProcessTree: true);
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
