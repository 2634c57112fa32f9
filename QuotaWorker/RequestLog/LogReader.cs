using Antigravity.ClusterState;
using System.Text.Json;
using Antigravity.ClusterState.Usage;
using Antigravity.QuotaWorker.Api;
using Antigravity.QuotaWorker.Usage;
using StackExchange.Redis;

namespace Antigravity.QuotaWorker.RequestLog;

/// <summary>
/// Pages through the request log newest first. One filter reads its index directly; several are intersected into a
/// short-lived temporary set (same hash tag, so this works on Redis Cluster too).
/// </summary>
internal sealed class LogReader(ClusterRedis redis)
{
    public async Task<LogPage> QueryAsync(LogQuery query)
    {
        var db = redis.Database;
        var min = query.From?.ToUnixTimeMilliseconds() ?? double.NegativeInfinity;
        var max = query.To?.ToUnixTimeMilliseconds() ?? double.PositiveInfinity;
        var indexes = query.Indexes();
        RedisKey source = indexes.Count switch
        {
            0 => UsageKeys.Log,
            1 => UsageKeys.LogIndex(indexes[0]),
            _ => UsageKeys.LogTemp(),
        };

        try
        {
            if (indexes.Count > 1)
            {
                await db.SortedSetCombineAndStoreAsync(SetOperation.Intersect, source, [.. indexes.Select(i => (RedisKey)UsageKeys.LogIndex(i))], aggregate: Aggregate.Max);
                await db.KeyExpireAsync(source, TimeSpan.FromSeconds(30));
            }

            var total = await db.SortedSetLengthAsync(source, min, max);
            var ids = await db.SortedSetRangeByScoreAsync(source, min, max, order: Order.Descending, skip: (long)(query.Page - 1) * query.PageSize, take: query.PageSize);
            var items = await ReadEntriesAsync(db, ids);
            return new LogPage(query.Page, query.PageSize, total, items);
        }
        finally
        {
            if (indexes.Count > 1)
            {
                await db.KeyDeleteAsync(source);
            }
        }
    }

    public async Task<RequestLogEntry?> GetAsync(string requestId)
    {
        var value = await redis.Database.StringGetAsync(UsageKeys.LogEntry(requestId));
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize(value.ToString(), ApiJsonContext.Default.RequestLogEntry);
    }

    /// <summary>Requests that started since <paramref name="since"/> (bounded by what the log retains).</summary>
    public Task<long> CountSinceAsync(DateTimeOffset since) =>
        redis.Database.SortedSetLengthAsync(UsageKeys.Log, since.ToUnixTimeMilliseconds(), double.PositiveInfinity);

    private static async Task<IReadOnlyList<RequestLogEntry>> ReadEntriesAsync(IDatabase db, RedisValue[] ids)
    {
        if (ids.Length == 0)
        {
            return [];
        }

        var values = await db.StringGetAsync([.. ids.Select(id => (RedisKey)UsageKeys.LogEntry(id.ToString()))]);
        return [.. values.Where(v => !v.IsNullOrEmpty).Select(v => JsonSerializer.Deserialize(v.ToString(), ApiJsonContext.Default.RequestLogEntry)!)];
    }
}
