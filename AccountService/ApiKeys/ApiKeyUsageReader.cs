using Antigravity.AdminClient.ApiKeys;
using Antigravity.ClusterState;
using StackExchange.Redis;

namespace Antigravity.AccountService.ApiKeys;

/// <summary>
/// Each key's usage today and this month (UTC), from QuotaWorker's daily counters (<see cref="RedisKeys.UsageDay"/>,
/// dimension <c>key</c>): the figures of the panel's usage dialog. One batch of HMGETs, one per day of the month, whatever
/// the number of keys.
/// </summary>
internal sealed class ApiKeyUsageReader(ClusterRedis redis, TimeProvider time)
{
    // QuotaWorker's metric names (UsageKeys.Metrics).
    private static readonly string[] s_metrics = ["requests", "input", "output"];

    public async Task<IReadOnlyDictionary<string, ApiKeyUsage>> ReadAsync(IReadOnlyList<string> keyIds)
    {
        if (keyIds.Count == 0)
        {
            return new Dictionary<string, ApiKeyUsage>();
        }

        var now = time.GetUtcNow();
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        RedisValue[] fields = [.. keyIds.SelectMany(id => s_metrics.Select(m => (RedisValue)RedisKeys.UsageField(id, m)))];
        var batch = redis.Database.CreateBatch();
        var days = Enumerable.Range(0, now.UtcDateTime.Day)
            .Select(d => batch.HashGetAsync(RedisKeys.UsageDay(monthStart.AddDays(d), "key"), fields))
            .ToList();
        batch.Execute();

        // Per key: requests today, tokens today, tokens this month.
        var sums = new long[keyIds.Count, 3];
        for (var d = 0; d < days.Count; d++)
        {
            var values = await days[d];
            var today = d == days.Count - 1;
            for (var k = 0; k < keyIds.Count; k++)
            {
                var tokens = Number(values[(k * 3) + 1]) + Number(values[(k * 3) + 2]);
                sums[k, 2] += tokens;
                if (today)
                {
                    sums[k, 0] = Number(values[k * 3]);
                    sums[k, 1] = tokens;
                }
            }
        }

        var usage = new Dictionary<string, ApiKeyUsage>(keyIds.Count, StringComparer.Ordinal);
        for (var k = 0; k < keyIds.Count; k++)
        {
            usage[keyIds[k]] = new ApiKeyUsage { RequestsToday = sums[k, 0], TokensToday = sums[k, 1], TokensThisMonth = sums[k, 2] };
        }

        return usage;
    }

    private static long Number(RedisValue value) => value.TryParse(out long n) ? n : 0;
}
