using System.Text.Json;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Messages;
using Antigravity.ClusterState.Usage;
using Antigravity.QuotaWorker.Api;
using Antigravity.QuotaWorker.Hosting;
using Antigravity.QuotaWorker.RequestLog;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Antigravity.QuotaWorker.Usage;

/// <summary>
/// Counts one <see cref="RequestCompleted"/> and appends it to the request log in one script, guarded by a
/// <c>SET NX</c> on its request id: a record delivered twice changes nothing (at-least-once delivery, counted once).
/// A record read from the usage stream is acknowledged and deleted from it by the same script, so it leaves the stream
/// exactly when it is counted.
/// </summary>
internal sealed class UsageRecorder(ClusterRedis redis, WorkerMetrics metrics, IOptions<UsageOptions> usage, IOptions<RequestLogOptions> log)
{
    // KEYS: 1 seen, 2-7 hour all/model/account/key/user/team, 8-13 day (same order), 14 log, 15 entry, 16 index registry,
    //       17-23 indexes model/account/key/user/team/status/outcome, 24 usage stream.
    // ARGV: 1 dedupe ms, 2 hour ttl s, 3 day ttl s, 4 entry ttl ms, 5 score, 6 entry json, 7 request id,
    //       8-12 model/account/key/user/team ids, 13-19 metrics (UsageKeys.Metrics order), 20-26 index suffixes,
    //       27 consumer group, 28 stream entry id ('' when the record did not come from the stream).
    private const string Script = """
        if ARGV[28] ~= '' then
          redis.call('XACK', KEYS[24], ARGV[27], ARGV[28])
          redis.call('XDEL', KEYS[24], ARGV[28])
        end
        if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 0 end
        local ids = {'*', ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12]}
        local metrics = {'requests', 'input', 'output', 'cached', 'thinking', 'errors', 'latencyMs'}
        for b = 0, 1 do
          for d = 1, 6 do
            local key = KEYS[1 + b * 6 + d]
            for m = 1, 7 do
              local v = tonumber(ARGV[12 + m])
              if v ~= 0 then redis.call('HINCRBY', key, ids[d] .. '|' .. metrics[m], v) end
            end
            redis.call('EXPIRE', key, ARGV[2 + b])
          end
        end
        redis.call('SET', KEYS[15], ARGV[6], 'PX', ARGV[4])
        redis.call('ZADD', KEYS[14], ARGV[5], ARGV[7])
        for i = 0, 6 do
          redis.call('ZADD', KEYS[17 + i], ARGV[5], ARGV[7])
          redis.call('SADD', KEYS[16], ARGV[20 + i])
        end
        return 1
        """;

    /// <summary>Records a batch (pipelined); returns how many were new.</summary>
    public Task<int> RecordAsync(IReadOnlyCollection<RequestCompleted> events) =>
        RecordAsync([.. events.Select(e => (e, RedisValue.EmptyString))]);

    /// <summary>Records a batch read from the usage stream (pipelined), acknowledging and deleting each entry as it is
    /// counted; returns how many were new.</summary>
    public async Task<int> RecordAsync(IReadOnlyCollection<(RequestCompleted Record, RedisValue EntryId)> events)
    {
        var db = redis.Database;
        var batch = db.CreateBatch();
        var calls = events.Select(e => Record(batch, e.Record, e.EntryId)).ToList();
        batch.Execute();
        var results = await Task.WhenAll(calls);
        var counted = results.Count(r => (long)r == 1);
        metrics.UsageRecorded(counted, results.Length - counted);
        return counted;
    }

    private Task<RedisResult> Record(IBatch batch, RequestCompleted e, RedisValue entryId)
    {
        var entry = RequestLogEntry.From(e);
        var model = e.Model ?? e.RequestedModel;
        var account = e.AccountId ?? UsageKeys.None;
        var key = e.KeyId ?? UsageKeys.None;
        var user = e.UserId ?? UsageKeys.None;
        var team = e.TeamId ?? UsageKeys.None;
        string[] indexes =
        [
            $"model:{model}", $"account:{account}", $"key:{key}", $"user:{user}", $"team:{team}", $"status:{e.Status}", entry.Ok ? "outcome:ok" : "outcome:error",
        ];

        RedisKey[] keys =
        [
            UsageKeys.Seen(e.RequestId),
            .. UsageKeys.Dimensions.Select(d => (RedisKey)UsageKeys.Hour(e.StartedAt, d)),
            .. UsageKeys.Dimensions.Select(d => (RedisKey)UsageKeys.Day(e.StartedAt, d)),
            UsageKeys.Log,
            UsageKeys.LogEntry(e.RequestId),
            UsageKeys.LogIndexes,
            .. indexes.Select(i => (RedisKey)UsageKeys.LogIndex(i)),
            RedisKeys.UsageRecords,
        ];
        RedisValue[] args =
        [
            (long)usage.Value.DedupeWindow.TotalMilliseconds,
            (long)usage.Value.HourlyRetention.TotalSeconds,
            (long)usage.Value.DailyRetention.TotalSeconds,
            (long)log.Value.MaxAge.TotalMilliseconds,
            e.StartedAt.ToUnixTimeMilliseconds(),
            JsonSerializer.Serialize(entry, ApiJsonContext.Default.RequestLogEntry),
            e.RequestId,
            model,
            account,
            key,
            user,
            team,
            1,
            e.InputTokens,
            e.OutputTokens,
            e.CachedTokens,
            e.ThinkingTokens,
            entry.Ok ? 0 : 1,
            (long)Math.Round(e.LatencyMs),
            .. indexes.Select(i => (RedisValue)i),
            UsageStream.Group,
            entryId,
        ];
        return batch.ScriptEvaluateAsync(Script, keys, args);
    }
}
