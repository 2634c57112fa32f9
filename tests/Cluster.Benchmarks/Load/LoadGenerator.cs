using System.Diagnostics;

namespace Antigravity.Cluster.Benchmarks.Load;

/// <summary>
/// Closed-loop load: each of <c>connections</c> clients sends its next request as soon as the previous one was read, on
/// its own keep-alive connection (DCP's balancer gives each new connection to the next replica), for a fixed time.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(Func<HttpClient, Task<Outcome>> send, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        var clock = Stopwatch.StartNew();
        var perClient = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            var outcomes = new List<Outcome>();
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                outcomes.Add(await send(http));
            }

            return outcomes;
        }, CancellationToken.None)));
        return new LoadResult([.. perClient.SelectMany(o => o)], clock.Elapsed);
    }
}

/// <summary>What a phase of load gave: every outcome, and how long it took until the last response.</summary>
internal sealed record LoadResult(IReadOnlyList<Outcome> Outcomes, TimeSpan Elapsed)
{
    public int Requests => Outcomes.Count;

    public double PerSecond => Requests / Elapsed.TotalSeconds;

    public IReadOnlyList<Outcome> Errors => [.. Outcomes.Where(o => o.Error is not null)];

    /// <summary>The latency under which <paramref name="percent"/> % of the requests completed (nearest rank), ms.</summary>
    public double Percentile(double percent)
    {
        var sorted = Outcomes.Select(o => o.Milliseconds).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public IEnumerable<(string Replica, int Requests)> ByReplica() =>
        Outcomes.Where(o => o.Replica is not null).GroupBy(o => o.Replica!).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count()));
}
