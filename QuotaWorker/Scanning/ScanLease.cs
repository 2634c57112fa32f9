using Antigravity.ClusterState;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Antigravity.QuotaWorker.Scanning;

/// <summary>
/// The per-account scan lease (<see cref="RedisKeys.ScanLease"/>). Value <c>busy:&lt;token&gt;</c> while a replica scans
/// (expires after <see cref="ScanningOptions.LeaseDuration"/>, so a crash leaks nothing); on release the holder swaps its own
/// value for <c>done</c> with the <see cref="ScanningOptions.Freshness"/> TTL (compare-and-set), or deletes it when freshness is 0.
/// Scheduled scans acquire with <c>SET NX PX</c>, so they also skip fresh accounts; event-driven scans may take over a
/// <c>done</c> marker but never a <c>busy</c> lease.
/// </summary>
internal sealed class ScanLease(ClusterRedis redis, IOptions<ScanningOptions> options)
{
    private const string AcquireForcedScript = """
        local v = redis.call('GET', KEYS[1])
        if v and string.sub(v, 1, 5) == 'busy:' then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[1], 'done', 'PX', ARGV[2]) else redis.call('DEL', KEYS[1]) end
        return 1
        """;

    /// <summary>Takes the lease; returns its value (to release with) or null when another replica holds it (or, unforced, it is fresh).</summary>
    public async Task<string?> TryAcquireAsync(string accountId, bool force)
    {
        var value = $"busy:{Guid.NewGuid():N}";
        var key = RedisKeys.ScanLease(accountId);
        var ttl = options.Value.LeaseDuration;
        bool acquired;
        if (force)
        {
            var result = await redis.Database.ScriptEvaluateAsync(AcquireForcedScript, [key], [value, (long)ttl.TotalMilliseconds]);
            acquired = (long)result == 1;
        }
        else
        {
            acquired = await redis.Database.StringSetAsync(key, value, ttl, When.NotExists);
        }

        return acquired ? value : null;
    }

    /// <summary>Releases the lease if this replica still holds it, leaving the freshness marker.</summary>
    public async Task ReleaseAsync(string accountId, string value, bool fresh) =>
        await redis.Database.ScriptEvaluateAsync(ReleaseScript, [RedisKeys.ScanLease(accountId)], [value, fresh ? (long)options.Value.Freshness.TotalMilliseconds : 0]);
}
