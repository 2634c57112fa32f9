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
/// Counts a batch of <see cref="RequestCompleted"/> records and appends them to the request log in one script per
/// <see cref="RecordsPerScript"/> records, each record guarded by a <c>SET NX</c> on its request id: a record delivered
/// twice changes nothing (at-least-once delivery, counted once). Records read from the usage stream are acknowledged and
/// deleted from it by the same script, so they leave the stream exactly when they are counted.
/// <para>The script adds the new records' counters up before it writes them: one <c>HINCRBY</c> per counter field and one
/// <c>ZADD</c> per index for the whole batch, where one script per record ran about 90 commands (60 <c>HINCRBY</c>, 12
/// <c>EXPIRE</c>, 8 <c>ZADD</c>, 7 <c>SADD</c>, …) and was the largest cost of a request in Redis (issue 14: 0.3–0.6 ms of
/// Redis CPU per request, measured with <c>SLOWLOG</c>).</para>
/// </summary>
internal sealed class UsageRecorder(ClusterRedis redis, WorkerMetrics metrics, IOptions<UsageOptions> usage, IOptions<RequestLogOptions> log)
{
    /// <summary>The most records one script counts (Redis runs nothing else while a script runs).</summary>
    public const int RecordsPerScript = 100;

    /// <summary>ARGV per record: stream entry id, score, entry JSON, request id, 12 counter-key refs (6 hour, 6 day),
    /// 6 dimension ids, 7 metric values, 7 index-key refs, 7 index suffixes.</summary>
    private const int Stride = 43;

    // KEYS: 1 usage stream, 2 log, 3 index registry, then per record i (0-based) 4+2i seen and 5+2i entry, then the
    //       distinct counter and index keys the records name (refs count from 1 after the records' keys).
    // ARGV: 1 consumer group, 2 dedupe ms, 3 entry ttl ms, 4 record count, 5 counter-key count C, 6.. C ttls (s), then
    //       one Stride-long block per record (see Stride). Returns one 1 (counted) or 0 (seen before) per record.
    private const string Script = """
        local n = tonumber(ARGV[4])
        local c = tonumber(ARGV[5])
        local base = 6 + c
        local others = 3 + 2 * n
        local metrics = {'requests', 'input', 'output', 'cached', 'thinking', 'errors', 'latencyMs'}
        local acks, results, sums, zsets, logz, registry = {}, {}, {}, {}, {}, {}
        for i = 0, n - 1 do
          local a = base + i * 43
          if ARGV[a] ~= '' then acks[#acks + 1] = ARGV[a] end
          if redis.call('SET', KEYS[4 + 2 * i], '1', 'NX', 'PX', ARGV[2]) then
            results[i + 1] = 1
            redis.call('SET', KEYS[5 + 2 * i], ARGV[a + 2], 'PX', ARGV[3])
            local score, id = ARGV[a + 1], ARGV[a + 3]
            logz[#logz + 1] = score
            logz[#logz + 1] = id
            for k = 0, 11 do
              local ref = tonumber(ARGV[a + 4 + k])
              local owner = ARGV[a + 16 + (k % 6)]
              local t = sums[ref]
              if not t then t = {}; sums[ref] = t end
              for m = 1, 7 do
                local v = tonumber(ARGV[a + 21 + m])
                if v ~= 0 then
                  local f = owner .. '|' .. metrics[m]
                  t[f] = (t[f] or 0) + v
                end
              end
            end
            for x = 0, 6 do
              local ref = tonumber(ARGV[a + 29 + x])
              local z = zsets[ref]
              if not z then z = {}; zsets[ref] = z; registry[#registry + 1] = ARGV[a + 36 + x] end
              z[#z + 1] = score
              z[#z + 1] = id
            end
          else
            results[i + 1] = 0
          end
        end
        if #acks > 0 then
          redis.call('XACK', KEYS[1], ARGV[1], unpack(acks))
          redis.call('XDEL', KEYS[1], unpack(acks))
        end
        for ref, t in pairs(sums) do
          local key = KEYS[others + ref]
          for f, v in pairs(t) do redis.call('HINCRBY', key, f, v) end
          redis.call('EXPIRE', key, ARGV[5 + ref])
        end
        for ref, z in pairs(zsets) do redis.call('ZADD', KEYS[others + ref], unpack(z)) end
        if #logz > 0 then
          redis.call('ZADD', KEYS[2], unpack(logz))
          redis.call('SADD', KEYS[3], unpack(registry))
        end
        return results
        """;

    /// <summary>Records a batch; returns how many were new.</summary>
    public Task<int> RecordAsync(IReadOnlyCollection<RequestCompleted> events) =>
        RecordAsync([.. events.Select(e => (e, RedisValue.EmptyString))]);

    /// <summary>Records a batch read from the usage stream, acknowledging and deleting each entry as it is counted;
    /// returns how many were new.</summary>
    public async Task<int> RecordAsync(IReadOnlyCollection<(RequestCompleted Record, RedisValue EntryId)> events)
    {
        var db = redis.Database;
        var batch = db.CreateBatch();
        var calls = events.Chunk(RecordsPerScript).Select(chunk => Record(batch, chunk)).ToList();
        batch.Execute();
        var results = (await Task.WhenAll(calls)).SelectMany(r => (RedisResult[])r!).Select(r => (long)r).ToList();
        var counted = results.Count(r => r == 1);
        metrics.UsageRecorded(counted, results.Count - counted);
        return counted;
    }

    private Task<RedisResult> Record(IBatch batch, (RequestCompleted Record, RedisValue EntryId)[] records)
    {
        var keys = new List<RedisKey>(3 + 2 * records.Length) { RedisKeys.UsageRecords, UsageKeys.Log, UsageKeys.LogIndexes };
        var others = new Dictionary<string, int>(StringComparer.Ordinal);
        var ttls = new List<RedisValue>();
        var blocks = new List<RedisValue>(records.Length * Stride);
        var hourTtl = (long)usage.Value.HourlyRetention.TotalSeconds;
        var dayTtl = (long)usage.Value.DailyRetention.TotalSeconds;

        int Ref(string key, long ttl)
        {
            if (!others.TryGetValue(key, out var index))
            {
                others[key] = index = others.Count + 1;
                ttls.Add(ttl);
            }

            return index;
        }

        foreach (var (e, entryId) in records)
        {
            var entry = RequestLogEntry.From(e);
            var model = e.Model ?? e.RequestedModel;
            string[] ids = ["*", model, e.AccountId ?? UsageKeys.None, e.KeyId ?? UsageKeys.None, e.UserId ?? UsageKeys.None, e.TeamId ?? UsageKeys.None];
            string[] indexes =
            [
                $"model:{model}", $"account:{ids[2]}", $"key:{ids[3]}", $"user:{ids[4]}", $"team:{ids[5]}", $"status:{e.Status}", entry.Ok ? "outcome:ok" : "outcome:error",
            ];
            keys.Add(UsageKeys.Seen(e.RequestId));
            keys.Add(UsageKeys.LogEntry(e.RequestId));
            blocks.Add(entryId);
            blocks.Add(e.StartedAt.ToUnixTimeMilliseconds());
            blocks.Add(JsonSerializer.Serialize(entry, ApiJsonContext.Default.RequestLogEntry));
            blocks.Add(e.RequestId);
            blocks.AddRange(UsageKeys.Dimensions.Select(d => (RedisValue)Ref(UsageKeys.Hour(e.StartedAt, d), hourTtl)));
            blocks.AddRange(UsageKeys.Dimensions.Select(d => (RedisValue)Ref(UsageKeys.Day(e.StartedAt, d), dayTtl)));
            blocks.AddRange(ids.Select(id => (RedisValue)id));
            blocks.AddRange([1, e.InputTokens, e.OutputTokens, e.CachedTokens, e.ThinkingTokens, entry.Ok ? 0 : 1, (long)Math.Round(e.LatencyMs)]);
            blocks.AddRange(indexes.Select(i => (RedisValue)Ref(UsageKeys.LogIndex(i), 0)));
            blocks.AddRange(indexes.Select(i => (RedisValue)i));
        }

        keys.AddRange(others.Keys.Select(k => (RedisKey)k));
        RedisValue[] args =
        [
            UsageStream.Group,
            (long)usage.Value.DedupeWindow.TotalMilliseconds,
            (long)log.Value.MaxAge.TotalMilliseconds,
            records.Length,
            ttls.Count,
            .. ttls,
            .. blocks,
        ];
        return batch.ScriptEvaluateAsync(Script, [.. keys], args);
    }
}
