using Antigravity.ClusterState;
using Antigravity.QuotaWorker.Api;
using StackExchange.Redis;

namespace Antigravity.QuotaWorker.Usage;

/// <summary>Reads the counters written by <see cref="UsageRecorder"/>: totals for one id, and series for charts.</summary>
internal sealed class UsageReader(ClusterRedis redis)
{
    /// <summary>The most buckets one series request may span.</summary>
    public const int MaxBuckets = 750;

    /// <summary>Sums one id's daily counters over <paramref name="days"/>.</summary>
    public async Task<UsageTotals> TotalsAsync(string dimension, string id, IEnumerable<DateTimeOffset> days)
    {
        RedisValue[] fields = [.. UsageKeys.Metrics.Select(m => (RedisValue)UsageKeys.Field(id, m))];
        var batch = redis.Database.CreateBatch();
        var reads = days.Select(d => batch.HashGetAsync(UsageKeys.Day(d, dimension), fields)).ToList();
        batch.Execute();
        var sums = new long[UsageKeys.Metrics.Length];
        foreach (var read in reads)
        {
            var values = await read;
            for (var i = 0; i < sums.Length; i++)
            {
                sums[i] += values[i].TryParse(out long v) ? v : 0;
            }
        }

        return Totals(sums);
    }

    /// <summary>Counters per bucket from <paramref name="from"/> to <paramref name="to"/>, one series per group (or one named <c>all</c>).</summary>
    public async Task<UsageSeriesResponse> SeriesAsync(DateTimeOffset from, DateTimeOffset to, bool hourly, string? groupBy)
    {
        var buckets = Buckets(from, to, hourly);
        var dimension = groupBy ?? "all";
        var batch = redis.Database.CreateBatch();
        var reads = buckets.Select(b => batch.HashGetAllAsync(hourly ? UsageKeys.Hour(b, dimension) : UsageKeys.Day(b, dimension))).ToList();
        batch.Execute();

        // name → metric index → bucket values
        var groups = new Dictionary<string, long[][]>(StringComparer.Ordinal);
        for (var b = 0; b < reads.Count; b++)
        {
            foreach (var entry in await reads[b])
            {
                var field = entry.Name.ToString();
                var separator = field.LastIndexOf('|');
                var metric = separator < 0 ? -1 : Array.IndexOf(UsageKeys.Metrics, field[(separator + 1)..]);
                if (metric < 0 || !entry.Value.TryParse(out long value))
                {
                    continue;
                }

                var name = groupBy is null ? "all" : field[..separator];
                if (!groups.TryGetValue(name, out var series))
                {
                    series = [.. UsageKeys.Metrics.Select(_ => new long[buckets.Count])];
                    groups[name] = series;
                }

                series[metric][b] += value;
            }
        }

        var result = groups
            .Select(g => new UsageSeries(g.Key, g.Value[0], g.Value[1], g.Value[2], g.Value[3], g.Value[4], g.Value[5], Totals([.. g.Value.Select(v => v.Sum())])))
            .OrderByDescending(s => s.Totals.Requests)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        return new UsageSeriesResponse(from, to, hourly ? "hour" : "day", groupBy, buckets, result);
    }

    /// <summary>Bucket start times covering the range (UTC hours or days).</summary>
    public static List<DateTimeOffset> Buckets(DateTimeOffset from, DateTimeOffset to, bool hourly)
    {
        var step = hourly ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
        var start = new DateTimeOffset(from.UtcTicks - (from.UtcTicks % step.Ticks), TimeSpan.Zero);
        var buckets = new List<DateTimeOffset>();
        for (var at = start; at <= to && buckets.Count < MaxBuckets; at += step)
        {
            buckets.Add(at);
        }

        return buckets;
    }

    private static UsageTotals Totals(long[] sums) =>
        new(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[0] == 0 ? 0 : Math.Round((double)sums[6] / sums[0], 1));
}
