using Antigravity.ClusterState;

namespace Antigravity.Gateway.Keys;

/// <summary>The admission script: every check of every level (key, user, team) first, then every count, so a rejected
/// request consumes nothing and limits hold exactly across replicas. All of a request's levels live in one hash slot, its
/// admission scope (docs/architecture.md "Users, teams and admission").</summary>
internal static class ApiKeyScripts
{
    /// <summary>Keys per level, in this order: limits hash, rpm (this minute), tpm (this minute), in-flight zset, day tokens, month tokens.</summary>
    public const int KeysPerLevel = 6;

    // KEYS: KeysPerLevel per level, the key's level first (its limits hash also holds hash, disabled, expiry, models, scope).
    // ARGV: 1 presented hash, 2 now ms, 3 lease id, 4 lease expiry ms, 5 requested model, 6 candidate upstream models
    //       "a,b" (first = preferred), 7 ms to minute end, 8 '0' to check without counting a request (object
    //       endpoints: files, cached contents, stored responses), 9 the scope the key's hash must name ('' for a key
    //       without a user, whose hash is its record).
    // Returns {'ok', leased '1'/'0', allowed candidates ",a," or ''}, or {reason, level index (1-based), ms until the
    // window frees up ('' = the gateway knows: day, month)}, or {'unknown'|'bad'|'moved'|...}.
    public static readonly RedisScript Admit = new("""
        local m = redis.call('HMGET', KEYS[1], 'hash', 'disabled', 'expiresAt', 'allowedModels', 'scope')
        if not m[1] then return {'unknown'} end
        if (m[5] or '') ~= ARGV[9] then return {'moved'} end
        if m[1] ~= ARGV[1] then return {'bad'} end
        if m[2] == 'true' or m[2] == 'True' or m[2] == '1' then return {'disabled'} end
        local now = tonumber(ARGV[2])
        local exp = tonumber(m[3] or '')
        if exp and exp > 0 and exp <= now then return {'expired'} end
        -- A key allowed the requested name (a model or a group) or '*' may use every candidate; otherwise only the
        -- candidates it lists, which the gateway then restricts itself to ('' = all).
        local subset = ''
        if ARGV[5] ~= '' and m[4] and m[4] ~= '' and m[4] ~= '[]' then
          local ok, list = pcall(cjson.decode, m[4])
          if ok and type(list) == 'table' and #list > 0 then
            local all = false
            local set = {}
            for _, v in ipairs(list) do
              if v == ARGV[5] or v == '*' then all = true end
              set[v] = true
            end
            if not all then
              local allowed = {}
              for c in string.gmatch(ARGV[6], '[^,]+') do
                if set[c] then allowed[#allowed + 1] = c end
              end
              if #allowed == 0 then return {'model'} end
              subset = ',' .. table.concat(allowed, ',') .. ','
            end
          end
        end
        local levels = #KEYS / 6
        local limits = {}
        for l = 1, levels do
          local b = (l - 1) * 6
          local v = redis.call('HMGET', KEYS[b + 1], 'rpm', 'tpm', 'concurrency', 'dailyTokens', 'monthlyTokens')
          local rpm, tpm, conc = tonumber(v[1] or '') or 0, tonumber(v[2] or '') or 0, tonumber(v[3] or '') or 0
          local daily, monthly = tonumber(v[4] or '') or 0, tonumber(v[5] or '') or 0
          if tpm > 0 and (tonumber(redis.call('GET', KEYS[b + 3]) or '0') or 0) >= tpm then return {'tpm', l, ARGV[7]} end
          if daily > 0 and (tonumber(redis.call('GET', KEYS[b + 5]) or '0') or 0) >= daily then return {'daily', l, ''} end
          if monthly > 0 and (tonumber(redis.call('GET', KEYS[b + 6]) or '0') or 0) >= monthly then return {'monthly', l, ''} end
          if rpm > 0 and (tonumber(redis.call('GET', KEYS[b + 2]) or '0') or 0) >= rpm then return {'rpm', l, ARGV[7]} end
          if conc > 0 then
            redis.call('ZREMRANGEBYSCORE', KEYS[b + 4], '-inf', now)
            if redis.call('ZCARD', KEYS[b + 4]) >= conc then return {'concurrency', l, '1000'} end
          end
          limits[l] = {rpm, conc}
        end
        local leased = '0'
        for l = 1, levels do
          local b = (l - 1) * 6
          if limits[l][1] > 0 and ARGV[8] ~= '0' then
            if redis.call('INCR', KEYS[b + 2]) == 1 then redis.call('PEXPIRE', KEYS[b + 2], 61000) end
          end
          if limits[l][2] > 0 then
            redis.call('ZADD', KEYS[b + 4], tonumber(ARGV[4]), ARGV[3])
            redis.call('PEXPIRE', KEYS[b + 4], tonumber(ARGV[4]) - now + 60000)
            leased = '1'
          end
        end
        redis.call('HSET', KEYS[1], 'lastUsedAt', ARGV[2])
        return {'ok', leased, subset}
        """);

    /// <summary>Keys per level: in-flight zset, tpm counter, day tokens, month tokens.</summary>
    public const int SettleKeysPerLevel = 4;

    // KEYS: SettleKeysPerLevel per level. ARGV: 1 lease id ('' = none), 2 tokens
    public static readonly RedisScript Settle = new("""
        local t = tonumber(ARGV[2])
        for b = 0, #KEYS - 4, 4 do
          if ARGV[1] ~= '' then redis.call('ZREM', KEYS[b + 1], ARGV[1]) end
          if t > 0 then
            if redis.call('INCRBY', KEYS[b + 2], t) == t then redis.call('PEXPIRE', KEYS[b + 2], 61000) end
            if redis.call('INCRBY', KEYS[b + 3], t) == t then redis.call('PEXPIRE', KEYS[b + 3], 90000000) end
            if redis.call('INCRBY', KEYS[b + 4], t) == t then redis.call('PEXPIRE', KEYS[b + 4], 2764800000) end
          end
        end
        return 1
        """);
}
