using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Users;
using StackExchange.Redis;

namespace Antigravity.Gateway.Benchmarks;

/// <summary>
/// The state a request's Redis work runs against, written by the product's own writers: accounts through
/// <see cref="PoolWriter"/> as AccountService (sign-in) and QuotaWorker (a scan: a quota per model, cooldowns until the
/// reset of an exhausted model) write them, and client keys as AccountService writes them (records, then the admission
/// copies through <see cref="AdmissionWriter"/>).
/// </summary>
internal static class PoolSeed
{
    public static readonly string[] Models =
        ["claude-sonnet-4-6", "claude-opus-4-6-thinking", "gemini-3-flash", "gemini-3-pro-high", "gemini-3-pro-low", "gemini-2.5-flash", "gemini-2.5-pro", "gpt-oss-120b-medium"];

    /// <summary>Every limit of every level is set (and never reached), so admission checks and counts all of them.</summary>
    private static readonly HashEntry[] s_limits =
    [
        new(ApiKeyFields.RequestsPerMinute, 1_000_000_000), new(ApiKeyFields.TokensPerMinute, 1_000_000_000_000),
        new(ApiKeyFields.MaxConcurrency, 100_000), new(ApiKeyFields.DailyTokenBudget, 1_000_000_000_000),
        new(ApiKeyFields.MonthlyTokenBudget, 1_000_000_000_000),
    ];

    /// <summary>A pool of <paramref name="size"/> active accounts with a quota for each of <see cref="Models"/>; every tenth
    /// is exhausted for the first model (so it waits in cooldown until the reset) and cooling down for the second.</summary>
    public static async Task<IReadOnlyList<string>> AccountsAsync(IDatabase db, int size)
    {
        var now = TimeProvider.System.GetUtcNow();
        var ids = new List<string>();
        for (var i = 0; i < size; i++)
        {
            var id = $"acc-{i:D4}";
            ids.Add(id);
            await PoolWriter.UpsertAccountAsync(db, id,
            [
                new(AccountFields.Id, id), new(AccountFields.RefreshToken, "v1:k1:" + new string('r', 200)),
                new(AccountFields.Status, AccountStatusNames.Format(AccountStatus.Active)), new(AccountFields.Email, $"{id}@example.com"),
                new(AccountFields.ProjectId, "project-" + id), new(AccountFields.Tier, "standard-tier"),
                new(AccountFields.AccessToken, "v1:k1:" + new string('a', 300)),
                new(AccountFields.AccessTokenExpiresAt, now.AddHours(1).ToUnixTimeMilliseconds()),
                new(AccountFields.AccessTokenRefreshedAt, now.ToUnixTimeMilliseconds()),
            ], [new(AccountFields.CreatedAt, now.ToUnixTimeMilliseconds()), new(AccountFields.Disabled, PoolWriter.FormatFlag(false))],
            [AccountFields.StatusReason, AccountFields.StatusUrl, AccountFields.LastError], now);

            var exhausted = i % 10 == 9;
            var quotas = Models.Select((model, k) => (model, quota: new ModelQuota(
                    exhausted && k == 0 ? 0 : 0.2 + (i * 7 + k) % 80 / 100.0, now.AddHours(3), now, model, 200_000, 64_000, model.Contains("thinking", StringComparison.Ordinal))))
                .ToDictionary(m => m.model, m => m.quota, StringComparer.Ordinal);
            await PoolWriter.WriteQuotaAsync(db, id, quotas, exhausted ? [(Models[0], now.AddHours(3))] : [], [], now);
            if (exhausted)
            {
                await PoolWriter.SetCooldownAsync(db, id, Models[1], now.AddHours(1), now);
            }
        }

        return ids;
    }

    /// <summary>One team of <paramref name="users"/> users with two keys each, limits on every level (key, user, team);
    /// returns the full keys, as a client presents them.</summary>
    public static async Task<IReadOnlyList<string>> KeysAsync(IDatabase db, int users)
    {
        const string team = "t-bench";
        await db.HashSetAsync(RedisKeys.Team(team), [new(UserFields.Id, team), new(UserFields.Name, team), .. s_limits]);
        await db.SetAddAsync(RedisKeys.Teams, team);
        await AdmissionWriter.SyncTeamAsync(db, team);
        var keys = new List<string>();
        for (var u = 0; u < users; u++)
        {
            var user = $"u-bench-{u}";
            await db.HashSetAsync(RedisKeys.User(user), [new(UserFields.Id, user), new(UserFields.Name, user), new(UserFields.Role, UserRoles.Member), new(UserFields.Team, team), .. s_limits]);
            await db.SetAddAsync(RedisKeys.Users, user);
            await db.SetAddAsync(RedisKeys.TeamMembers(team), user);
            await AdmissionWriter.SyncUserAsync(db, user);
            for (var k = 0; k < 2; k++)
            {
                var (id, key, salt, hash) = ApiKeyFormat.Generate();
                await db.HashSetAsync(RedisKeys.ApiKey(id),
                [
                    new(ApiKeyFields.Id, id), new(ApiKeyFields.Name, $"{user}-{k}"), new(ApiKeyFields.Prefix, ApiKeyFormat.DisplayPrefix(key)),
                    new(ApiKeyFields.Salt, salt), new(ApiKeyFields.Hash, hash), new(ApiKeyFields.Disabled, "false"), new(ApiKeyFields.User, user), .. s_limits,
                ]);
                await db.SetAddAsync(RedisKeys.ApiKeys, id);
                await db.SetAddAsync(RedisKeys.UserKeys(user), id);
                await AdmissionWriter.SyncKeyAsync(db, id);
                keys.Add(key);
            }
        }

        return keys;
    }
}
