using Antigravity.ClusterState;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Users;
using StackExchange.Redis;

namespace Antigravity.Gateway.Tests.Infrastructure;

/// <summary>Users and teams written to Redis as AccountService writes them (records, then the admission copies through
/// <see cref="AdmissionWriter"/>), for the gateway's admission tests.</summary>
public static class UserRecords
{
    public static async Task<string> CreateTeamAsync(this GatewayCluster cluster, params (string Field, string Value)[] limits)
    {
        var id = "t" + Guid.NewGuid().ToString("N")[..10];
        await cluster.Db.HashSetAsync(RedisKeys.Team(id), [new(UserFields.Id, id), new(UserFields.Name, id), .. limits.Select(l => new HashEntry(l.Field, l.Value))]);
        await cluster.Db.SetAddAsync(RedisKeys.Teams, id);
        await AdmissionWriter.SyncTeamAsync(cluster.Db, id);
        return id;
    }

    public static async Task<string> CreateUserAsync(this GatewayCluster cluster, string? teamId, params (string Field, string Value)[] limits)
    {
        var id = "u" + Guid.NewGuid().ToString("N")[..10];
        await cluster.Db.HashSetAsync(RedisKeys.User(id), [new(UserFields.Id, id), new(UserFields.Name, id), new(UserFields.Role, UserRoles.Member), .. limits.Select(l => new HashEntry(l.Field, l.Value))]);
        await cluster.Db.SetAddAsync(RedisKeys.Users, id);
        await cluster.MoveUserAsync(id, teamId);
        return id;
    }

    /// <summary>Puts the user in a team (null = none) and rewrites her copies, as AccountService's UserStore does.</summary>
    public static async Task MoveUserAsync(this GatewayCluster cluster, string userId, string? teamId)
    {
        if (teamId is null)
        {
            await cluster.Db.HashDeleteAsync(RedisKeys.User(userId), UserFields.Team);
        }
        else
        {
            await cluster.Db.HashSetAsync(RedisKeys.User(userId), UserFields.Team, teamId);
            await cluster.Db.SetAddAsync(RedisKeys.TeamMembers(teamId), userId);
        }

        await AdmissionWriter.SyncUserAsync(cluster.Db, userId);
    }

    /// <summary>Creates a key of the user (with optional key limits) and returns the full key.</summary>
    public static async Task<string> CreateUserKeyAsync(this GatewayCluster cluster, string userId, params (string Field, string Value)[] limits)
    {
        var key = await cluster.CreateApiKeyAsync([(ApiKeyFields.User, userId), .. limits]);
        Assert.True(ApiKeyFormat.TryParse(key, out var id, out _));
        await cluster.Db.SetAddAsync(RedisKeys.UserKeys(userId), id);
        await AdmissionWriter.SyncKeyAsync(cluster.Db, id);
        return key;
    }

    /// <summary>A level's counter in the scope (<see cref="RedisKeys.AdmissionWindow"/>); 0 when absent.</summary>
    public static async Task<long> CounterAsync(this GatewayCluster cluster, string scope, string level, string window) =>
        (long?)await cluster.Db.StringGetAsync(RedisKeys.AdmissionWindow(scope, level, window)) ?? 0;
}
