using System.Security.Cryptography;
using System.Text;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.Pipeline;
using StackExchange.Redis;

namespace Antigravity.Gateway.Accounts;

/// <summary>An account chosen for one attempt, holding a concurrency lease until <see cref="AccountPool.Release"/>.</summary>
internal sealed record AccountLease(string AccountId, string LeaseId, string Model, string? EncryptedAccessToken, long AccessTokenExpiresAt, string? ProjectId)
{
    /// <summary>The hybrid strategy took one of the account's bucket tokens for this lease (given back on failure).</summary>
    public bool TokenTaken { get; init; }

    /// <summary>The lease was counted against the concurrency limits (only while one is set).</summary>
    public bool Counted { get; init; }
}

/// <summary>The outcome of a choice: a lease, or how long until the earliest limited account frees up (null = never);
/// <paramref name="AllBusy"/> when the only obstacle was concurrency limits (no cooldown or empty quota).</summary>
internal readonly record struct Selection(AccountLease? Lease, TimeSpan? EarliestReset, bool AllBusy = false);

/// <summary>The account pool in Redis: choose-and-lease, release, cooldowns, and status marks.</summary>
internal sealed class AccountPool(ClusterRedis redis, TimeProvider time)
{
    /// <summary>Chooses an account for <paramref name="model"/> with the configured strategy and leases it (one script). The
    /// script reads the selection index that the pool's writers keep (<see cref="PoolWriter"/>), so its work does not grow
    /// with the pool; <paramref name="accountIds"/> (the replica's snapshot) only tells whether the pool is empty.</summary>
    public async Task<Selection> SelectAsync(
        IReadOnlyList<string> accountIds, string model, GatewaySettings settings, string? sessionKey,
        IReadOnlyCollection<string> excluded, TimeSpan leaseTtl, TimeSpan stickyTtl)
    {
        if (accountIds.Count == 0)
        {
            return new Selection(null, null);
        }

        RedisKey[] keys =
        [
            RedisKeys.Serving, RedisKeys.Sticky(SessionHash(sessionKey)), RedisKeys.RoundRobinCursor, RedisKeys.PoolSchema,
            RedisKeys.Ready(model), RedisKeys.Waiting(model), RedisKeys.Remaining(model),
        ];
        var leaseId = Ids.Hex(16);
        RedisValue[] args =
        [
            time.GetUtcNow().ToUnixTimeMilliseconds(), model, StrategyName(settings.Strategy),
            sessionKey is null ? 0 : (long)stickyTtl.TotalMilliseconds, leaseId, (long)leaseTtl.TotalMilliseconds,
            settings.MaxConcurrentPerAccount, settings.MaxConcurrentPerAccountModel, Random.Shared.Next(1, int.MaxValue - 1),
            excluded.Count == 0 ? "," : "," + string.Join(',', excluded) + ",", AccountScripts.Window,
        ];

        var result = (RedisResult[]?)await AccountScripts.Select.EvaluateAsync(redis.Db, keys, args);
        if (result is [var first] && first.ToString() == "migrate")
        {
            // A pool written by an earlier version (or a flushed Redis): bring it to the current shape once, then choose.
            await PoolMigration.RunAsync(redis.Db, time);
            args[0] = time.GetUtcNow().ToUnixTimeMilliseconds();
            result = (RedisResult[]?)await AccountScripts.Select.EvaluateAsync(redis.Db, keys, args);
        }

        if (result is null || result.Length == 0 || result[0].ToString() != "ok")
        {
            var wait = result is { Length: > 1 } && long.TryParse(result[1].ToString(), out var ms) && ms >= 0 ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
            return new Selection(null, wait, result is { Length: > 2 } && result[2].ToString() == "busy");
        }

        var token = result[2].ToString();
        return new Selection(
            new AccountLease(
                result[1].ToString(), leaseId, model,
                string.IsNullOrEmpty(token) ? null : token,
                long.TryParse(result[3].ToString(), out var exp) ? exp : 0,
                result[4].ToString() is { Length: > 0 } project ? project : null)
            {
                TokenTaken = result.Length > 5 && result[5].ToString() == "1",
                Counted = result.Length > 6 && result[6].ToString() == "1",
            },
            null);
    }

    /// <summary>Releases the lease and nudges the hybrid health score (+1 success, −10 rate limit, −20 failure); a failed or
    /// rate-limited attempt (negative delta) gives back the bucket token its selection took. Fire-and-forget.</summary>
    public void Release(AccountLease lease, int healthDelta) =>
        AccountScripts.Release.Fire(
            redis.Db,
            [RedisKeys.Leases(lease.AccountId), RedisKeys.ModelLeases(lease.AccountId, lease.Model), RedisKeys.Account(lease.AccountId)],
            [lease.LeaseId, healthDelta, time.GetUtcNow().ToUnixTimeMilliseconds(), lease.TokenTaken && healthDelta < 0 ? "1" : "0", lease.Counted ? "1" : "0"]);

    /// <summary>Puts account × model (or the whole account with <c>*</c>) in cooldown until <paramref name="until"/>, for every replica.</summary>
    public Task SetCooldownAsync(string accountId, string model, DateTimeOffset until) =>
        PoolWriter.SetCooldownAsync(redis.Db, accountId, model, until, time.GetUtcNow());

    /// <summary>Marks the account unusable with a reason and Google's URL (validation or appeal).</summary>
    public Task MarkAsync(string accountId, AccountStatus status, string reason, string? url) =>
        PoolWriter.SetFieldsAsync(redis.Db, accountId,
        [
            new HashEntry(AccountFields.Status, AccountStatusNames.Format(status)),
            new HashEntry(AccountFields.StatusReason, reason),
            new HashEntry(AccountFields.StatusUrl, url ?? ""),
            new HashEntry(AccountFields.LastError, reason),
        ], time.GetUtcNow());

    /// <summary>Re-reads the (encrypted) access token after a refresh.</summary>
    public async Task<(string? Token, long ExpiresAt)> ReadTokenAsync(string accountId)
    {
        var values = await redis.Db.HashGetAsync(RedisKeys.Account(accountId), [AccountFields.AccessToken, AccountFields.AccessTokenExpiresAt]);
        return (values[0].IsNullOrEmpty ? null : values[0].ToString(), long.TryParse(values[1].ToString(), out var exp) ? exp : 0);
    }

    private static string StrategyName(SelectionStrategy strategy) => strategy switch
    {
        SelectionStrategy.RoundRobin => "roundrobin",
        SelectionStrategy.Hybrid => "hybrid",
        SelectionStrategy.Weighted => "weighted",
        SelectionStrategy.Random => "random",
        _ => "sticky",
    };

    /// <summary>Session keys are client-chosen: hash them into a bounded, safe key part.</summary>
    private static string SessionHash(string? sessionKey) => sessionKey is null
        ? "_"
        : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionKey)).AsSpan(0, 16));
}
