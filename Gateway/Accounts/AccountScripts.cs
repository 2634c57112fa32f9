using Antigravity.ClusterState;

namespace Antigravity.Gateway.Accounts;

/// <summary>The account-choice script (cloudcode.md §9.2): filter, choose by strategy, take the concurrency lease —
/// one atomic step, so replicas never over-commit an account. Every key it touches is passed in KEYS and shares the
/// <c>{pool}</c> hash tag.</summary>
internal static class AccountScripts
{
    // KEYS: 1 sticky binding, 2 round-robin cursor, then per account i (base b = 2 + (i-1)*5):
    //       b+1 account hash, b+2 cooldowns, b+3 quota, b+4 leases, b+5 model leases
    // ARGV: 1 now ms, 2 model, 3 strategy, 4 sticky ttl ms ('0' = no session), 5 lease id, 6 lease ttl ms,
    //       7 max per account, 8 max per account×model, 9 random [0,1), 10 excluded ids ",a,b,", 11 n, 12.. ids
    // Returns {'ok', id, accessToken, expiresAt, projectId, tokenTaken '1'/'0', leased '1'/'0'} or
    //         {'none', earliestWaitMs or '-1', 'busy' when only concurrency limits stood in the way}.
    public static readonly RedisScript Select = new("""
        local now = tonumber(ARGV[1])
        local model = ARGV[2]
        local strategy = ARGV[3]
        local stickyTtl = tonumber(ARGV[4])
        local maxAcc = tonumber(ARGV[7])
        local maxModel = tonumber(ARGV[8])
        local rnd = tonumber(ARGV[9])
        local excluded = ARGV[10]
        local n = tonumber(ARGV[11])

        local function days_from_civil(y, m, d)
          y = (m <= 2) and (y - 1) or y
          local era = math.floor(y / 400)
          local yoe = y - era * 400
          local mp = (m + 9) % 12
          local doy = math.floor((153 * mp + 2) / 5) + d - 1
          local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
          return era * 146097 + doe - 719468
        end
        local function iso_ms(s)
          if type(s) ~= 'string' then return nil end
          local y, mo, d, h, mi, se = string.match(s, '^(%d+)-(%d+)-(%d+)T(%d+):(%d+):(%d+)')
          if not y then return nil end
          local days = days_from_civil(tonumber(y), tonumber(mo), tonumber(d))
          local ms = ((days * 24 + tonumber(h)) * 60 + tonumber(mi)) * 60000 + tonumber(se) * 1000
          local off = string.match(s, '([+-]%d%d:%d%d)$')
          if off then
            local sign = (string.sub(off, 1, 1) == '-') and -1 or 1
            ms = ms - sign * (tonumber(string.sub(off, 2, 3)) * 60 + tonumber(string.sub(off, 5, 6))) * 60000
          end
          return ms
        end

        local usable = {}
        local info = {}
        local permanent = {}
        -- The earliest time an excluded account frees up, and whether anything but concurrency limits excluded one.
        local earliest, limited, busy = nil, false, false
        local function wait(t, concurrency)
          if concurrency then busy = true else limited = true end
          if t and t > now and (earliest == nil or t - now < earliest) then earliest = t - now end
        end

        for i = 1, n do
          local b = 2 + (i - 1) * 5
          local id = ARGV[11 + i]
          local a = redis.call('HMGET', KEYS[b + 1], 'status', 'disabled', 'weight', 'health', 'healthUpdatedAt', 'tokens', 'tokensUpdatedAt', 'lastUsedAt', 'accessToken', 'accessTokenExpiresAt', 'projectId', 'id')
          local ok = true
          local status = a[1]
          if (not a[12] and not a[9] and not status) then ok = false; permanent[id] = true end
          if status and status ~= '' and string.lower(status) ~= 'active' then ok = false; permanent[id] = true end
          if a[2] == 'true' or a[2] == 'True' or a[2] == '1' then ok = false; permanent[id] = true end
          if ok then
            local c = redis.call('HMGET', KEYS[b + 2], model, '*')
            for _, v in ipairs(c) do
              local t = tonumber(v or '')
              if t and t > now then ok = false; wait(t) end
            end
          end
          if ok and string.find(excluded, ',' .. id .. ',', 1, true) then ok = false end
          local fraction = nil
          if ok then
            local q = redis.call('HGET', KEYS[b + 3], model)
            if q then
              local s, d = pcall(cjson.decode, q)
              if s and type(d) == 'table' then
                local f = d['remainingFraction'] or d['RemainingFraction']
                if type(f) == 'number' then fraction = f end
                local reset = iso_ms(d['resetTime'] or d['ResetTime'])
                if fraction ~= nil and fraction <= 0 then
                  if reset == nil or reset > now then ok = false; wait(reset) end
                end
              end
            end
          end
          if ok and (maxAcc > 0 or maxModel > 0) then
            redis.call('ZREMRANGEBYSCORE', KEYS[b + 4], '-inf', now)
            redis.call('ZREMRANGEBYSCORE', KEYS[b + 5], '-inf', now)
            if maxAcc > 0 and redis.call('ZCARD', KEYS[b + 4]) >= maxAcc then ok = false; wait(now + 1000, true) end
            if ok and maxModel > 0 and redis.call('ZCARD', KEYS[b + 5]) >= maxModel then ok = false; wait(now + 1000, true) end
          end
          if ok then
            local weight = tonumber(a[3] or '') or 1
            if strategy == 'weighted' and weight <= 0 then ok = false end
            info[i] = { id = id, weight = weight, health = tonumber(a[4] or ''), healthAt = tonumber(a[5] or ''),
              tokens = tonumber(a[6] or ''), tokensAt = tonumber(a[7] or ''), last = tonumber(a[8] or '') or 0,
              fraction = fraction, token = a[9] or '', exp = a[10] or '', project = a[11] or '' }
            if ok then usable[#usable + 1] = i end
          end
        end

        if #usable == 0 then
          return {'none', tostring(earliest or -1), (busy and not limited) and 'busy' or ''}
        end

        local tokenTaken = '0'
        local chosen = nil
        local function first_from(start)
          for k = 0, n - 1 do
            local i = ((start + k) % n) + 1
            if info[i] then
              for _, u in ipairs(usable) do if u == i then return i end end
            end
          end
          return usable[1]
        end

        if strategy == 'sticky' then
          local bound = redis.call('GET', KEYS[1])
          if bound then
            for _, u in ipairs(usable) do if info[u].id == bound then chosen = u end end
          end
          if not chosen then
            local cursor = redis.call('INCR', KEYS[2])
            chosen = first_from(cursor)
            -- A binding whose account is only cooling down or busy survives; a vanished or invalid one is replaced.
            local keep = false
            if bound then
              keep = true
              if permanent[bound] then keep = false end
              local listed = false
              for i = 1, n do if ARGV[11 + i] == bound then listed = true end end
              if not listed then keep = false end
            end
            if stickyTtl > 0 and not keep then redis.call('SET', KEYS[1], info[chosen].id, 'PX', stickyTtl) end
          elseif stickyTtl > 0 then
            redis.call('PEXPIRE', KEYS[1], stickyTtl)
          end
        elseif strategy == 'roundrobin' then
          -- The cursor remembers the account chosen last (not a request count), so the account after a skipped one
          -- does not get its turn as well as its own.
          chosen = first_from(tonumber(redis.call('GET', KEYS[2]) or '0') or 0)
          redis.call('SET', KEYS[2], chosen)
        elseif strategy == 'weighted' then
          local total = 0
          for _, u in ipairs(usable) do total = total + info[u].weight end
          local pick = rnd * total
          for _, u in ipairs(usable) do
            pick = pick - info[u].weight
            if pick < 0 and not chosen then chosen = u end
          end
          chosen = chosen or usable[#usable]
        elseif strategy == 'hybrid' then
          local best, bestScore, bestTier = nil, nil, 4
          -- Tiers (§9.2): every filter; then ignore quota; then ignore health too ("emergency"); then ignore tokens
          -- ("lastResort", which takes no token).
          for tier = 1, 4 do
            for _, u in ipairs(usable) do
              local x = info[u]
              local h = x.health or 70
              if x.healthAt then h = math.min(100, h + 10 * (now - x.healthAt) / 3600000) end
              local t = x.tokens or 50
              if x.tokensAt then t = math.min(50, t + 6 * (now - x.tokensAt) / 60000) end
              x.h = h; x.t = t
              local eligible = (tier == 4) or ((tier == 3 or h >= 50) and t >= 1)
              if tier == 1 and x.fraction ~= nil and x.fraction <= 0.05 then eligible = false end
              if eligible then
                local q = 50
                if x.fraction ~= nil then q = x.fraction * 100 end
                local idle = math.min((now - x.last) / 1000, 3600)
                local score = 2 * h + 5 * (t / 50 * 100) + 3 * q + 0.1 * idle
                if bestScore == nil or score > bestScore then best, bestScore, bestTier = u, score, tier end
              end
            end
            if best then break end
          end
          chosen = best or usable[1]
          local x = info[chosen]
          if bestTier < 4 then tokenTaken = '1' end
          redis.call('HSET', KEYS[2 + (chosen - 1) * 5 + 1], 'tokens', tostring(math.max(0, x.t - tonumber(tokenTaken))), 'tokensUpdatedAt', ARGV[1], 'health', tostring(x.h), 'healthUpdatedAt', ARGV[1])
        else
          chosen = usable[math.floor(rnd * #usable) + 1] or usable[1]
        end

        local b = 2 + (chosen - 1) * 5
        -- Leases are only counted while a concurrency limit is set: without one, nothing reads them.
        local leased = '0'
        if maxAcc > 0 or maxModel > 0 then
          local leaseTtl = tonumber(ARGV[6])
          redis.call('ZADD', KEYS[b + 4], now + leaseTtl, ARGV[5])
          redis.call('PEXPIRE', KEYS[b + 4], leaseTtl + 60000)
          redis.call('ZADD', KEYS[b + 5], now + leaseTtl, ARGV[5])
          redis.call('PEXPIRE', KEYS[b + 5], leaseTtl + 60000)
          leased = '1'
        end
        redis.call('HSET', KEYS[b + 1], 'lastUsedAt', ARGV[1])
        local x = info[chosen]
        return {'ok', x.id, x.token, x.exp, x.project, tokenTaken, leased}
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
