using System.Text.Json;
using Antigravity.AccountService.Hosting;
using Antigravity.AdminClient.Executors;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Executors;
using StackExchange.Redis;

namespace Antigravity.AccountService.Executors;

/// <summary>Reads the gateways' registry of connected executors (<see cref="RedisKeys.ExecutorsLive"/>,
/// <see cref="RedisKeys.Executor"/>) for the admin API and the panel.</summary>
internal sealed class ExecutorRegistryReader(ClusterRedis redis, TimeProvider time)
{
    /// <summary>An entry whose last pong is older than this is shown <c>stale</c>; the gateways' default pong timeout.</summary>
    private static readonly TimeSpan s_stale = TimeSpan.FromSeconds(6);

    public async Task<IReadOnlyList<ExecutorInfo>> ListAsync()
    {
        var db = redis.Database;
        var members = await db.SortedSetRangeByRankWithScoresAsync(RedisKeys.ExecutorsLive);
        var entries = await Task.WhenAll(members.Select(m => db.HashGetAllAsync(RedisKeys.Executor(m.Element.ToString()))));
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var list = new List<ExecutorInfo>();
        for (var i = 0; i < members.Length; i++)
        {
            if (entries[i].Length == 0)
            {
                continue;
            }

            var map = entries[i].ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
            long Number(string field) => map.TryGetValue(field, out var v) && long.TryParse(v, out var n) ? n : 0;
            DateTimeOffset? Time(string field) => Number(field) is > 0 and var ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
            list.Add(new ExecutorInfo
            {
                Id = members[i].Element.ToString(),
                Name = map.GetValueOrDefault(ExecutorFields.Name) ?? "",
                TokenId = map.GetValueOrDefault(ExecutorFields.TokenId),
                Replica = map.GetValueOrDefault(ExecutorFields.Replica),
                State = now - (long)members[i].Score > s_stale.TotalMilliseconds ? "stale" : "ready",
                Models = List(map.GetValueOrDefault(ExecutorFields.Models)),
                Operations = List(map.GetValueOrDefault(ExecutorFields.Operations)),
                MaxConcurrency = (int)Number(ExecutorFields.MaxConcurrency),
                InFlight = (int)Math.Max(0, Number(ExecutorFields.InFlight)),
                TasksServed = Number(ExecutorFields.TasksServed),
                LastError = map.GetValueOrDefault(ExecutorFields.LastError) is { Length: > 0 } error ? error : null,
                ConnectedAt = Time(ExecutorFields.ConnectedAt),
                LastPong = Time(ExecutorFields.LastPong),
            });
        }

        return [.. list.OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Id, StringComparer.Ordinal)];
    }

    private static List<string> List(string? json)
    {
        try
        {
            return string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize(json, ConfigJsonContext.Default.ListString) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
