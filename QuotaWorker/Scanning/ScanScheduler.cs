using Antigravity.ClusterState;
using Microsoft.Extensions.Options;

namespace Antigravity.QuotaWorker.Scanning;

/// <summary>
/// Scans every account each <see cref="ScanningOptions.Interval"/> (± <see cref="ScanningOptions.Jitter"/>), in a shuffled
/// order so replicas starting together spread over different accounts; leases make them share the work.
/// </summary>
internal sealed class ScanScheduler(
    ClusterRedis redis,
    AccountScanner scanner,
    TimeProvider time,
    IOptions<ScanningOptions> options,
    ILogger<ScanScheduler> logger) : BackgroundService
{
    /// <summary>One pass over every account; returns how each scan went.</summary>
    public async Task<IReadOnlyList<(string AccountId, ScanOutcome Outcome)>> ScanAllAsync(CancellationToken cancellationToken)
    {
        var ids = (await redis.Database.SetMembersAsync(RedisKeys.Accounts)).Select(v => v.ToString()).ToArray();
        Random.Shared.Shuffle(ids);
        var results = new (string, ScanOutcome)[ids.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, ids.Length),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrency, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = (ids[i], await scanner.ScanAsync(ids[i], force: false, ct)));

        Log.Pass(
            logger,
            results.Count(r => r.Item2 == ScanOutcome.Scanned),
            results.Count(r => r.Item2 == ScanOutcome.LeaseHeld),
            results.Count(r => r.Item2 is not ScanOutcome.Scanned and not ScanOutcome.LeaseHeld));
        return results;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.ScanOnStart)
        {
            await Task.Delay(NextDelay(settings), time, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanAllAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Quota pass failed; the next one runs on schedule");
            }

            await Task.Delay(NextDelay(settings), time, stoppingToken);
        }
    }

    private static TimeSpan NextDelay(ScanningOptions settings) =>
        settings.Interval * (1 + (settings.Jitter * ((Random.Shared.NextDouble() * 2) - 1)));
}
