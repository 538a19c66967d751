using System.Diagnostics;

namespace PlanServices.Benchmarks;

/// <summary>The servers under measurement, each in its own process on loopback.</summary>
public static class Processes
{
    public static string Repo { get; } = FindRepo();

    /// <summary>
    /// The load's token: the benchmark is a client of the run's identity provider (started in this process), asking by
    /// client credentials as the "load" client (every pillar's reader); every process validates it by the provider's JWKS.
    /// </summary>
    public static readonly string Token = Testing.TestAuth.ClientTokenAsync("load", Testing.TestAuth.DemoPassword).GetAwaiter().GetResult();

    /// <summary>A channel whose calls carry <see cref="Token"/>.</summary>
    public static Grpc.Net.Client.GrpcChannel Channel(Uri address) => Grpc.Net.Client.GrpcChannel.ForAddress(address, new Grpc.Net.Client.GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        Credentials = Grpc.Core.ChannelCredentials.Create(Grpc.Core.ChannelCredentials.Insecure,
            Grpc.Core.CallCredentials.FromInterceptor((_, metadata) => { metadata.Add("authorization", $"Bearer {Token}"); return Task.CompletedTask; })),
        UnsafeUseInsecureChannelCallCredentials = true,
    });

    public static Plan.Pillar.V1.PillarService.PillarServiceClient Client(Uri address) => new(Channel(address));

    /// <summary>A service of the suite (its build of <paramref name="configuration"/>) on fresh SQLite data seeded from its sample.</summary>
    public static Task<(Process Process, Uri Http, Uri Grpc)> StartServiceAsync(string folder, string configuration, params string[] settings) =>
        StartServiceAsync(folder, configuration, (Testing.Ports.Free(), Testing.Ports.Free()), settings);

    /// <summary>As above, on the ports given (the dev sidecar's, which the services must know before it starts).</summary>
    public static async Task<(Process Process, Uri Http, Uri Grpc)> StartServiceAsync(string folder, string configuration, (int Http, int Grpc) ports, params string[] settings)
    {
        var (http, grpc) = ports;
        var data = Directory.CreateTempSubdirectory("planservices-bench-").FullName;
        var project = Path.GetFileNameWithoutExtension(Directory.GetFiles(Path.Combine(Repo, folder), "*.csproj").Single());
        var dll = Path.Combine(Repo, folder, "bin", configuration, "net10.0", project + ".dll");
        var process = Start("dotnet", [dll, "--contentRoot", Path.Combine(Repo, folder),
            "--Pillar:SeedSample=true", "--Accountability:SeedSample=true", $"--Storage:DataDirectory={data}", "--Logging:LogLevel:Default=Warning",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{http}", $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpc}",
            .. Testing.TestAuth.Settings.Select(s => $"--{s.Key}={s.Value}"), "--Eventing:DaprHttpEndpoint=http://127.0.0.1:9", .. settings]);
        using var probe = new HttpClient();
        for (var i = 0; i < 240; i++)
        {
            try
            {
                if ((await probe.GetAsync($"http://127.0.0.1:{http}/health")).IsSuccessStatusCode)
                    return (process, new Uri($"http://127.0.0.1:{http}"), new Uri($"http://127.0.0.1:{grpc}"));
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new InvalidOperationException($"{project} did not become healthy");
    }

    /// <summary>The grpc-js server of tests/interop, serving <paramref name="catalogueJson"/> as its catalogue.</summary>
    public static async Task<(Process Process, Uri Grpc)> StartGrpcJsAsync(string catalogueJson)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, catalogueJson);
        var process = Start("node", [Path.Combine(Repo, "tests", "interop", "server.js")], ("CATALOGUE_JSON", file));
        var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("grpc-js server did not start");
        return (process, new Uri($"http://127.0.0.1:{line["listening ".Length..]}"));
    }

    /// <summary>The bare Kestrel endpoint (<see cref="BareServer"/>) answering every call with <paramref name="response"/>, in its own process.</summary>
    public static async Task<(Process Process, Uri Grpc)> StartBareServerAsync(byte[] response)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, response);
        var port = Testing.Ports.Free();
        var process = Start("dotnet", [typeof(Processes).Assembly.Location, "bare-server", port.ToString(System.Globalization.CultureInfo.InvariantCulture), file]);
        return (process, await ListeningAsync(port, "the bare server"));
    }

    /// <summary>A minimal YARP app (<see cref="MinimalProxy"/>) forwarding every call to <paramref name="target"/>, in its own process.</summary>
    public static async Task<(Process Process, Uri Grpc)> StartMinimalProxyAsync(Uri target)
    {
        var port = Testing.Ports.Free();
        var process = Start("dotnet", [typeof(Processes).Assembly.Location, "minimal-yarp", port.ToString(System.Globalization.CultureInfo.InvariantCulture), target.ToString()]);
        return (process, await ListeningAsync(port, "the minimal YARP app"));
    }

    /// <summary>Kestrel's static files (<see cref="StaticFiles"/>) serving <paramref name="folder"/>, in its own process.</summary>
    public static async Task<(Process Process, Uri Http)> StartStaticFilesAsync(string folder)
    {
        var port = Testing.Ports.Free();
        var process = Start("dotnet", [typeof(Processes).Assembly.Location, "static-files", port.ToString(System.Globalization.CultureInfo.InvariantCulture), folder]);
        return (process, await ListeningAsync(port, "the static-file server"));
    }

    /// <summary>The loopback address of <paramref name="port"/> once something accepts connections on it (30 s at most).</summary>
    private static async Task<Uri> ListeningAsync(int port, string what)
    {
        for (var i = 0; i < 120; i++)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return new Uri($"http://127.0.0.1:{port}");
            }
            catch (System.Net.Sockets.SocketException) { await Task.Delay(250); }
        }
        throw new InvalidOperationException($"{what} did not start");
    }

    private static Process Start(string program, string[] args, params (string, string)[] environment)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return Process.Start(start)!;
    }

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PlanServices.sln"))) return dir.FullName;
        throw new InvalidOperationException("run from inside the repository");
    }
}
