namespace Antigravity.ClusterState.Accounts;

/// <summary>
/// The Lua functions that keep the selection index (<see cref="RedisKeys.Serving"/>, <see cref="RedisKeys.Ready"/>,
/// <see cref="RedisKeys.Waiting"/>) in step with the account, cooldown and quota keys. Every script that changes one of
/// those keys starts with this text, so an account's place in the index is always recomputed from its stored state in the
/// same atomic step (issue 14). Scripts built on it pass <see cref="RedisKeys.Serving"/> as <c>KEYS[1]</c>: the deployment's
/// key prefix is read off it, because the per-account and per-model keys of the accounts a script finds are named inside
/// the script. They all carry the <c>{pool}</c> hash tag, so on Redis Cluster they live in the slot of <c>KEYS[1]</c>.
/// </summary>
public static class PoolIndexLua
{
    public const string Functions = """
        local P = string.sub(KEYS[1], 1, #KEYS[1] - 14)
        local function pk(s) return P .. '{pool}:' .. s end
        -- Listed, active (or a status-less legacy hash that has an id or a token) and not disabled.
        local function is_serving(id)
          if redis.call('SISMEMBER', pk('accounts'), id) == 0 then return false end
          local a = redis.call('HMGET', pk('account:' .. id), 'status', 'disabled', 'id', 'accessToken')
          if not a[1] and not a[3] and not a[4] then return false end
          if a[1] and a[1] ~= '' and a[1] ~= 'active' then return false end
          return a[2] ~= 'true'
        end
        -- When the account can take model m again (0 = now; math.huge = not until a scan says so).
        local function wait_until(id, m)
          local c = redis.call('HMGET', pk('cooldown:' .. id), m, '*')
          local u = math.max(tonumber(c[1] or '') or 0, tonumber(c[2] or '') or 0)
          local e = tonumber(redis.call('HGET', pk('exhausted:' .. m), id) or '')
          if e then
            if e < 0 then return math.huge end
            if e > u then u = e end
          end
          return u
        end
        local function place(id, m, now, serving)
          local ready, waiting = pk('ready:' .. m), pk('waiting:' .. m)
          if not serving then
            redis.call('ZREM', ready, id)
            redis.call('ZREM', waiting, id)
            return
          end
          local u = wait_until(id, m)
          if u > now then
            redis.call('ZREM', ready, id)
            redis.call('ZADD', waiting, (u == math.huge) and '+inf' or string.format('%.0f', u), id)
          else
            redis.call('ZREM', waiting, id)
            redis.call('ZADD', ready, 'NX', 0, id)
          end
        end
        local function place_everywhere(id, now)
          local serving = is_serving(id)
          if serving then redis.call('SADD', pk('serving'), id) else redis.call('SREM', pk('serving'), id) end
          for _, m in ipairs(redis.call('SMEMBERS', pk('models'))) do place(id, m, now, serving) end
        end
        local function place_if_indexed(id, m, now)
          if redis.call('SISMEMBER', pk('models'), m) == 1 then
            place(id, m, now, redis.call('SISMEMBER', pk('serving'), id) == 1)
          end
        end
        -- A model seen for the first time: every serving account can take it unless its own state says otherwise
        -- (an account that never reported the model is not excluded, as before the index).
        local function add_model(m, now)
          if redis.call('SADD', pk('models'), m) == 1 then
            for _, id in ipairs(redis.call('SMEMBERS', pk('serving'))) do place(id, m, now, true) end
          end
        end

        """;
}
