using PlanServices.Benchmarks;

// Load driver (figures in the README): dotnet run -c Release --project tests/Benchmarks -- grpc|gateway [SECONDS] [CONNECTIONS] [STREAMS]
//   grpc:    a pillar against @grpc/grpc-js and a bare Kestrel endpoint serving the same bytes (h2load); GetTables; bulk ingest.
//   gateway: pack assembly against the slowest single paper read; the gateway against direct calls and a minimal YARP app
//            forwarding to the same pillar (h2load); PDF render time; the published PDF and index against Kestrel's static files.
//   records [COUNT]: crime records/s streamed into SQLite and PostgreSQL against a bare batched insert of the same rows; memory
//            while streaming; a paper's tables over the stored records, cold and cached (COUNT: 1,000,000).
if (args is ["bare-server", var port, var file])
{
    await BareServer.RunAsync(int.Parse(port), file);
    return;
}
if (args is ["static-files", var filesPort, var folder])
{
    await StaticFiles.RunAsync(int.Parse(filesPort), folder);
    return;
}
if (args is ["minimal-yarp", var proxyPort, var target])
{
    await MinimalProxy.RunAsync(int.Parse(proxyPort), target);
    return;
}
var mode = args.Length > 0 ? args[0] : "grpc";
var duration = TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1]) : 10);
var connections = args.Length > 2 ? int.Parse(args[2]) : 4;
var streams = args.Length > 3 ? int.Parse(args[3]) : 8;
var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
Console.WriteLine($"{Environment.ProcessorCount} cores; every process on this machine, over loopback ({configuration} builds).");
await (mode switch
{
    "grpc" => GrpcRun.RunAsync(configuration, duration, connections, streams),
    "gateway" => GatewayRun.RunAsync(configuration, duration, connections, streams),
    "records" => RecordsRun.RunAsync(configuration, args.Length > 1 ? int.Parse(args[1]) : 1_000_000),
    _ => throw new ArgumentException($"unknown mode '{mode}': grpc, gateway or records"),
});
