using System.Text.Json;
using Antigravity.AccountService.Hosting;
using Antigravity.AdminClient.ApiKeys;
using Antigravity.AdminClient.Users;
using Antigravity.ClusterState.Keys;
using StackExchange.Redis;

namespace Antigravity.AccountService.Limits;

/// <summary>
/// The one mapping of limits to and from hash fields, for keys, users and teams alike (every level uses the names of
/// <see cref="ApiKeyFields"/>, so one admission script reads them all). Absent or 0 = unlimited, so 0 is not stored; a
/// key's limits add its expiry and allowed models.
/// </summary>
internal static class LimitFields
{
    public static (HashEntry[] Set, RedisValue[] Clear) ToFields(IUsageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var set = new List<HashEntry>();
        var clear = new List<RedisValue>();
        void Put(string field, long value)
        {
            if (value > 0)
            {
                set.Add(new(field, value));
            }
            else
            {
                clear.Add(field);
            }
        }

        Put(ApiKeyFields.RequestsPerMinute, limits.RequestsPerMinute);
        Put(ApiKeyFields.TokensPerMinute, limits.TokensPerMinute);
        Put(ApiKeyFields.MaxConcurrency, limits.MaxConcurrency);
        Put(ApiKeyFields.DailyTokenBudget, limits.DailyTokenBudget);
        Put(ApiKeyFields.MonthlyTokenBudget, limits.MonthlyTokenBudget);
        if (limits is ApiKeyLimits key)
        {
            Put(ApiKeyFields.ExpiresAt, key.ExpiresAt?.ToUnixTimeMilliseconds() ?? 0);
            if (key.AllowedModels is { Count: > 0 } models)
            {
                set.Add(new(ApiKeyFields.AllowedModels, JsonSerializer.Serialize(models.ToList(), ConfigJsonContext.Default.ListString)));
            }
            else
            {
                clear.Add(ApiKeyFields.AllowedModels);
            }
        }

        return ([.. set], [.. clear]);
    }

    /// <summary>Replaces the limits stored in the hash <paramref name="key"/>, in one transaction.</summary>
    public static async Task WriteAsync(IDatabase db, string key, IUsageLimits limits)
    {
        var (set, clear) = ToFields(limits);
        var tx = db.CreateTransaction();
        if (set.Length > 0)
        {
            _ = tx.HashSetAsync(key, set);
        }

        if (clear.Length > 0)
        {
            _ = tx.HashDeleteAsync(key, clear);
        }

        await tx.ExecuteAsync();
    }

    public static UsageLimits ReadUsage(IReadOnlyDictionary<string, string> map) => new()
    {
        RequestsPerMinute = (int)Number(map, ApiKeyFields.RequestsPerMinute),
        TokensPerMinute = Number(map, ApiKeyFields.TokensPerMinute),
        MaxConcurrency = (int)Number(map, ApiKeyFields.MaxConcurrency),
        DailyTokenBudget = Number(map, ApiKeyFields.DailyTokenBudget),
        MonthlyTokenBudget = Number(map, ApiKeyFields.MonthlyTokenBudget),
    };

    public static ApiKeyLimits ReadKey(IReadOnlyDictionary<string, string> map) => new()
    {
        RequestsPerMinute = (int)Number(map, ApiKeyFields.RequestsPerMinute),
        TokensPerMinute = Number(map, ApiKeyFields.TokensPerMinute),
        MaxConcurrency = (int)Number(map, ApiKeyFields.MaxConcurrency),
        DailyTokenBudget = Number(map, ApiKeyFields.DailyTokenBudget),
        MonthlyTokenBudget = Number(map, ApiKeyFields.MonthlyTokenBudget),
        AllowedModels = map.TryGetValue(ApiKeyFields.AllowedModels, out var models) && models.Length > 0
            ? JsonSerializer.Deserialize(models, ConfigJsonContext.Default.ListString) ?? []
            : [],
        ExpiresAt = map.TryGetValue(ApiKeyFields.ExpiresAt, out var expires) && expires.Length > 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(Number(map, ApiKeyFields.ExpiresAt))
            : null,
    };

    private static long Number(IReadOnlyDictionary<string, string> map, string field) =>
        map.TryGetValue(field, out var v) && long.TryParse(v, out var n) ? n : 0;
}
