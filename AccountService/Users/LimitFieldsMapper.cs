using Antigravity.AdminClient.Users;
using Antigravity.ClusterState.Keys;
using StackExchange.Redis;

namespace Antigravity.AccountService.Users;

/// <summary>Limits of a user or team record to and from its hash fields (absent or 0 = unlimited, so 0 is not stored).</summary>
internal static class LimitFieldsMapper
{
    public static (HashEntry[] Set, RedisValue[] Clear) ToFields(UsageLimits limits)
    {
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
        return ([.. set], [.. clear]);
    }

    public static async Task WriteAsync(IDatabase db, string key, UsageLimits limits)
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

    public static UsageLimits FromFields(IReadOnlyDictionary<string, string> map)
    {
        long Number(string field) => map.TryGetValue(field, out var v) && long.TryParse(v, out var n) ? n : 0;
        return new UsageLimits
        {
            RequestsPerMinute = (int)Number(ApiKeyFields.RequestsPerMinute),
            TokensPerMinute = Number(ApiKeyFields.TokensPerMinute),
            MaxConcurrency = (int)Number(ApiKeyFields.MaxConcurrency),
            DailyTokenBudget = Number(ApiKeyFields.DailyTokenBudget),
            MonthlyTokenBudget = Number(ApiKeyFields.MonthlyTokenBudget),
        };
    }
}
