using System.Diagnostics;
using Google.Protobuf;
using Plan.Pillar.V1;
using PlanServices.Benchmarks;
using PlanServices.Contracts;
using PlanServices.Grpc.Client;

// Load driver: the suite's gRPC layer against @grpc/grpc-js serving the same method, in one run.
// dotnet run -c Release --project tests/Benchmarks [-- SECONDS CALLERS]
var seconds = args.Length > 0 ? int.Parse(args[0]) : 10;
var callers = args.Length > 1 ? int.Parse(args[1]) : 16;
var duration = TimeSpan.FromSeconds(seconds);
var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

var (pillarProcess, pillarAddress) = await Processes.StartPillarAsync(configuration);
var ours = new PillarClient(new GrpcClient(GrpcClient.CreateHttpClient(pillarAddress)));
var catalogue = await ours.GetCatalogueAsync();
var (nodeProcess, nodeAddress) = await Processes.StartGrpcJsAsync(JsonFormatter.Default.Format(catalogue));
var theirs = new PillarClient(new GrpcClient(GrpcClient.CreateHttpClient(nodeAddress)));
if ((await theirs.GetCatalogueAsync()).CalculateSize() != catalogue.CalculateSize())
    throw new InvalidOperationException("grpc-js must serve the same catalogue");

try
{
    Console.WriteLine($"{Environment.ProcessorCount} cores, {callers} concurrent callers, {seconds} s per run, one HTTP/2 client (the suite's) for both servers.");
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

static async IAsyncEnumerable<Observation> Observations(int count)
{
    for (var i = 0; i < count; i++)
    {
        var month = new DateOnly(1000, 1, 1).AddMonths(i < 12_000 ? i : 13_200 + i - 12_000).ToString("yyyy-MM");
        yield return new Observation { Indicator = "calls.total", From = month, To = month, Value = i % 1000 };
    }
    await Task.CompletedTask;
}
