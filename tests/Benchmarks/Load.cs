using System.Diagnostics;

namespace PlanServices.Benchmarks;

/// <summary>Calls per second and latency percentiles of one call, from a fixed number of concurrent callers.</summary>
public sealed record LoadResult(string Name, long Calls, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double PerSecond => Calls / Elapsed.TotalSeconds;
    public override string ToString() => $"| {Name} | {PerSecond,10:N0} | {P50Ms,8:N2} | {P99Ms,8:N2} |";
}

public static class Load
{
    /// <summary>Warms up, then runs <paramref name="callers"/> loops of <paramref name="call"/> for <paramref name="duration"/>.</summary>
    public static async Task<LoadResult> RunAsync(string name, Func<Task> call, int callers, TimeSpan duration)
    {
        var warmUp = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ => { while (DateTime.UtcNow < warmUp) await call(); }));

        var latencies = new List<double>[callers];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async i =>
        {
            var own = latencies[i] = new List<double>(100_000);
            while (clock.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                await call();
                own.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }));
        clock.Stop();
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(name, all.Length, clock.Elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)];
}
