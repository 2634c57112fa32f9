using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.CloudCodeClient.Quota;
using StackExchange.Redis;

namespace Antigravity.QuotaWorker.Scanning;

/// <summary>
/// Writes one scan's result in one script (<see cref="PoolWriter.WriteQuotaAsync"/>): the account's
/// <see cref="RedisKeys.Quota"/> hash is replaced, exhausted models get a cooldown until their reset in
/// <see cref="RedisKeys.Cooldowns"/> (only ever extended: the Gateway may already hold a later one), <c>deprecatedModelIds</c>
/// become <see cref="RedisKeys.ModelForwarding"/> rules, and the account's place in the selection index follows.
/// </summary>
internal sealed class QuotaStore(ClusterRedis redis)
{
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
            .Select(q => (q.Key, q.Value.ResetTime!.Value))
            .ToList();
        var forwarding = (models.DeprecatedModelIds ?? [])
            .Where(d => !string.IsNullOrEmpty(d.Value.NewModelId))
            .Select(d => (d.Key, d.Value.NewModelId!))
            .ToList();

        await PoolWriter.WriteQuotaAsync(redis.Database, accountId, quotas, cooldowns, forwarding, scannedAt);
        return quotas;
    }
}
