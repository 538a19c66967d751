using PlanServices.Benchmarks;

// Load driver (figures in the README): dotnet run -c Release --project tests/Benchmarks -- grpc|gateway [SECONDS] [CALLERS]
//   grpc:    the suite's gRPC layer against @grpc/grpc-js serving the same method; bulk ingest into SQLite.
//   gateway: pack assembly against the slowest single paper read; the gateway against direct calls; PDF render time.
var mode = args.Length > 0 ? args[0] : "grpc";
var duration = TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1]) : 10);
var callers = args.Length > 2 ? int.Parse(args[2]) : 16;
var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
Console.WriteLine($"{Environment.ProcessorCount} cores, {callers} concurrent callers, {duration.TotalSeconds:N0} s per load run; every process on this machine, over loopback.");
Console.WriteLine();
await (mode switch
{
    "grpc" => GrpcRun.RunAsync(configuration, duration, callers),
    "gateway" => GatewayRun.RunAsync(configuration, duration, callers),
    _ => throw new ArgumentException($"unknown mode '{mode}': grpc or gateway"),
});
