using Antigravity.ClusterState;

namespace Antigravity.Gateway.Keys;

/// <summary>The per-key admission script: every check first, then every count, so a rejected request consumes nothing
/// and limits hold exactly across replicas (docs/architecture.md "State in Redis").</summary>
internal static class ApiKeyScripts
{
    // KEYS: 1 meta hash, 2 rpm counter (this minute), 3 tpm counter (this minute), 4 concurrency zset, 5 day tokens, 6 month tokens
    // ARGV: 1 presented hash, 2 now ms, 3 lease id, 4 lease expiry ms, 5 requested model, 6 candidate upstream models
    //       "a,b" (first = preferred), 7 ms to minute end, 8 '0' to check without counting a request (object
    //       endpoints: files, cached contents, stored responses). Returns {'ok', leased '1'/'0', allowed candidates ",a," or ''}.
    public static readonly RedisScript Admit = new("""
        local m = redis.call('HMGET', KEYS[1], 'hash', 'disabled', 'expiresAt', 'rpm', 'tpm', 'concurrency', 'dailyTokens', 'monthlyTokens', 'allowedModels')
        if not m[1] then return {'unknown'} end
        if m[1] ~= ARGV[1] then return {'bad'} end
        if m[2] == 'true' or m[2] == 'True' or m[2] == '1' then return {'disabled'} end
        local now = tonumber(ARGV[2])
        local exp = tonumber(m[3] or '')
        if exp and exp > 0 and exp <= now then return {'expired'} end
        -- A key allowed the requested name (a model or a group) or '*' may use every candidate; otherwise only the
        -- candidates it lists, which the gateway then restricts itself to ('' = all).
        local subset = ''
        if ARGV[5] ~= '' and m[9] and m[9] ~= '' and m[9] ~= '[]' then
          local ok, list = pcall(cjson.decode, m[9])
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
        local tpm = tonumber(m[5] or '') or 0
        if tpm > 0 and (tonumber(redis.call('GET', KEYS[3]) or '0') or 0) >= tpm then return {'tpm', ARGV[7]} end
        local daily = tonumber(m[7] or '') or 0
        if daily > 0 and (tonumber(redis.call('GET', KEYS[5]) or '0') or 0) >= daily then return {'daily'} end
        local monthly = tonumber(m[8] or '') or 0
        if monthly > 0 and (tonumber(redis.call('GET', KEYS[6]) or '0') or 0) >= monthly then return {'monthly'} end
        local rpm = tonumber(m[4] or '') or 0
        if rpm > 0 and (tonumber(redis.call('GET', KEYS[2]) or '0') or 0) >= rpm then return {'rpm', ARGV[7]} end
        local conc = tonumber(m[6] or '') or 0
        if conc > 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
          if redis.call('ZCARD', KEYS[4]) >= conc then return {'concurrency'} end
        end
        if rpm > 0 and ARGV[8] ~= '0' then
          if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], 61000) end
        end
        local leased = '0'
        if conc > 0 then
          redis.call('ZADD', KEYS[4], tonumber(ARGV[4]), ARGV[3])
          redis.call('PEXPIRE', KEYS[4], tonumber(ARGV[4]) - now + 60000)
          leased = '1'
        end
        redis.call('HSET', KEYS[1], 'lastUsedAt', ARGV[2])
        return {'ok', leased, subset}
        """);

    // KEYS: 1 concurrency zset, 2 tpm counter, 3 day tokens, 4 month tokens
    // ARGV: 1 lease id ('' = none), 2 tokens
    public static readonly RedisScript Settle = new("""
        if ARGV[1] ~= '' then redis.call('ZREM', KEYS[1], ARGV[1]) end
        local t = tonumber(ARGV[2])
        if t > 0 then
          if redis.call('INCRBY', KEYS[2], t) == t then redis.call('PEXPIRE', KEYS[2], 61000) end
          if redis.call('INCRBY', KEYS[3], t) == t then redis.call('PEXPIRE', KEYS[3], 90000000) end
          if redis.call('INCRBY', KEYS[4], t) == t then redis.call('PEXPIRE', KEYS[4], 2764800000) end
        end
        return 1
        """);
}
