using System.Security.Cryptography;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Users;
using StackExchange.Redis;

namespace Antigravity.AccountService.Users;

/// <summary>Users and teams by name: ids for names, and "the user of this name", created once even when several replicas
/// ask at once (the name index is written with <c>HSETNX</c> before the record).</summary>
internal sealed class UserNames(ClusterRedis redis, TimeProvider time)
{
    private IDatabase Db => redis.Database;

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>The id of a user given by id or name; null when there is none.</summary>
    public Task<string?> ResolveUserAsync(string idOrName) => ResolveAsync(RedisKeys.Users, RedisKeys.UserNames, idOrName);

    /// <summary>The id of a team given by id or name; null when there is none.</summary>
    public Task<string?> ResolveTeamAsync(string idOrName) => ResolveAsync(RedisKeys.Teams, RedisKeys.TeamNames, idOrName);

    /// <summary>The user of this name, created as a member without a team if there is none; <c>Created</c>
    /// tells whether this call created her.</summary>
    public async Task<(string Id, bool Created)> FindOrCreateUserAsync(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var id = NewId();
        var created = await Db.HashSetAsync(RedisKeys.UserNames, name, id, When.NotExists);
        if (!created)
        {
            id = (await Db.HashGetAsync(RedisKeys.UserNames, name)).ToString();
        }

        // Every field only if missing: the replica that lost the race above may get here first, and both write alike.
        foreach (var (field, value) in new (string, RedisValue)[]
        {
            (UserFields.Id, id), (UserFields.Name, name), (UserFields.Role, UserRoles.Member),
            (UserFields.CreatedAt, time.GetUtcNow().ToUnixTimeMilliseconds()),
        })
        {
            await Db.HashSetAsync(RedisKeys.User(id), field, value, When.NotExists);
        }

        await Db.SetAddAsync(RedisKeys.Users, id);
        await AdmissionWriter.SyncUserAsync(Db, id);
        return (id, created);
    }

    private async Task<string?> ResolveAsync(string set, string names, string idOrName)
    {
        if (string.IsNullOrWhiteSpace(idOrName))
        {
            return null;
        }

        if (await Db.SetContainsAsync(set, idOrName))
        {
            return idOrName;
        }

        var id = await Db.HashGetAsync(names, idOrName.Trim());
        return id.IsNullOrEmpty ? null : id.ToString();
    }
}
