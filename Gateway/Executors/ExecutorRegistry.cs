using System.Text.Json;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Executors;
using Antigravity.Gateway.Pipeline;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Antigravity.Gateway.Executors;

/// <summary>
/// The registry of connected executors in Redis (<see cref="RedisKeys.ExecutorsLive"/>, <see cref="RedisKeys.Executor"/>,
/// all in the <c>{executors}</c> slot): written by the replica holding each socket, read by every replica's selection.
/// Entries stay fresh by the pongs: an executor whose last pong is older than <c>PongTimeout</c> is skipped and dropped by
/// the selection script, and its hash expires, so a dead replica's executors vanish without anyone cleaning up.
/// </summary>
internal sealed class ExecutorRegistry(ClusterRedis redis, IOptions<ExecutorOptions> options, TimeProvider time)
{
    /// <summary>Drops stale members, then chooses among the executors that serve the model and operation and have room:
    /// the one whose turn is oldest (round-robin), the least loaded on a tie; takes an in-flight lease for the task
    /// (ARGV[5], expiring at ARGV[6]) and a new turn. Returns the id, replica and name, or an empty id with <c>busy</c>
    /// (some serve it, all full) or <c>none</c>. The load is the count of unexpired leases, mirrored in the hash's
    /// <c>inFlight</c> for the readers (admin API, CLI).</summary>
    private static readonly RedisScript s_select = new("""
        local base = string.sub(KEYS[1], 1, #KEYS[1] - #'{executors}:live')
        local prefix = base .. '{executors}:executor:'
        local leases = base .. '{executors}:inflight:'
        for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])) do
          redis.call('ZREM', KEYS[1], id)
          redis.call('DEL', prefix .. id, leases .. id)
        end
        local excluded = {}
        for i = 8, #ARGV do excluded[ARGV[i]] = true end
        local function has(list, value)
          for _, v in ipairs(list) do
            if v == value or v == '*' or v == 'models/' .. value then return true end
          end
          return false
        end
        local best, bestTurn, bestLoad, bestReplica
        local serving = false
        for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
          if not excluded[id] then
            local f = redis.call('HMGET', prefix .. id, 'models', 'operations', 'maxConcurrency', 'turn', 'replica')
            if f[1] and f[2] and f[5] then
              local okModels, models = pcall(cjson.decode, f[1])
              local okOps, ops = pcall(cjson.decode, f[2])
              if okModels and okOps and has(models, ARGV[3]) and (ARGV[4] == '' or has(ops, ARGV[4])) then
                serving = true
                if redis.call('ZREMRANGEBYSCORE', leases .. id, '-inf', '(' .. ARGV[1]) > 0 then
                  redis.call('HSET', prefix .. id, 'inFlight', redis.call('ZCARD', leases .. id))
                end
                local load = redis.call('ZCARD', leases .. id)
                local turn = tonumber(f[4]) or 0
                if load < (tonumber(f[3]) or 1) and (best == nil or turn < bestTurn or (turn == bestTurn and load < bestLoad)) then
                  best, bestTurn, bestLoad, bestReplica = id, turn, load, f[5]
                end
              end
            end
          end
        end
        if best == nil then return {'', serving and 'busy' or 'none'} end
        redis.call('HSET', prefix .. best, 'turn', redis.call('INCR', KEYS[2]))
        redis.call('ZADD', leases .. best, ARGV[6], ARGV[5])
        redis.call('PEXPIRE', leases .. best, ARGV[7])
        redis.call('HSET', prefix .. best, 'inFlight', bestLoad + 1)
        return {best, bestReplica, redis.call('HGET', prefix .. best, 'name') or ''}
        """);

    /// <summary>Ends a task's in-flight lease (the origin when the request is done, or the holder when the executor finished
    /// it); the hash's <c>inFlight</c> follows while the entry exists.</summary>
    private static readonly RedisScript s_release = new("""
        redis.call('ZREM', KEYS[2], ARGV[1])
        if redis.call('EXISTS', KEYS[1]) == 1 then
          redis.call('HSET', KEYS[1], 'inFlight', redis.call('ZCARD', KEYS[2]))
        end
        """);

    /// <summary>A pong: the entry's last pong, its place in rotation and its TTL (only while the entry exists); the leases of
    /// the tasks the executor still runs (ARGV[5…]) are extended, and expired ones dropped: a lease whose origin died
    /// without releasing it ends by itself.</summary>
    private static readonly RedisScript s_touch = new("""
        if redis.call('EXISTS', KEYS[2]) == 1 then
          redis.call('HSET', KEYS[2], 'lastPong', ARGV[1])
          redis.call('PEXPIRE', KEYS[2], ARGV[2])
          redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
          for i = 5, #ARGV do redis.call('ZADD', KEYS[3], 'XX', ARGV[4], ARGV[i]) end
          redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[1])
          if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[2]) end
          redis.call('HSET', KEYS[2], 'inFlight', redis.call('ZCARD', KEYS[3]))
        end
        """);

    /// <summary>The holder's view of a finished task: counted (or its error kept as the last error), and its lease ended.</summary>
    private static readonly RedisScript s_record = new("""
        redis.call('ZREM', KEYS[2], ARGV[2])
        if redis.call('EXISTS', KEYS[1]) == 1 then
          if ARGV[1] == '' then redis.call('HINCRBY', KEYS[1], 'tasksServed', 1) else redis.call('HSET', KEYS[1], 'lastError', ARGV[1]) end
          redis.call('HSET', KEYS[1], 'inFlight', redis.call('ZCARD', KEYS[2]))
        end
        """);

    private readonly ExecutorOptions _options = options.Value;

    private IDatabase Db => redis.Db;

    private long Ttl => (long)(_options.PongTimeout.TotalMilliseconds * 2);

    public async Task RegisterAsync(ExecutorHello hello, string executorId, string tokenId, string replica)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var key = RedisKeys.Executor(executorId);
        var transaction = Db.CreateTransaction();
        _ = transaction.HashSetAsync(key,
        [
            new(ExecutorFields.Id, executorId),
            new(ExecutorFields.Name, hello.Name),
            new(ExecutorFields.TokenId, tokenId),
            new(ExecutorFields.Replica, replica),
            new(ExecutorFields.Models, JsonSerializer.Serialize(hello.Models, ExecutorJsonContext.Default.ListString)),
            new(ExecutorFields.Operations, JsonSerializer.Serialize(hello.Operations, ExecutorJsonContext.Default.ListString)),
            new(ExecutorFields.MaxConcurrency, hello.MaxConcurrency),
            new(ExecutorFields.InFlight, 0),
            new(ExecutorFields.TasksServed, 0),
            new(ExecutorFields.ConnectedAt, now),
            new(ExecutorFields.LastPong, now),
            new(ExecutorFields.Turn, 0),
            new(ExecutorFields.Version, hello.Version),
        ]);
        _ = transaction.KeyExpireAsync(key, TimeSpan.FromMilliseconds(Ttl));
        _ = transaction.SortedSetAddAsync(RedisKeys.ExecutorsLive, executorId, now);
        await transaction.ExecuteAsync();
    }

    /// <summary>A pong of <paramref name="executorId"/>, which still runs <paramref name="tasks"/> (their leases are extended).</summary>
    public Task TouchAsync(string executorId, IReadOnlyCollection<string> tasks)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        RedisValue[] args = [now, Ttl, executorId, now + Ttl, .. tasks.Select(t => (RedisValue)t)];
        return s_touch.EvaluateAsync(Db, [RedisKeys.ExecutorsLive, RedisKeys.Executor(executorId), RedisKeys.ExecutorInFlight(executorId)], args);
    }

    /// <summary>Out of rotation at once (closed, pong timeout, shutdown).</summary>
    public async Task RemoveAsync(string executorId)
    {
        var transaction = Db.CreateTransaction();
        _ = transaction.SortedSetRemoveAsync(RedisKeys.ExecutorsLive, executorId);
        _ = transaction.KeyDeleteAsync(RedisKeys.Executor(executorId));
        _ = transaction.KeyDeleteAsync(RedisKeys.ExecutorInFlight(executorId));
        await transaction.ExecuteAsync();
    }

    public async Task<(ExecutorLease? Lease, bool Busy)> SelectAsync(string model, string operation, IReadOnlyCollection<string> excluded)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var taskId = Ids.Hex(8);
        var args = new RedisValue[7 + excluded.Count];
        args[0] = now;
        args[1] = now - (long)_options.PongTimeout.TotalMilliseconds;
        args[2] = model;
        args[3] = operation;
        args[4] = taskId;
        args[5] = now + Ttl;
        args[6] = Ttl;
        var i = 7;
        foreach (var id in excluded)
        {
            args[i++] = id;
        }

        var result = (RedisResult[])(await s_select.EvaluateAsync(Db, [RedisKeys.ExecutorsLive, RedisKeys.ExecutorTurn], args))!;
        var chosen = result[0].ToString();
        return chosen.Length == 0 ? (null, result[1].ToString() == "busy") : (new ExecutorLease(chosen, result[2].ToString(), result[1].ToString(), taskId), false);
    }

    public void Release(ExecutorLease lease) =>
        s_release.Fire(Db, [RedisKeys.Executor(lease.ExecutorId), RedisKeys.ExecutorInFlight(lease.ExecutorId)], [lease.TaskId]);

    /// <summary>Counts a task the executor finished, or keeps its error as the last error, and ends its lease
    /// (fire-and-forget; the hash is left alone when gone, so a late outcome never brings it back without its TTL).</summary>
    public void RecordOutcome(string executorId, string taskId, string? error) =>
        s_record.Fire(Db, [RedisKeys.Executor(executorId), RedisKeys.ExecutorInFlight(executorId)], [error ?? "", taskId]);

    /// <summary>The token's salt, hash and revocation, or null when unknown.</summary>
    public async Task<(string Salt, string Hash, bool Revoked)?> TokenAsync(string tokenId)
    {
        var values = await Db.HashGetAsync(RedisKeys.ExecutorToken(tokenId), [ExecutorTokenFields.Salt, ExecutorTokenFields.Hash, ExecutorTokenFields.RevokedAt]);
        return values[0].HasValue && values[1].HasValue ? (values[0].ToString(), values[1].ToString(), values[2].HasValue) : null;
    }

    public void TokenUsed(string tokenId) =>
        _ = Db.HashSetAsync(RedisKeys.ExecutorToken(tokenId), ExecutorTokenFields.LastUsedAt, time.GetUtcNow().ToUnixTimeMilliseconds(), When.Always, CommandFlags.FireAndForget);
}
