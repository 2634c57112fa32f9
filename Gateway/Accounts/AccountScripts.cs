using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;

namespace Antigravity.Gateway.Accounts;

/// <summary>The account-choice script (cloudcode.md §9.2): filter, choose by strategy, take the concurrency lease —
/// one atomic step, so replicas never over-commit an account. Every key it touches shares the <c>{pool}</c> hash tag; the
/// per-account keys of the few candidates it examines are named inside the script (see <see cref="PoolIndexLua"/>).</summary>
internal static class AccountScripts
{
    /// <summary>How many candidates one choice examines at most (the hybrid score's window, the weighted and random
    /// samples): the script's work per request is bounded by this, not by the pool's size (issue 14).</summary>
    public const int Window = 8;

    // Reads the selection index (PoolIndexLua, kept by PoolWriter): the ready set of the model in turn order, so a choice
    // looks at Window candidates, never at every account.
    // KEYS: 1 serving set, 2 sticky binding, 3 turn counter, 4 schema marker, 5 ready(model), 6 waiting(model),
    //       7 remaining(model)
    // ARGV: 1 now ms, 2 model, 3 strategy, 4 sticky ttl ms ('0' = no session), 5 lease id, 6 lease ttl ms,
    //       7 max per account, 8 max per account×model, 9 random seed in [1, 2^31 - 2], 10 excluded ids ",a,b,", 11 window
    // Returns {'ok', id, accessToken, expiresAt, projectId, tokenTaken '1'/'0', leased '1'/'0'},
    //         {'none', earliestWaitMs or '-1', 'busy' when only concurrency limits stood in the way}, or
    //         {'migrate'} when the pool has not been brought to the current shape yet (PoolMigration).
    public static readonly RedisScript Select = new(PoolIndexLua.Functions + """
        if redis.call('EXISTS', KEYS[4]) == 0 then return {'migrate'} end
        local now = tonumber(ARGV[1])
        local model = ARGV[2]
        local strategy = ARGV[3]
        local stickyTtl = tonumber(ARGV[4])
        local maxAcc = tonumber(ARGV[7])
        local maxModel = tonumber(ARGV[8])
        local seed = tonumber(ARGV[9])
        local excluded = ARGV[10]
        local W = tonumber(ARGV[11])
        -- Park-Miller: Redis runs every script with the same random seed, so the caller sends one.
        local function rnd() seed = (seed * 16807) % 2147483647; return (seed - 1) / 2147483646 end

        add_model(model, now)
        -- Accounts whose cooldown or quota reset has passed take their turn first.
        for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', now, 'LIMIT', 0, 100)) do
          redis.call('ZREM', KEYS[6], id)
          redis.call('ZADD', KEYS[5], 'NX', 0, id)
        end

        local busy = false
        local function acceptable(id)
          if string.find(excluded, ',' .. id .. ',', 1, true) then return false end
          if maxAcc > 0 or maxModel > 0 then
            local l, ml = pk('leases:' .. id), pk('leases:' .. id .. ':' .. model)
            redis.call('ZREMRANGEBYSCORE', l, '-inf', now)
            redis.call('ZREMRANGEBYSCORE', ml, '-inf', now)
            if (maxAcc > 0 and redis.call('ZCARD', l) >= maxAcc) or (maxModel > 0 and redis.call('ZCARD', ml) >= maxModel) then
              busy = true
              return false
            end
          end
          return true
        end
        -- The Window accounts that have waited longest for a turn.
        local function window()
          local out = {}
          for _, id in ipairs(redis.call('ZRANGE', KEYS[5], 0, W - 1)) do
            if acceptable(id) then out[#out + 1] = id end
          end
          return out
        end
        -- Window accounts drawn at random (the whole ready set when it is that small).
        local function sample()
          local n = redis.call('ZCARD', KEYS[5])
          if n <= W then return window() end
          local out, seen = {}, {}
          for _ = 1, W do
            local r = math.floor(rnd() * n)
            local id = redis.call('ZRANGE', KEYS[5], r, r)[1]
            if id and not seen[id] then
              seen[id] = true
              if acceptable(id) then out[#out + 1] = id end
            end
          end
          return out
        end

        local chosen = nil
        local tokenTaken = '0'
        if strategy == 'sticky' then
          local bound = redis.call('GET', KEYS[2])
          if bound and redis.call('ZSCORE', KEYS[5], bound) and acceptable(bound) then
            chosen = bound
            if stickyTtl > 0 then redis.call('PEXPIRE', KEYS[2], stickyTtl) end
          else
            chosen = window()[1]
            -- A binding whose account is only cooling down, busy or excluded survives; a vanished or unusable one is replaced.
            local keep = bound and redis.call('SISMEMBER', KEYS[1], bound) == 1
            if chosen and stickyTtl > 0 and not keep then redis.call('SET', KEYS[2], chosen, 'PX', stickyTtl) end
          end
        elseif strategy == 'roundrobin' then
          chosen = window()[1]
        elseif strategy == 'weighted' then
          local c = sample()
          local total, weights = 0, {}
          for i, id in ipairs(c) do
            weights[i] = tonumber(redis.call('HGET', pk('account:' .. id), 'weight') or '') or 1
            if weights[i] < 0 then weights[i] = 0 end
            total = total + weights[i]
          end
          if total > 0 then
            local pick = rnd() * total
            for i, id in ipairs(c) do
              pick = pick - weights[i]
              if pick < 0 and not chosen then chosen = id end
            end
            if not chosen then
              for i = #c, 1, -1 do if weights[i] > 0 then chosen = c[i]; break end end
            end
          end
        elseif strategy == 'hybrid' then
          local c = window()
          if #c > 0 then
            local q = redis.call('HMGET', KEYS[7], unpack(c))
            local info = {}
            for i, id in ipairs(c) do
              local a = redis.call('HMGET', pk('account:' .. id), 'health', 'healthUpdatedAt', 'tokens', 'tokensUpdatedAt', 'lastUsedAt')
              local h = tonumber(a[1] or '') or 70
              local ha = tonumber(a[2] or '')
              if ha then h = math.min(100, h + 10 * (now - ha) / 3600000) end
              local t = tonumber(a[3] or '') or 50
              local ta = tonumber(a[4] or '')
              if ta then t = math.min(50, t + 6 * (now - ta) / 60000) end
              info[i] = { id = id, h = h, t = t, f = tonumber(q[i] or ''), last = tonumber(a[5] or '') or 0 }
            end
            local best, bestScore, bestTier = nil, nil, 4
            -- Tiers (§9.2): every filter; then ignore quota; then ignore health too ("emergency"); then ignore tokens
            -- ("lastResort", which takes no token).
            for tier = 1, 4 do
              for i, x in ipairs(info) do
                local eligible = (tier == 4) or ((tier == 3 or x.h >= 50) and x.t >= 1)
                if tier == 1 and x.f ~= nil and x.f <= 0.05 then eligible = false end
                if eligible then
                  local qs = 50
                  if x.f ~= nil then qs = x.f * 100 end
                  local idle = math.min((now - x.last) / 1000, 3600)
                  local score = 2 * x.h + 5 * (x.t / 50 * 100) + 3 * qs + 0.1 * idle
                  if bestScore == nil or score > bestScore then best, bestScore, bestTier = i, score, tier end
                end
              end
              if best then break end
            end
            local x = info[best]
            chosen = x.id
            if bestTier < 4 then tokenTaken = '1' end
            redis.call('HSET', pk('account:' .. chosen), 'tokens', tostring(math.max(0, x.t - tonumber(tokenTaken))), 'tokensUpdatedAt', ARGV[1], 'health', tostring(x.h), 'healthUpdatedAt', ARGV[1])
            -- Candidates passed over for health or an empty bucket make room in the window for the next ones.
            if bestTier <= 2 then
              for _, y in ipairs(info) do
                if y.h < 50 or y.t < 1 then redis.call('ZADD', KEYS[5], 'XX', redis.call('INCR', KEYS[3]), y.id) end
              end
            end
          end
        else
          local c = sample()
          if #c > 0 then chosen = c[math.floor(rnd() * #c) + 1] or c[1] end
        end

        if not chosen then
          local earliest = nil
          local w = redis.call('ZRANGE', KEYS[6], 0, 0, 'WITHSCORES')
          if w[1] then
            local t = tonumber(w[2])
            if t and t < 1e300 and t > now then earliest = t - now end
          end
          if busy and (earliest == nil or earliest > 1000) then earliest = 1000 end
          return {'none', tostring(earliest or -1), (busy and not w[1]) and 'busy' or ''}
        end

        -- The chosen account goes to the back of the turn order.
        redis.call('ZADD', KEYS[5], 'XX', redis.call('INCR', KEYS[3]), chosen)
        -- Leases are only counted while a concurrency limit is set: without one, nothing reads them.
        local leased = '0'
        if maxAcc > 0 or maxModel > 0 then
          local leaseTtl = tonumber(ARGV[6])
          local l, ml = pk('leases:' .. chosen), pk('leases:' .. chosen .. ':' .. model)
          redis.call('ZADD', l, now + leaseTtl, ARGV[5])
          redis.call('PEXPIRE', l, leaseTtl + 60000)
          redis.call('ZADD', ml, now + leaseTtl, ARGV[5])
          redis.call('PEXPIRE', ml, leaseTtl + 60000)
          leased = '1'
        end
        local account = pk('account:' .. chosen)
        redis.call('HSET', account, 'lastUsedAt', ARGV[1])
        local a = redis.call('HMGET', account, 'accessToken', 'accessTokenExpiresAt', 'projectId')
        return {'ok', chosen, a[1] or '', a[2] or '', a[3] or '', tokenTaken, leased}
        """);

    // KEYS: 1 leases, 2 model leases, 3 account hash. ARGV: 1 lease id, 2 health delta, 3 now ms, 4 '1' to give back the
    // hybrid token the selection took (a failed or rate-limited attempt, §9.2), 5 '1' when the selection took a lease
    public static readonly RedisScript Release = new("""
        if ARGV[5] == '1' then
          redis.call('ZREM', KEYS[1], ARGV[1])
          redis.call('ZREM', KEYS[2], ARGV[1])
        end
        if ARGV[4] == '1' then
          local t = tonumber(redis.call('HGET', KEYS[3], 'tokens') or '')
          if t then redis.call('HSET', KEYS[3], 'tokens', tostring(math.min(50, t + 1))) end
        end
        local delta = tonumber(ARGV[2])
        if delta ~= 0 then
          local a = redis.call('HMGET', KEYS[3], 'health', 'healthUpdatedAt', 'id', 'status')
          if a[3] or a[4] then
            local now = tonumber(ARGV[3])
            local h = tonumber(a[1] or '') or 70
            local at = tonumber(a[2] or '')
            if at then h = math.min(100, h + 10 * (now - at) / 3600000) end
            h = math.max(0, math.min(100, h + delta))
            redis.call('HSET', KEYS[3], 'health', tostring(h), 'healthUpdatedAt', ARGV[3])
          end
        end
        return 1
        """);
}
