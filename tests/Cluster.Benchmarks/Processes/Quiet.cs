using System.Diagnostics;

namespace Antigravity.Cluster.Benchmarks.Processes;

/// <summary>
/// Work a request leaves behind (usage records through RabbitMQ to QuotaWorker, telemetry to the dashboard) goes on after
/// its response. A phase's CPU is read once the cluster is back to its idle CPU rate, so that tail is counted in the
/// phase that caused it, not in the next one.
/// </summary>
internal static class Quiet
{
    private static readonly TimeSpan s_window = TimeSpan.FromSeconds(1);

    /// <summary>Above the idle rate that still counts as quiet: 5 % of a 2-core machine (periodic jobs, noise).</summary>
    private const double MarginMsPerSecond = 100;

    /// <summary>Waits for a 1 s window in which the processes use at most their idle rate plus the margin; returns how
    /// long they stayed busy (the windows before it), or <paramref name="max"/> if they never went quiet.</summary>
    public static async Task<TimeSpan> WaitAsync(Func<IEnumerable<ClusterProcess>> processes, double idleMsPerSecond, TimeSpan max, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var busy = TimeSpan.Zero;
        var last = CpuSnapshot.Take(processes());
        while (clock.Elapsed < max)
        {
            var windowStart = clock.Elapsed;
            await Task.Delay(s_window, cancellationToken);
            var now = CpuSnapshot.Take(processes());
            var used = (now - last).Of(_ => true);
            if (used.TotalMilliseconds / (clock.Elapsed - windowStart).TotalSeconds <= idleMsPerSecond + MarginMsPerSecond)
            {
                return busy;
            }

            busy = clock.Elapsed;
            last = now;
        }

        return max;
    }
}
