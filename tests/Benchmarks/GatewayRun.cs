using Plan.Pillar.V1;
using System.Diagnostics;

namespace PlanServices.Benchmarks;

/// <summary>Pack assembly against the slowest single paper read; the gateway's forwarding against direct calls; PDF rendering.</summary>
public static class GatewayRun
{
    private static readonly string[] Pillars = ["preventing-crime", "cohesive-communities", "reducing-harm"];

    public static async Task RunAsync(string configuration, TimeSpan duration, int connections, int streams)
    {
        var processes = new List<Process>();
        try
        {
            // The dev sidecar carries the events that report the papers' status, so that the pack can be published.
            var sidecarPorts = (Testing.Ports.Free(), Testing.Ports.Free());
            string[] eventing = [$"--Eventing:DaprHttpEndpoint=http://127.0.0.1:{sidecarPorts.Item1}", $"--Eventing:DaprGrpcEndpoint=http://127.0.0.1:{sidecarPorts.Item2}"];
            var settings = new List<string>(eventing);
            var apps = new List<string>();
            var pillarAddresses = new Dictionary<string, Uri>();
            foreach (var (pillar, folder) in Pillars.Zip(["services/PreventingCrime", "services/CohesiveCommunities", "services/ReducingHarm"]))
            {
                var (process, httpAddress, grpc) = await Processes.StartServiceAsync(folder, configuration, eventing);
                processes.Add(process);
                pillarAddresses[pillar] = grpc;
                apps.Add($"--Sidecar:Apps:{pillar}={httpAddress}");
                settings.AddRange([$"--ReverseProxy:Clusters:{pillar}-grpc:Destinations:primary:Address={grpc}",
                    $"--ReverseProxy:Clusters:{pillar}-http:Destinations:primary:Address={httpAddress}"]);
            }
            var (accountability, accountabilityHttp, accountabilityGrpc) = await Processes.StartServiceAsync("services/Accountability", configuration, eventing);
            processes.Add(accountability);
            apps.Add($"--Sidecar:Apps:accountability={accountabilityHttp}");
            settings.AddRange([$"--ReverseProxy:Clusters:accountability-grpc:Destinations:primary:Address={accountabilityGrpc}"]);
            var (gateway, gatewayHttp, gatewayGrpc) = await Processes.StartServiceAsync("gateway", configuration, [.. settings]);
            processes.Add(gateway);
            apps.Add($"--Sidecar:Apps:gateway={gatewayHttp}");
            var (sidecar, _, _) = await Processes.StartServiceAsync("deploy/DevSidecar", configuration, sidecarPorts,
                [$"--Sidecar:DataFile={Path.Combine(Path.GetTempPath(), $"bench-sidecar-{Guid.NewGuid():N}.db")}", "--Sidecar:DiscoveryInterval=00:00:00.500", .. apps]);
            processes.Add(sidecar);

            using var http = new HttpClient { BaseAddress = gatewayHttp, Timeout = TimeSpan.FromMinutes(2) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", Processes.Token);
            var pillars = pillarAddresses.ToDictionary(p => p.Key, p => Processes.Client(p.Value));

            var assembly = await MedianAsync(30, () => http.GetByteArrayAsync("/packs/pam-2026-04-21.json"));
            var slowest = await SlowestPaperReadAsync(pillars.Values.ToList(), 30);
            var sequential = await MedianAsync(30, async () =>
            {
                foreach (var client in pillars.Values) await ReadPaperAsync(client);
            });
            var draftPdf = await MedianAsync(5, () => http.GetByteArrayAsync("/packs/pam-2026-04-21.pdf"));
            await PublishAprilAsync(http);
            var publishedPdf = await MedianAsync(30, () => http.GetByteArrayAsync("/packs/pam-2026-04-21.pdf"));

            Console.WriteLine("| pack step | median ms |");
            Console.WriteLine("|---|---:|");
            Console.WriteLine($"| slowest single paper read (catalogue + tables + paper of one pillar) | {slowest:N1} |");
            Console.WriteLine($"| the three papers read one after another | {sequential:N1} |");
            Console.WriteLine($"| whole pack from the gateway (JSON; assembled in parallel once, then cached until an event makes it stale) | {assembly:N1} |");
            Console.WriteLine($"| PDF of a draft pack (assembled, printed by Chromium, page-number pass) | {draftPdf:N1} |");
            Console.WriteLine($"| PDF of the published pack (its stored bytes) | {publishedPdf:N1} |");
            Console.WriteLine();

            Console.WriteLine($"h2load: {connections} connections x {streams} streams, one thread; 8 s of warm-up, then {duration.TotalSeconds:N0} s measured.");
            Console.WriteLine();
            Console.WriteLine("| path, method | calls/s | mean ms |");
            Console.WriteLine("|---|---:|---:|");
            var direct = await H2Load.RunAsync("direct to reducing-harm, GetCatalogue", pillarAddresses["reducing-harm"], "/plan.pillar.v1.PillarService/GetCatalogue",
                new GetCatalogueRequest(), duration, connections, streams);
            var proxied = await H2Load.RunAsync("through the gateway (YARP), GetCatalogue", gatewayGrpc, "/plan.pillar.v1.PillarService/GetCatalogue",
                new GetCatalogueRequest(), duration, connections, streams, ("x-pillar", "reducing-harm"));
            var (yarp, yarpGrpc) = await Processes.StartMinimalProxyAsync(pillarAddresses["reducing-harm"]);
            processes.Add(yarp);
            var minimal = await H2Load.RunAsync("through a minimal YARP app, GetCatalogue", yarpGrpc, "/plan.pillar.v1.PillarService/GetCatalogue",
                new GetCatalogueRequest(), duration, connections, streams);
            foreach (var result in new[] { direct, proxied, minimal })
            {
                if (result.Failed > 0) throw new InvalidOperationException($"{result.Name}: {result.Failed} calls failed");
                Console.WriteLine(result);
            }
            Console.WriteLine();
            Console.WriteLine($"gateway / direct: {proxied.CallsPerSecond / direct.CallsPerSecond:N2}x (target 0.6x)");
            Console.WriteLine($"gateway / minimal YARP app: {proxied.CallsPerSecond / minimal.CallsPerSecond:N2}x (target 0.9x)");
            Console.WriteLine();
            await PublishedAgainstStaticFilesAsync(http, gatewayGrpc, duration, processes);
        }
        finally
        {
            foreach (var process in processes) process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>
    /// The published PDF and the index of published packs from the gateway, against Kestrel's static-file middleware
    /// serving the same PDF (50 clients, a request at a time each, as a crowd of readers would); plain and conditional GETs.
    /// </summary>
    private static async Task PublishedAgainstStaticFilesAsync(HttpClient http, Uri gateway, TimeSpan duration, List<Process> processes)
    {
        const string pdf = "/packs/pam-2026-04-21/v1.pdf";
        var folder = Directory.CreateTempSubdirectory("bench-static-").FullName;
        using var published = await http.GetAsync(pdf);
        var bytes = await published.Content.ReadAsByteArrayAsync();
        await File.WriteAllBytesAsync(Path.Combine(folder, "v1.pdf"), bytes);
        var (files, filesHttp) = await Processes.StartStaticFilesAsync(folder);
        processes.Add(files);
        using var direct = new HttpClient { DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var staticTag = (await direct.GetAsync(new Uri(filesHttp, "/v1.pdf"))).Headers.ETag!.ToString();
        var gatewayTag = published.Headers.ETag!.ToString();

        Console.WriteLine($"Published files: the April PDF ({bytes.Length / 1024:N0} KB); h2load, 50 connections x 1 stream.");
        Console.WriteLine();
        Console.WriteLine("| server, request | requests/s | mean ms |");
        Console.WriteLine("|---|---:|---:|");
        var results = new[]
        {
            await H2Load.GetAsync("gateway, the published PDF", new Uri(gateway, pdf), duration, 50, 1),
            await H2Load.GetAsync("Kestrel static files, the same PDF", new Uri(filesHttp, "/v1.pdf"), duration, 50, 1),
            await H2Load.GetAsync("gateway, the PDF again with If-None-Match (304)", new Uri(gateway, pdf), duration, 50, 1, ("if-none-match", gatewayTag)),
            await H2Load.GetAsync("Kestrel static files, the same with If-None-Match (304)", new Uri(filesHttp, "/v1.pdf"), duration, 50, 1, ("if-none-match", staticTag)),
            await H2Load.GetAsync("gateway, the index of published packs (/packs)", new Uri(gateway, "/packs"), duration, 50, 1),
        };
        foreach (var result in results)
        {
            if (result.Failed > 0) throw new InvalidOperationException($"{result.Name}: {result.Failed} requests failed");
            Console.WriteLine(result);
        }
        Console.WriteLine();
        Console.WriteLine($"gateway / static files, PDF: {results[0].CallsPerSecond / results[1].CallsPerSecond:N2}x; conditional: {results[2].CallsPerSecond / results[3].CallsPerSecond:N2}x (target 0.5x)");
    }

    /// <summary>Publishes the April pack once the papers' status has arrived through the events.</summary>
    private static async Task PublishAprilAsync(HttpClient http)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            using var response = await http.PostAsync("/packs/pam-2026-04-21/publish", null);
            if (response.IsSuccessStatusCode) return;
            await Task.Delay(500);
        }
        throw new InvalidOperationException("the April pack could not be published");
    }

    /// <summary>What the pack needs from one pillar: its catalogue, tables and paper, read together.</summary>
    private static Task ReadPaperAsync(PillarService.PillarServiceClient client) =>
        Task.WhenAll(client.GetTablesAsync(new GetTablesRequest { PeriodEnd = "2025-12" }).ResponseAsync, client.GetPaperAsync(new GetPaperRequest { PeriodEnd = "2025-12" }).ResponseAsync, client.GetCatalogueAsync(new GetCatalogueRequest()).ResponseAsync);

    /// <summary>Median over runs of the slowest of the three pillars' paper reads, each run reading all three at once.</summary>
    private static async Task<double> SlowestPaperReadAsync(IReadOnlyList<PillarService.PillarServiceClient> pillars, int runs)
    {
        var times = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            var each = await Task.WhenAll(pillars.Select(async client =>
            {
                var clock = Stopwatch.StartNew();
                await ReadPaperAsync(client);
                return clock.Elapsed.TotalMilliseconds;
            }));
            if (i > 0) times.Add(each.Max());
        }
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>Median wall time of <paramref name="runs"/> runs after one warm-up, in milliseconds.</summary>
    private static async Task<double> MedianAsync(int runs, Func<Task> work)
    {
        await work();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await work();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
