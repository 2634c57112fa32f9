using System.Text.Json;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Routing;
using Antigravity.QuotaWorker.PoolHealth;
using StackExchange.Redis;

namespace Antigravity.QuotaWorker.Scanning;

/// <summary>
/// Rebuilds <see cref="RedisKeys.Catalog"/>: the union of the models every account reported, with how many serving
/// accounts can take the model now and the soonest moment another one can.
/// </summary>
internal sealed class CatalogBuilder(ClusterRedis redis, PoolReader pool)
{
    public async Task<IReadOnlyList<CatalogModel>> RebuildAsync()
    {
        var snapshot = await pool.ReadAsync();
        var catalog = Build(snapshot);

        var transaction = redis.Database.CreateTransaction();
        _ = transaction.KeyDeleteAsync(RedisKeys.Catalog);
        if (catalog.Count > 0)
        {
            _ = transaction.HashSetAsync(
                RedisKeys.Catalog,
                [.. catalog.Select(m => new HashEntry(m.Id, JsonSerializer.Serialize(m, PoolStateJsonContext.Default.CatalogModel)))]);
        }

        await transaction.ExecuteAsync();
        return catalog;
    }

    /// <summary>One entry per model any account reported; <c>SoonestReset</c> is the earliest moment an account that cannot serve it now can again.</summary>
    public static IReadOnlyList<CatalogModel> Build(PoolSnapshot snapshot)
    {
        var now = snapshot.ReadAt;
        return [.. snapshot.Accounts
            .SelectMany(a => a.Quotas.Select(q => (Account: a, Model: q.Key, Quota: q.Value)))
            .GroupBy(x => x.Model, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var described = g.Select(x => x.Quota).FirstOrDefault(q => q.DisplayName is not null) ?? g.First().Quota;
                var serving = g.Where(x => x.Account.Serving).ToList();
                var resets = serving
                    .Where(x => !x.Account.Available(g.Key, now))
                    .Select(x => x.Account.UnavailableUntil(g.Key, now))
                    .Where(r => r is not null)
                    .ToList();
                return new CatalogModel(
                    g.Key,
                    ModelLabels.DisplayName(g.Key, described.DisplayName),
                    described.MaxTokens,
                    described.MaxOutputTokens,
                    g.Any(x => x.Quota.SupportsThinking),
                    serving.Count(x => x.Account.Available(g.Key, now)),
                    g.Count(),
                    resets.Count > 0 ? resets.Min() : null);
            })];
    }
}
