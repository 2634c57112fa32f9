using StackExchange.Redis;

namespace Antigravity.ClusterState.Accounts;

/// <summary>
/// Brings a pool written by an earlier version to the current shape (<see cref="Version"/>), idempotently: statuses and
/// <c>disabled</c> flags in their one spelling, quota JSON in camelCase with its numbers in <see cref="RedisKeys.Remaining"/>
/// and <see cref="RedisKeys.Exhausted"/>, and the selection index rebuilt from the stored state. One process runs it at a
/// time (<see cref="RedisKeys.PoolMigrationLock"/>); the others wait for <see cref="RedisKeys.PoolSchema"/>. Users keep
/// their Redis across upgrades, so the Gateway runs this when its selection finds the marker missing.
/// </summary>
public static class PoolMigration
{
    public const string Version = "2";

    private static readonly TimeSpan s_lockTtl = TimeSpan.FromSeconds(60);

    /// <summary>Migrates unless <see cref="RedisKeys.PoolSchema"/> already says <see cref="Version"/>; returns true when this call did the work.</summary>
    public static async Task<bool> RunAsync(IDatabase db, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        if (await db.StringGetAsync(RedisKeys.PoolSchema).ConfigureAwait(false) == Version)
        {
            return false;
        }

        var token = Guid.NewGuid().ToString("N");
        if (!await db.StringSetAsync(RedisKeys.PoolMigrationLock, token, s_lockTtl, When.NotExists).ConfigureAwait(false))
        {
            var deadline = time.GetTimestamp();
            while (time.GetElapsedTime(deadline) < s_lockTtl && await db.StringGetAsync(RedisKeys.PoolSchema).ConfigureAwait(false) != Version)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
            }

            return false;
        }

        try
        {
            // Checked again under the lock: another process may have finished between the read above and taking the lock.
            // Migrating a second time would drop the index while the marker already tells every selection to trust it.
            if (await db.StringGetAsync(RedisKeys.PoolSchema).ConfigureAwait(false) == Version)
            {
                return false;
            }

            await MigrateAsync(db, time).ConfigureAwait(false);
            await db.StringSetAsync(RedisKeys.PoolSchema, Version).ConfigureAwait(false);
            return true;
        }
        finally
        {
            await db.ScriptEvaluateAsync(
                "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
                [RedisKeys.PoolMigrationLock], [token]).ConfigureAwait(false);
        }
    }

    private static async Task MigrateAsync(IDatabase db, TimeProvider time)
    {
        // The index is derived state: drop it and build it again from the stored accounts.
        var models = await db.SetMembersAsync(RedisKeys.PoolModels).ConfigureAwait(false);
        var index = new List<RedisKey> { RedisKeys.Serving, RedisKeys.PoolModels };
        foreach (var model in models.Select(m => m.ToString()))
        {
            index.AddRange([RedisKeys.Ready(model), RedisKeys.Waiting(model), RedisKeys.Remaining(model), RedisKeys.Exhausted(model)]);
        }

        await db.KeyDeleteAsync([.. index]).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var ids = (await db.SetMembersAsync(RedisKeys.Accounts).ConfigureAwait(false)).Select(v => v.ToString()).ToList();
        foreach (var id in ids)
        {
            var stored = await db.HashGetAsync(RedisKeys.Account(id), [AccountFields.Status, AccountFields.Disabled]).ConfigureAwait(false);
            var canonical = new List<HashEntry>();
            if (!stored[0].IsNullOrEmpty && AccountStatusNames.Format(AccountStatusNames.ParseStored(stored[0].ToString())) is var status && status != stored[0])
            {
                canonical.Add(new(AccountFields.Status, status));
            }

            if (!stored[1].IsNull && PoolWriter.FormatFlag(PoolStateReader.ParseFlag(stored[1].ToString())) is var flag && flag != stored[1])
            {
                canonical.Add(new(AccountFields.Disabled, flag));
            }

            // Also lists the account as serving (or not), before the quota below registers its models.
            await PoolWriter.SetFieldsAsync(db, id, canonical, now).ConfigureAwait(false);
        }

        foreach (var id in ids)
        {
            var quota = await db.HashGetAllAsync(RedisKeys.Quota(id)).ConfigureAwait(false);
            if (quota.Length == 0)
            {
                continue;
            }

            var parsed = new Dictionary<string, ModelQuota>(StringComparer.Ordinal);
            foreach (var entry in quota)
            {
                if (PoolStateReader.ParseQuota(entry.Value) is { } q)
                {
                    parsed[entry.Name.ToString()] = q;
                }
            }

            await PoolWriter.WriteQuotaAsync(db, id, parsed, [], [], now).ConfigureAwait(false);
        }
    }
}
