using Antigravity.ClusterState;
using Antigravity.QuotaWorker.Usage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Antigravity.QuotaWorker.RequestLog;

/// <summary>
/// Keeps the request log within <see cref="RequestLogOptions.MaxEntries"/> and <see cref="RequestLogOptions.MaxAge"/>:
/// removes the oldest ids from the log and every index, deletes their entries, and drops indexes that became empty.
/// Idempotent, so replicas may run it at the same time.
/// </summary>
internal sealed class LogRetention(ClusterRedis redis, TimeProvider time, IOptions<RequestLogOptions> options, ILogger<LogRetention> logger) : BackgroundService
{
    private const int Chunk = 500;

    private const string DropIfEmptyScript = """
        if redis.call('ZCARD', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[1]) return 1 end
        return 0
        """;

    /// <summary>One retention pass; returns how many entries went.</summary>
    public async Task<long> TrimAsync()
    {
        var db = redis.Database;
        var settings = options.Value;
        var cutoff = (time.GetUtcNow() - settings.MaxAge).ToUnixTimeMilliseconds();
        long removed = 0;
        while (true)
        {
            var expired = await db.SortedSetRangeByScoreAsync(UsageKeys.Log, double.NegativeInfinity, cutoff, Exclude.Stop, take: Chunk);
            var overflow = Math.Max(0, await db.SortedSetLengthAsync(UsageKeys.Log) - settings.MaxEntries);
            var ids = expired.Length > 0 ? expired
                : overflow > 0 ? await db.SortedSetRangeByRankAsync(UsageKeys.Log, 0, Math.Min(overflow, Chunk) - 1)
                : [];
            if (ids.Length == 0)
            {
                break;
            }

            await RemoveAsync(db, ids);
            removed += ids.Length;
        }

        foreach (var suffix in await db.SetMembersAsync(UsageKeys.LogIndexes))
        {
            var index = UsageKeys.LogIndex(suffix.ToString());
            await db.SortedSetRemoveRangeByScoreAsync(index, double.NegativeInfinity, cutoff, Exclude.Stop);
            await db.ScriptEvaluateAsync(DropIfEmptyScript, [index, UsageKeys.LogIndexes], [suffix]);
        }

        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var removed = await TrimAsync();
                if (removed > 0)
                {
                    logger.LogInformation("Request log retention removed {Count} entries", removed);
                }
            }
            catch (RedisException ex)
            {
                logger.LogWarning(ex, "Request log retention failed; retrying on the next pass");
            }

            await Task.Delay(options.Value.RetentionInterval, time, stoppingToken);
        }
    }

    private static async Task RemoveAsync(IDatabase db, RedisValue[] ids)
    {
        var indexes = await db.SetMembersAsync(UsageKeys.LogIndexes);
        var batch = db.CreateBatch();
        var work = new List<Task>
        {
            batch.SortedSetRemoveAsync(UsageKeys.Log, ids),
            batch.KeyDeleteAsync([.. ids.Select(id => (RedisKey)UsageKeys.LogEntry(id.ToString()))]),
        };
        work.AddRange(indexes.Select(i => batch.SortedSetRemoveAsync(UsageKeys.LogIndex(i.ToString()), ids)));
        batch.Execute();
        await Task.WhenAll(work);
    }
}
