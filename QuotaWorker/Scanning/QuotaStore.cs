using System.Text.Json;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.CloudCodeClient.Quota;
using StackExchange.Redis;

namespace Antigravity.QuotaWorker.Scanning;

/// <summary>
/// Writes one scan's result in one script: the account's <see cref="RedisKeys.Quota"/> hash is replaced, exhausted models
/// get a cooldown until their reset in <see cref="RedisKeys.Cooldowns"/> (only ever extended: the Gateway may already hold
/// a later one), and <c>deprecatedModelIds</c> become <see cref="RedisKeys.ModelForwarding"/> rules. All three keys share
/// the <c>{pool}</c> hash tag.
/// </summary>
internal sealed class QuotaStore(ClusterRedis redis)
{
    private const string Script = """
        redis.call('DEL', KEYS[1])
        local n = tonumber(ARGV[1])
        local i = 4
        for _ = 1, n do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]); i = i + 2 end
        for _ = 1, tonumber(ARGV[2]) do
          local current = tonumber(redis.call('HGET', KEYS[2], ARGV[i]) or '0') or 0
          if tonumber(ARGV[i + 1]) > current then redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
          i = i + 2
        end
        for _ = 1, tonumber(ARGV[3]) do redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1]); i = i + 2 end
        return n
        """;

    /// <summary>Stores <paramref name="models"/> for <paramref name="accountId"/>; returns the stored quota per model.</summary>
    public async Task<IReadOnlyDictionary<string, ModelQuota>> WriteAsync(string accountId, AvailableModels models, DateTimeOffset scannedAt)
    {
        var quotas = (models.Models ?? []).ToDictionary(
            m => m.Key,
            m => new ModelQuota(
                m.Value.QuotaInfo is null ? 1 : m.Value.QuotaInfo.Remaining,
                m.Value.QuotaInfo?.ResetAt,
                scannedAt,
                m.Value.DisplayName,
                m.Value.MaxTokens,
                m.Value.MaxOutputTokens,
                m.Value.SupportsThinking ?? false),
            StringComparer.Ordinal);
        var cooldowns = quotas
            .Where(q => q.Value.RemainingFraction <= 0 && q.Value.ResetTime > scannedAt)
            .Select(q => (q.Key, q.Value.ResetTime!.Value.ToUnixTimeMilliseconds()))
            .ToList();
        var forwarding = (models.DeprecatedModelIds ?? [])
            .Where(d => !string.IsNullOrEmpty(d.Value.NewModelId))
            .Select(d => (d.Key, d.Value.NewModelId!))
            .ToList();

        var args = new List<RedisValue> { quotas.Count, cooldowns.Count, forwarding.Count };
        foreach (var (model, quota) in quotas)
        {
            args.Add(model);
            args.Add(JsonSerializer.Serialize(quota, PoolStateJsonContext.Default.ModelQuota));
        }

        foreach (var (model, until) in cooldowns)
        {
            args.Add(model);
            args.Add(until);
        }

        foreach (var (from, to) in forwarding)
        {
            args.Add(from);
            args.Add(to);
        }

        await redis.Database.ScriptEvaluateAsync(
            Script,
            [RedisKeys.Quota(accountId), RedisKeys.Cooldowns(accountId), RedisKeys.ModelForwarding],
            [.. args]);
        return quotas;
    }
}
