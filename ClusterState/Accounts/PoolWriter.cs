using System.Globalization;
using StackExchange.Redis;

namespace Antigravity.ClusterState.Accounts;

/// <summary>
/// The one writer of the account pool's state (issue 19): every change to an account's hash, cooldowns or quota goes
/// through a script here, which also moves the account in the selection index (<see cref="PoolIndexLua"/>), so that the
/// Gateway's choice reads a handful of candidates however large the pool is (issue 14). Each method is one atomic script.
/// Values are written in one shape: status as <see cref="AccountStatusNames.Format"/>, <c>disabled</c> as
/// <c>true</c>/<c>false</c>, times as unix ms, quota as <see cref="PoolStateJsonContext"/> JSON plus its numbers in
/// <see cref="RedisKeys.Remaining"/> and <see cref="RedisKeys.Exhausted"/>.
/// </summary>
public static class PoolWriter
{
    // KEYS: 1 serving, 2 account hash, 3 accounts set. ARGV: 1 id, 2 now, 3 nSet, 4 nIfNew, 5 nDelete, then name/value pairs
    // to set, pairs to set only when the hash is new, names to delete. Returns 1 when the account is new.
    private static readonly RedisScript s_upsert = new(PoolIndexLua.Functions + """
        local isNew = redis.call('EXISTS', KEYS[2]) == 0
        local i = 6
        for _ = 1, tonumber(ARGV[3]) do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]); i = i + 2 end
        for _ = 1, tonumber(ARGV[4]) do
          if isNew then redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
          i = i + 2
        end
        for _ = 1, tonumber(ARGV[5]) do redis.call('HDEL', KEYS[2], ARGV[i]); i = i + 1 end
        redis.call('SADD', KEYS[3], ARGV[1])
        place_everywhere(ARGV[1], tonumber(ARGV[2]))
        return isNew and 1 or 0
        """);

    // KEYS: 1 serving, 2 account hash. ARGV: 1 id, 2 now, 3 status, 4 reason, 5 url ('' = none: deleted), 6 last error
    // ('' = unchanged). Returns 0 when status, reason and url already were exactly these.
    private static readonly RedisScript s_status = new(PoolIndexLua.Functions + """
        local c = redis.call('HMGET', KEYS[2], 'status', 'statusReason', 'statusUrl')
        local current = string.lower(string.gsub(c[1] or 'active', '[_-]', ''))
        if current == '' then current = 'active' end
        if current == string.gsub(ARGV[3], '_', '') and (c[2] or '') == ARGV[4] and (c[3] or '') == ARGV[5] then return 0 end
        redis.call('HSET', KEYS[2], 'status', ARGV[3])
        if ARGV[4] ~= '' then redis.call('HSET', KEYS[2], 'statusReason', ARGV[4]) else redis.call('HDEL', KEYS[2], 'statusReason') end
        if ARGV[5] ~= '' then redis.call('HSET', KEYS[2], 'statusUrl', ARGV[5]) else redis.call('HDEL', KEYS[2], 'statusUrl') end
        if ARGV[6] ~= '' then redis.call('HSET', KEYS[2], 'lastError', ARGV[6]) end
        place_everywhere(ARGV[1], tonumber(ARGV[2]))
        return 1
        """);

    // KEYS: 1 serving, 2 account hash. ARGV: 1 id, 2 now, then name/value pairs.
    private static readonly RedisScript s_fields = new(PoolIndexLua.Functions + """
        for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
        place_everywhere(ARGV[1], tonumber(ARGV[2]))
        return 1
        """);

    // KEYS: 1 serving, 2 cooldown hash. ARGV: 1 id, 2 now, 3 model or '*', 4 until ms.
    private static readonly RedisScript s_cooldown = new(PoolIndexLua.Functions + """
        local now = tonumber(ARGV[2])
        redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
        if ARGV[3] == '*' then place_everywhere(ARGV[1], now) else place_if_indexed(ARGV[1], ARGV[3], now) end
        return 1
        """);

    // KEYS: 1 serving, 2 accounts set, 3 account hash, 4 quota hash, 5 cooldown hash. ARGV: 1 id.
    private static readonly RedisScript s_delete = new(PoolIndexLua.Functions + """
        local removed = redis.call('SREM', KEYS[2], ARGV[1]) + redis.call('DEL', KEYS[3], KEYS[4], KEYS[5])
        redis.call('SREM', KEYS[1], ARGV[1])
        for _, m in ipairs(redis.call('SMEMBERS', pk('models'))) do
          redis.call('ZREM', pk('ready:' .. m), ARGV[1])
          redis.call('ZREM', pk('waiting:' .. m), ARGV[1])
          redis.call('HDEL', pk('remaining:' .. m), ARGV[1])
          redis.call('HDEL', pk('exhausted:' .. m), ARGV[1])
        end
        return removed
        """);

    // KEYS: 1 serving, 2 quota hash, 3 cooldown hash, 4 forwarding hash. ARGV: 1 id, 2 now, 3 nModels, 4 nCooldowns,
    // 5 nForwarding, then per model: name, JSON, remaining fraction, exhausted until ('' = not exhausted, -1 = unknown);
    // then model/until pairs (only ever extended: the Gateway may hold a later one), then deprecated/replacement pairs.
    private static readonly RedisScript s_quota = new(PoolIndexLua.Functions + """
        local id, now = ARGV[1], tonumber(ARGV[2])
        local touched = {}
        for _, m in ipairs(redis.call('HKEYS', KEYS[2])) do touched[m] = true end
        redis.call('DEL', KEYS[2])
        local i = 6
        local fresh = {}
        for _ = 1, tonumber(ARGV[3]) do
          local m = ARGV[i]
          fresh[m] = true
          touched[m] = true
          redis.call('HSET', KEYS[2], m, ARGV[i + 1])
          redis.call('HSET', pk('remaining:' .. m), id, ARGV[i + 2])
          if ARGV[i + 3] ~= '' then redis.call('HSET', pk('exhausted:' .. m), id, ARGV[i + 3]) else redis.call('HDEL', pk('exhausted:' .. m), id) end
          i = i + 4
        end
        for _ = 1, tonumber(ARGV[4]) do
          local current = tonumber(redis.call('HGET', KEYS[3], ARGV[i]) or '0') or 0
          if tonumber(ARGV[i + 1]) > current then redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1]) end
          touched[ARGV[i]] = true
          i = i + 2
        end
        for _ = 1, tonumber(ARGV[5]) do redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1]); i = i + 2 end
        for m, _ in pairs(touched) do
          if not fresh[m] then
            redis.call('HDEL', pk('remaining:' .. m), id)
            redis.call('HDEL', pk('exhausted:' .. m), id)
          end
        end
        for m, _ in pairs(fresh) do add_model(m, now) end
        for m, _ in pairs(touched) do place_if_indexed(id, m, now) end
        return tonumber(ARGV[3])
        """);

    /// <summary>Creates or updates an account: sets <paramref name="fields"/>, sets <paramref name="fieldsIfNew"/> only when the
    /// hash did not exist, deletes <paramref name="delete"/>, lists the account. Returns true when it is new.</summary>
    public static async Task<bool> UpsertAccountAsync(
        IDatabaseAsync db, string id, IReadOnlyList<HashEntry> fields, IReadOnlyList<HashEntry> fieldsIfNew, IReadOnlyList<RedisValue> delete, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(fieldsIfNew);
        ArgumentNullException.ThrowIfNull(delete);
        var args = new List<RedisValue> { id, now.ToUnixTimeMilliseconds(), fields.Count, fieldsIfNew.Count, delete.Count };
        foreach (var field in fields.Concat(fieldsIfNew))
        {
            args.Add(field.Name);
            args.Add(field.Value);
        }

        args.AddRange(delete);
        var result = await s_upsert.EvaluateAsync(db, [RedisKeys.Serving, RedisKeys.Account(id), RedisKeys.Accounts], [.. args]).ConfigureAwait(false);
        return (long)result == 1;
    }

    /// <summary>Sets the status with its reason and URL (null deletes them) and, for an unusable account with a reason, the
    /// last error. Returns false when status, reason and URL already were exactly these (so events are published once).</summary>
    public static async Task<bool> SetStatusAsync(IDatabaseAsync db, string id, AccountStatus status, string? reason, string? url, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var lastError = status != AccountStatus.Active && reason is not null ? reason : "";
        var result = await s_status.EvaluateAsync(db, [RedisKeys.Serving, RedisKeys.Account(id)],
            [id, now.ToUnixTimeMilliseconds(), AccountStatusNames.Format(status), reason ?? "", url ?? "", lastError]).ConfigureAwait(false);
        return (long)result == 1;
    }

    /// <summary>Sets fields of an account hash (for example <see cref="AccountFields.Disabled"/> as <see cref="FormatFlag"/>,
    /// or <see cref="AccountFields.Weight"/>) and re-places the account in the index.</summary>
    public static Task SetFieldsAsync(IDatabaseAsync db, string id, IReadOnlyList<HashEntry> fields, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(fields);
        var args = new List<RedisValue> { id, now.ToUnixTimeMilliseconds() };
        foreach (var field in fields)
        {
            args.Add(field.Name);
            args.Add(field.Value);
        }

        return s_fields.EvaluateAsync(db, [RedisKeys.Serving, RedisKeys.Account(id)], [.. args]);
    }

    /// <summary>Puts account × <paramref name="model"/> (or the whole account with <c>*</c>) in cooldown until <paramref name="until"/>.</summary>
    public static Task SetCooldownAsync(IDatabaseAsync db, string id, string model, DateTimeOffset until, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(model);
        return s_cooldown.EvaluateAsync(db, [RedisKeys.Serving, RedisKeys.Cooldowns(id)], [id, now.ToUnixTimeMilliseconds(), model, until.ToUnixTimeMilliseconds()]);
    }

    /// <summary>Removes an account, its quota and cooldowns, and its index entries; true when anything was there.</summary>
    public static async Task<bool> DeleteAccountAsync(IDatabaseAsync db, string id)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var result = await s_delete.EvaluateAsync(db,
            [RedisKeys.Serving, RedisKeys.Accounts, RedisKeys.Account(id), RedisKeys.Quota(id), RedisKeys.Cooldowns(id)], [id]).ConfigureAwait(false);
        return (long)result > 0;
    }

    /// <summary>Replaces an account's quota with <paramref name="quotas"/>, extends the <paramref name="cooldowns"/> given,
    /// records <paramref name="forwarding"/> rules (deprecated → replacement), and re-places the account for every model
    /// it had or has.</summary>
    public static Task WriteQuotaAsync(
        IDatabaseAsync db, string id, IReadOnlyDictionary<string, ModelQuota> quotas, IReadOnlyList<(string Model, DateTimeOffset Until)> cooldowns,
        IReadOnlyList<(string From, string To)> forwarding, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(quotas);
        ArgumentNullException.ThrowIfNull(cooldowns);
        ArgumentNullException.ThrowIfNull(forwarding);
        var args = new List<RedisValue> { id, now.ToUnixTimeMilliseconds(), quotas.Count, cooldowns.Count, forwarding.Count };
        foreach (var (model, quota) in quotas)
        {
            args.Add(model);
            args.Add(PoolStateReader.FormatQuota(quota));
            args.Add(quota.RemainingFraction.ToString("R", CultureInfo.InvariantCulture));
            args.Add(quota.RemainingFraction > 0 ? "" : quota.ResetTime is { } reset ? reset.ToUnixTimeMilliseconds() : -1);
        }

        foreach (var (model, until) in cooldowns)
        {
            args.Add(model);
            args.Add(until.ToUnixTimeMilliseconds());
        }

        foreach (var (from, to) in forwarding)
        {
            args.Add(from);
            args.Add(to);
        }

        return s_quota.EvaluateAsync(db, [RedisKeys.Serving, RedisKeys.Quota(id), RedisKeys.Cooldowns(id), RedisKeys.ModelForwarding], [.. args]);
    }

    /// <summary>The one stored spelling of a flag such as <see cref="AccountFields.Disabled"/>.</summary>
    public static string FormatFlag(bool value) => value ? "true" : "false";
}
