using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.QuotaWorker.Scanning;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Antigravity.QuotaWorker.PoolHealth;

/// <summary>
/// Keeps the pool honest without waiting for a request: deletes cooldown fields whose time has passed (so the account
/// is selectable again) and lets health scores recover by <see cref="PoolHealthOptions.RecoveryPerHour"/> up to the ceiling,
/// in whole points, carrying the remainder in <see cref="AccountFields.HealthUpdatedAt"/>. One script per account, so a
/// Gateway penalty written meanwhile is never lost. Replicas may run it together: every step is idempotent.
/// </summary>
internal sealed class PoolMaintenance(
    ClusterRedis redis,
    CatalogBuilder catalog,
    TimeProvider time,
    IOptions<PoolHealthOptions> options,
    ILogger<PoolMaintenance> logger) : BackgroundService
{
    private const string Script = $$"""
        local now = tonumber(ARGV[1])
        local cleared = 0
        local cooldowns = redis.call('HGETALL', KEYS[2])
        for i = 1, #cooldowns, 2 do
          local untilMs = tonumber(cooldowns[i + 1])
          if untilMs == nil or untilMs <= now then redis.call('HDEL', KEYS[2], cooldowns[i]); cleared = cleared + 1 end
        end
        if redis.call('EXISTS', KEYS[1]) == 0 then return cleared end
        local health = tonumber(redis.call('HGET', KEYS[1], '{{AccountFields.Health}}') or '')
        if health == nil then return cleared end
        local perHour, max = tonumber(ARGV[2]), tonumber(ARGV[3])
        local at = tonumber(redis.call('HGET', KEYS[1], '{{AccountFields.HealthUpdatedAt}}') or '')
        if at == nil or health >= max then
          redis.call('HSET', KEYS[1], '{{AccountFields.HealthUpdatedAt}}', now)
          return cleared
        end
        local gain = math.floor((now - at) * perHour / 3600000)
        if gain >= 1 then
          local recovered = math.min(max, health + gain)
          local carried = recovered >= max and now or at + math.floor(gain * 3600000 / perHour)
          redis.call('HSET', KEYS[1], '{{AccountFields.Health}}', recovered, '{{AccountFields.HealthUpdatedAt}}', carried)
        end
        return cleared
        """;

    /// <summary>One pass over every account; returns how many cooldowns were cleared.</summary>
    public async Task<long> RunOnceAsync()
    {
        var db = redis.Database;
        var settings = options.Value;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var ids = await db.SetMembersAsync(RedisKeys.Accounts);
        var batch = db.CreateBatch();
        var calls = ids.Select(id => batch.ScriptEvaluateAsync(
            Script,
            [RedisKeys.Account(id.ToString()), RedisKeys.Cooldowns(id.ToString())],
            [now, settings.RecoveryPerHour, settings.MaxHealth])).ToList();
        batch.Execute();
        var cleared = (await Task.WhenAll(calls)).Sum(r => (long)r);
        if (cleared > 0)
        {
            // Availability changed: the catalogue's counts and soonest resets follow.
            await catalog.RebuildAsync();
        }

        return cleared;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var cleared = await RunOnceAsync();
                if (cleared > 0)
                {
                    logger.LogInformation("Cleared {Count} expired cooldowns", cleared);
                }
            }
            catch (RedisException ex)
            {
                logger.LogWarning(ex, "Pool maintenance failed; retrying on the next pass");
            }

            await Task.Delay(options.Value.Interval, time, stoppingToken);
        }
    }
}
