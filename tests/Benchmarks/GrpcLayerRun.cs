using System.Diagnostics;
using Google.Protobuf;
using Plan.Pillar.V1;
using PlanServices.Contracts;
using PlanServices.Grpc.Client;

namespace PlanServices.Benchmarks;

/// <summary>The suite's gRPC layer against @grpc/grpc-js serving the same method, and bulk ingest into SQLite.</summary>
public static class GrpcLayerRun
{
    public static async Task RunAsync(string configuration, TimeSpan duration, int callers)
    {
        var (pillarProcess, _, pillarAddress) = await Processes.StartServiceAsync("services/ReducingHarm", configuration);
        var ours = new PillarClient(Processes.Client(pillarAddress));
        var catalogue = await ours.GetCatalogueAsync();
        var (nodeProcess, nodeAddress) = await Processes.StartGrpcJsAsync(JsonFormatter.Default.Format(catalogue));
        var theirs = new PillarClient(new GrpcClient(GrpcClient.CreateHttpClient(nodeAddress)));
        if ((await theirs.GetCatalogueAsync()).CalculateSize() != catalogue.CalculateSize())
            throw new InvalidOperationException("grpc-js must serve the same catalogue");
        try
        {
            Console.WriteLine($"GetCatalogue response: {catalogue.CalculateSize():N0} bytes.");
            Console.WriteLine();
            Console.WriteLine("| server, method | calls/s | p50 ms | p99 ms |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine(await Load.RunAsync("suite gRPC layer, GetCatalogue", () => ours.GetCatalogueAsync(), callers, duration));
            Console.WriteLine(await Load.RunAsync("@grpc/grpc-js, GetCatalogue", () => theirs.GetCatalogueAsync(), callers, duration));
            Console.WriteLine(await Load.RunAsync("suite, GetTables 2025-12 (SQLite read + derivation)", () => ours.GetTablesAsync("2025-12"), callers, duration));

            const int bulk = 100_000;
            var clock = Stopwatch.StartNew();
            var summary = await ours.StreamObservationsAsync(Observations(bulk));
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

    private static async IAsyncEnumerable<Observation> Observations(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var month = new DateOnly(1000, 1, 1).AddMonths(i < 12_000 ? i : 13_200 + i - 12_000).ToString("yyyy-MM");
            yield return new Observation { Indicator = "calls.total", From = month, To = month, Value = i % 1000 };
        }
        await Task.CompletedTask;
    }
}
