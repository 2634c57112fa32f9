using Antigravity.ClusterState.Keys;
using StackExchange.Redis;

namespace Antigravity.ClusterState.Users;

/// <summary>
/// Keeps the admission copies (<see cref="RedisKeys.AdmissionLimits"/>) in step with the key, user and team records, the
/// way <see cref="Accounts.PoolWriter"/> keeps the selection index: the records are the truth, the copies are derived and
/// rewritten after every change. A move between scopes writes the new copies first, then points the key at them, then
/// removes the old ones, so a gateway that still uses the old scope is refused with <c>moved</c>/<c>unknown</c> and
/// reads the key again; the windows restart in the new scope.
/// </summary>
public static class AdmissionWriter
{
    /// <summary>The limit fields every level shares.</summary>
    public static readonly IReadOnlyList<string> LimitFields =
    [
        ApiKeyFields.RequestsPerMinute, ApiKeyFields.TokensPerMinute, ApiKeyFields.MaxConcurrency,
        ApiKeyFields.DailyTokenBudget, ApiKeyFields.MonthlyTokenBudget,
    ];

    private static readonly string[] s_keyGateFields =
    [
        ApiKeyFields.Hash, ApiKeyFields.Disabled, ApiKeyFields.ExpiresAt, ApiKeyFields.AllowedModels, .. LimitFields,
    ];

    /// <summary>Rewrites a key's admission copy from its record and its user's team; no-op for a key that is gone.</summary>
    public static async Task SyncKeyAsync(IDatabase db, string keyId)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        var meta = RedisKeys.ApiKey(keyId);
        var stored = await db.HashGetAsync(meta, [ApiKeyFields.User, ApiKeyFields.Scope, .. s_keyGateFields.Select(f => (RedisValue)f)]).ConfigureAwait(false);
        if (stored[2].IsNullOrEmpty)
        {
            return; // no hash: the key is gone (or half-written); nothing to admit
        }

        var userId = stored[0].IsNullOrEmpty ? null : stored[0].ToString();
        var teamId = userId is null ? null : await TeamOfAsync(db, userId).ConfigureAwait(false);
        var keyLevel = AdmissionScope.KeyLevel(keyId);
        var scope = AdmissionScope.Of(keyId, userId, teamId);
        var old = stored[1].IsNullOrEmpty ? keyLevel : stored[1].ToString();
        if (scope != keyLevel)
        {
            var copy = new List<HashEntry> { new(ApiKeyFields.Scope, scope) };
            var clear = new List<RedisValue>();
            for (var i = 0; i < s_keyGateFields.Length; i++)
            {
                if (stored[i + 2].IsNullOrEmpty)
                {
                    clear.Add(s_keyGateFields[i]);
                }
                else
                {
                    copy.Add(new(s_keyGateFields[i], stored[i + 2]));
                }
            }

            await WriteAsync(db, RedisKeys.AdmissionLimits(scope, keyLevel), copy, clear).ConfigureAwait(false);
            await db.HashSetAsync(meta, ApiKeyFields.Scope, scope).ConfigureAwait(false);
        }
        else if (old != keyLevel)
        {
            await db.HashDeleteAsync(meta, ApiKeyFields.Scope).ConfigureAwait(false);
        }

        if (old != scope && old != keyLevel)
        {
            await db.KeyDeleteAsync(RedisKeys.AdmissionLimits(old, keyLevel)).ConfigureAwait(false);
        }
    }

    /// <summary>Rewrites a user's limits copy in her scope, then her keys' copies, then removes copies of a previous scope.</summary>
    public static async Task SyncUserAsync(IDatabase db, string userId)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var record = RedisKeys.User(userId);
        var stored = await db.HashGetAsync(record, [UserFields.Id, UserFields.Scope, .. LimitFields.Select(f => (RedisValue)f)]).ConfigureAwait(false);
        if (stored[0].IsNullOrEmpty)
        {
            return;
        }

        var level = AdmissionScope.UserLevel(userId);
        var scope = AdmissionScope.Of("", userId, await TeamOfAsync(db, userId).ConfigureAwait(false));
        await WriteLimitsAsync(db, RedisKeys.AdmissionLimits(scope, level), scope, stored, 2).ConfigureAwait(false);
        await db.HashSetAsync(record, UserFields.Scope, scope).ConfigureAwait(false);
        foreach (var keyId in await db.SetMembersAsync(RedisKeys.UserKeys(userId)).ConfigureAwait(false))
        {
            await SyncKeyAsync(db, keyId.ToString()).ConfigureAwait(false);
        }

        if (!stored[1].IsNullOrEmpty && stored[1].ToString() is var old && old != scope)
        {
            await db.KeyDeleteAsync(RedisKeys.AdmissionLimits(old, level)).ConfigureAwait(false);
        }
    }

    /// <summary>Rewrites a team's limits copy (<c>{team:&lt;id&gt;}:meta</c>); removes it when the team is gone.</summary>
    public static async Task SyncTeamAsync(IDatabase db, string teamId)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(teamId);
        var level = AdmissionScope.TeamLevel(teamId);
        var stored = await db.HashGetAsync(RedisKeys.Team(teamId), [UserFields.Id, .. LimitFields.Select(f => (RedisValue)f)]).ConfigureAwait(false);
        if (stored[0].IsNullOrEmpty)
        {
            await db.KeyDeleteAsync(RedisKeys.AdmissionLimits(level, level)).ConfigureAwait(false);
            return;
        }

        await WriteLimitsAsync(db, RedisKeys.AdmissionLimits(level, level), level, stored, 1).ConfigureAwait(false);
    }

    /// <summary>Removes a key's admission copy before its record goes (a key without a user has none apart from its record).</summary>
    public static async Task RemoveKeyAsync(IDatabase db, string keyId)
    {
        ArgumentNullException.ThrowIfNull(db);
        var scope = await db.HashGetAsync(RedisKeys.ApiKey(keyId), ApiKeyFields.Scope).ConfigureAwait(false);
        if (!scope.IsNullOrEmpty)
        {
            await db.KeyDeleteAsync(RedisKeys.AdmissionLimits(scope.ToString(), AdmissionScope.KeyLevel(keyId))).ConfigureAwait(false);
        }
    }

    /// <summary>Removes a user's limits copy (after her keys are gone).</summary>
    public static async Task RemoveUserAsync(IDatabase db, string userId)
    {
        ArgumentNullException.ThrowIfNull(db);
        var scope = await db.HashGetAsync(RedisKeys.User(userId), UserFields.Scope).ConfigureAwait(false);
        if (!scope.IsNullOrEmpty)
        {
            await db.KeyDeleteAsync(RedisKeys.AdmissionLimits(scope.ToString(), AdmissionScope.UserLevel(userId))).ConfigureAwait(false);
        }
    }

    /// <summary>The user's team when both exist; a team id naming a deleted team counts as none.</summary>
    private static async Task<string?> TeamOfAsync(IDatabase db, string userId)
    {
        var team = await db.HashGetAsync(RedisKeys.User(userId), UserFields.Team).ConfigureAwait(false);
        return !team.IsNullOrEmpty && await db.KeyExistsAsync(RedisKeys.Team(team.ToString())).ConfigureAwait(false) ? team.ToString() : null;
    }

    private static Task WriteLimitsAsync(IDatabase db, string key, string scope, RedisValue[] stored, int offset)
    {
        var copy = new List<HashEntry> { new(ApiKeyFields.Scope, scope) };
        var clear = new List<RedisValue>();
        for (var i = 0; i < LimitFields.Count; i++)
        {
            if (stored[i + offset].IsNullOrEmpty)
            {
                clear.Add(LimitFields[i]);
            }
            else
            {
                copy.Add(new(LimitFields[i], stored[i + offset]));
            }
        }

        return WriteAsync(db, key, copy, clear);
    }

    /// <summary>Sets and clears in one transaction (one key, so one slot), so the admission script never sees half a copy.</summary>
    private static async Task WriteAsync(IDatabase db, string key, List<HashEntry> set, List<RedisValue> clear)
    {
        var tx = db.CreateTransaction();
        _ = tx.HashSetAsync(key, [.. set]);
        if (clear.Count > 0)
        {
            _ = tx.HashDeleteAsync(key, [.. clear]);
        }

        await tx.ExecuteAsync().ConfigureAwait(false);
    }
}
