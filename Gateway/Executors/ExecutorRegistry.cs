using System.Text.Json;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Executors;
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
    /// the one whose turn is oldest (round-robin), the least loaded on a tie; takes one in-flight slot and a new turn.
    /// Returns the id and replica, or an empty id with <c>busy</c> (some serve it, all full) or <c>none</c>.</summary>
    private static readonly RedisScript s_select = new("""
        local prefix = string.sub(KEYS[1], 1, #KEYS[1] - #'{executors}:live') .. '{executors}:executor:'
        for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])) do
          redis.call('ZREM', KEYS[1], id)
          redis.call('DEL', prefix .. id)
        end
        local excluded = {}
        for i = 5, #ARGV do excluded[ARGV[i]] = true end
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
            local f = redis.call('HMGET', prefix .. id, 'models', 'operations', 'maxConcurrency', 'inFlight', 'turn', 'replica')
            if f[1] and f[2] and f[6] then
              local okModels, models = pcall(cjson.decode, f[1])
              local okOps, ops = pcall(cjson.decode, f[2])
              if okModels and okOps and has(models, ARGV[3]) and (ARGV[4] == '' or has(ops, ARGV[4])) then
                serving = true
                local load = tonumber(f[4]) or 0
                local turn = tonumber(f[5]) or 0
                if load < (tonumber(f[3]) or 1) and (best == nil or turn < bestTurn or (turn == bestTurn and load < bestLoad)) then
                  best, bestTurn, bestLoad, bestReplica = id, turn, load, f[6]
                end
              end
            end
          end
        end
        if best == nil then return {'', serving and 'busy' or 'none'} end
        redis.call('HSET', prefix .. best, 'turn', redis.call('INCR', KEYS[2]))
        redis.call('HINCRBY', prefix .. best, 'inFlight', 1)
        return {best, bestReplica, redis.call('HGET', prefix .. best, 'name') or ''}
        """);

    /// <summary>Gives back an in-flight slot (never below 0; nothing when the entry is gone).</summary>
    private static readonly RedisScript s_release = new("""
        if redis.call('EXISTS', KEYS[1]) == 1 and (tonumber(redis.call('HGET', KEYS[1], 'inFlight')) or 0) > 0 then
          redis.call('HINCRBY', KEYS[1], 'inFlight', -1)
        end
        """);

    /// <summary>A pong: the entry's last pong, its place in rotation and its TTL (only while the entry exists).</summary>
    private static readonly RedisScript s_touch = new("""
        if redis.call('EXISTS', KEYS[2]) == 1 then
          redis.call('HSET', KEYS[2], 'lastPong', ARGV[1])
          redis.call('PEXPIRE', KEYS[2], ARGV[2])
          redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
        end
        """);

    private static readonly RedisScript s_record = new("""
        if redis.call('EXISTS', KEYS[1]) == 1 then
          if ARGV[1] == '' then redis.call('HINCRBY', KEYS[1], 'tasksServed', 1) else redis.call('HSET', KEYS[1], 'lastError', ARGV[1]) end
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

    public Task TouchAsync(string executorId) =>
        s_touch.EvaluateAsync(Db, [RedisKeys.ExecutorsLive, RedisKeys.Executor(executorId)], [time.GetUtcNow().ToUnixTimeMilliseconds(), Ttl, executorId]);

    /// <summary>Out of rotation at once (closed, pong timeout, shutdown).</summary>
    public async Task RemoveAsync(string executorId)
    {
        var transaction = Db.CreateTransaction();
        _ = transaction.SortedSetRemoveAsync(RedisKeys.ExecutorsLive, executorId);
        _ = transaction.KeyDeleteAsync(RedisKeys.Executor(executorId));
        await transaction.ExecuteAsync();
    }

    public async Task<(ExecutorLease? Lease, bool Busy)> SelectAsync(string model, string operation, IReadOnlyCollection<string> excluded)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var args = new RedisValue[4 + excluded.Count];
        args[0] = now;
        args[1] = now - (long)_options.PongTimeout.TotalMilliseconds;
        args[2] = model;
        args[3] = operation;
        var i = 4;
        foreach (var id in excluded)
        {
            args[i++] = id;
        }

        var result = (RedisResult[])(await s_select.EvaluateAsync(Db, [RedisKeys.ExecutorsLive, RedisKeys.ExecutorTurn], args))!;
        var chosen = result[0].ToString();
        return chosen.Length == 0 ? (null, result[1].ToString() == "busy") : (new ExecutorLease(chosen, result[2].ToString(), result[1].ToString()), false);
    }

    public void Release(ExecutorLease lease) => s_release.Fire(Db, [RedisKeys.Executor(lease.ExecutorId)], []);

    /// <summary>Counts a task the executor finished, or keeps its error as the last error (fire-and-forget; nothing when
    /// the entry is gone, so a late outcome never brings it back without its TTL).</summary>
    public void RecordOutcome(string executorId, string? error) =>
        s_record.Fire(Db, [RedisKeys.Executor(executorId)], [error ?? ""]);

    /// <summary>The token's salt, hash and revocation, or null when unknown.</summary>
    public async Task<(string Salt, string Hash, bool Revoked)?> TokenAsync(string tokenId)
    {
        var values = await Db.HashGetAsync(RedisKeys.ExecutorToken(tokenId), [ExecutorTokenFields.Salt, ExecutorTokenFields.Hash, ExecutorTokenFields.RevokedAt]);
        return values[0].HasValue && values[1].HasValue ? (values[0].ToString(), values[1].ToString(), values[2].HasValue) : null;
    }

    public void TokenUsed(string tokenId) =>
        _ = Db.HashSetAsync(RedisKeys.ExecutorToken(tokenId), ExecutorTokenFields.LastUsedAt, time.GetUtcNow().ToUnixTimeMilliseconds(), When.Always, CommandFlags.FireAndForget);
}
