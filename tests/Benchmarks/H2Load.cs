using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf;

namespace PlanServices.Benchmarks;

/// <summary>One h2load run: unary gRPC calls of one method with the same request body each time, or GETs of one address.</summary>
public sealed record H2LoadResult(string Name, double CallsPerSecond, double MeanMs, long Succeeded, long Failed)
{
    public override string ToString() => $"| {Name} | {CallsPerSecond,10:N0} | {MeanMs,8:N2} |";
}

/// <summary>
/// h2load (Debian's nghttp2-client), a C HTTP/2 load generator, as the one client of every server measured: it
/// POSTs a gRPC frame from a file, or GETs an address, over h2c with prior knowledge, from a fixed number of
/// connections and streams.
/// </summary>
public static partial class H2Load
{
    public static async Task<H2LoadResult> RunAsync(string name, Uri server, string method, IMessage request, TimeSpan duration,
        int connections, int streams, params (string Name, string Value)[] headers)
    {
        var body = Path.GetTempFileName();
        await File.WriteAllBytesAsync(body, Frame(request));
        try
        {
            return await MeasureAsync(name, new Uri(server, method), ["-d", body, "-H", "content-type: application/grpc", "-H", "te: trailers"],
                duration, connections, streams, headers);
        }
        finally
        {
            File.Delete(body);
        }
    }

    /// <summary>GETs of <paramref name="address"/>; a response is a success when its status is 2xx or 3xx (a 304 included).</summary>
    public static Task<H2LoadResult> GetAsync(string name, Uri address, TimeSpan duration, int connections, int streams,
        params (string Name, string Value)[] headers) =>
        MeasureAsync(name, address, [], duration, connections, streams, headers);

    private static async Task<H2LoadResult> MeasureAsync(string name, Uri address, string[] request, TimeSpan duration, int connections, int streams,
        (string Name, string Value)[] headers)
    {
        // A first run only warms the server up (tiered JIT, dynamic PGO, pools); the second is measured.
        await RunOnceAsync(address, request, TimeSpan.FromSeconds(8), connections, streams, headers);
        var output = await RunOnceAsync(address, request, duration, connections, streams, headers);
        var rate = RateLine().Match(output);
        var requests = RequestsLine().Match(output);
        var time = TimeLine().Match(output);
        if (!rate.Success || !requests.Success || !time.Success) throw new InvalidOperationException($"h2load output not understood:\n{output}");
        return new H2LoadResult(name, double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture), Milliseconds(time.Groups[1].Value),
            long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(requests.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    private static async Task<string> RunOnceAsync(Uri address, string[] request, TimeSpan duration, int connections, int streams,
        (string Name, string Value)[] headers)
    {
        var args = new List<string>
        {
            "-D", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), "--warm-up-time", "1",
            "-c", connections.ToString(CultureInfo.InvariantCulture), "-m", streams.ToString(CultureInfo.InvariantCulture), "-t", "1",
        };
        args.AddRange(request);
        foreach (var (header, value) in headers) args.AddRange(["-H", $"{header}: {value}"]);
        args.Add(address.ToString());
        using var process = Process.Start(new ProcessStartInfo("h2load", args) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("h2load did not start: apt-get install nghttp2-client");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    /// <summary>The gRPC length-prefixed message: no compression, 4-byte big-endian length, the bytes.</summary>
    public static byte[] Frame(IMessage message)
    {
        var payload = message.ToByteArray();
        var frame = new byte[5 + payload.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    private static double Milliseconds(string value) => value.EndsWith("us", StringComparison.Ordinal)
        ? double.Parse(value[..^2], CultureInfo.InvariantCulture) / 1000
        : value.EndsWith("ms", StringComparison.Ordinal) ? double.Parse(value[..^2], CultureInfo.InvariantCulture)
        : double.Parse(value[..^1], CultureInfo.InvariantCulture) * 1000;

    [GeneratedRegex(@"finished in [\d.]+\w+, ([\d.]+) req/s")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"time for request:\s+\S+\s+\S+\s+(\S+)")]
    private static partial Regex TimeLine();
}
