using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.Config;
using Antigravity.Gateway.Keys;
using Antigravity.Gateway.State;
using StackExchange.Redis;

namespace Antigravity.Gateway.Models;

/// <summary>
/// The aliases and model groups of the caller's user and team (issue 20, <see cref="RedisKeys.LevelAliases"/>,
/// <see cref="RedisKeys.LevelGroups"/>) laid over the global ones: the snapshot a request resolves its model by, so that
/// a name resolves at the user's level first, then the team's, then the global one. A name a level defines (as a group or
/// an alias) hides what the levels below define under that name.
/// <para>Cached per (user, team) for one <see cref="ClusterSnapshot"/>: a new snapshot (a message on
/// <see cref="RedisKeys.ConfigChannel"/>, which every change of a level's aliases or groups and of a user or team
/// publishes, or the five-second poll) starts an empty cache, so a change applies within a second and at worst after
/// the next poll. A caller without a user (or the bootstrap key) resolves by the global snapshot without a Redis read.</para>
/// </summary>
internal sealed class LevelRoutingCache(ClusterRedis redis, ApiKeyGate keys)
{
    private volatile Generation _generation = new(new ClusterSnapshot());

    /// <summary>The snapshot to resolve the model of the request presenting <paramref name="presentedKey"/> by.</summary>
    public async ValueTask<ClusterSnapshot> ForKeyAsync(string? presentedKey, ClusterSnapshot snapshot)
    {
        if (await keys.RouteAsync(presentedKey) is not { UserId: { } userId } route)
        {
            return snapshot;
        }

        var generation = _generation;
        if (!ReferenceEquals(generation.Base, snapshot))
        {
            // Entries built from an older snapshot (or older level records) are dropped with their generation.
            generation = _generation = new Generation(snapshot);
        }

        var cacheKey = route.TeamId is { } teamId ? userId + "\n" + teamId : userId;
        if (generation.Merged.TryGetValue(cacheKey, out var merged))
        {
            return merged;
        }

        merged = await MergeAsync(snapshot, RedisKeys.User(userId), route.TeamId is { } team ? RedisKeys.Team(team) : null);
        generation.Merged[cacheKey] = merged;
        return merged;
    }

    private async Task<ClusterSnapshot> MergeAsync(ClusterSnapshot snapshot, string user, string? team)
    {
        // Each level's two hashes are in two slots on a cluster: separate commands, sent together.
        var db = redis.Db;
        var userAliases = db.HashGetAllAsync(RedisKeys.LevelAliases(user));
        var userGroups = db.HashGetAllAsync(RedisKeys.LevelGroups(user));
        var teamAliases = team is null ? Task.FromResult(Array.Empty<HashEntry>()) : db.HashGetAllAsync(RedisKeys.LevelAliases(team));
        var teamGroups = team is null ? Task.FromResult(Array.Empty<HashEntry>()) : db.HashGetAllAsync(RedisKeys.LevelGroups(team));
        await Task.WhenAll(userAliases, userGroups, teamAliases, teamGroups);
        if (userAliases.Result.Length + userGroups.Result.Length + teamAliases.Result.Length + teamGroups.Result.Length == 0)
        {
            return snapshot;
        }

        var aliases = new Dictionary<string, string>(snapshot.Aliases, StringComparer.OrdinalIgnoreCase);
        var groups = new Dictionary<string, ModelGroup>(snapshot.Groups, StringComparer.OrdinalIgnoreCase);
        Overlay(aliases, groups, teamAliases.Result, teamGroups.Result);
        Overlay(aliases, groups, userAliases.Result, userGroups.Result);
        return snapshot with
        {
            Aliases = aliases.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
            Groups = groups.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
        };
    }

    /// <summary>Lays one level over the levels below: its names replace theirs, as an alias or as a group (a group wins over
    /// an alias of the same name within one level, as in <see cref="ModelResolver"/>).</summary>
    internal static void Overlay(Dictionary<string, string> aliases, Dictionary<string, ModelGroup> groups, HashEntry[] levelAliases, HashEntry[] levelGroups)
    {
        foreach (var entry in levelAliases)
        {
            var name = entry.Name.ToString();
            aliases[name] = entry.Value.ToString();
            groups.Remove(name);
        }

        foreach (var entry in levelGroups)
        {
            if (TryParse(entry.Value) is { } group)
            {
                var name = entry.Name.ToString();
                groups[name] = group;
                aliases.Remove(name);
            }
        }
    }

    private static ModelGroup? TryParse(RedisValue value)
    {
        try
        {
            return JsonSerializer.Deserialize(value.ToString(), StateJsonContext.Default.ModelGroup);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Generation(ClusterSnapshot Base)
    {
        public ConcurrentDictionary<string, ClusterSnapshot> Merged { get; } = new(StringComparer.Ordinal);
    }
}
