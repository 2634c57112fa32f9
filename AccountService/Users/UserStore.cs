using Antigravity.AccountService.ApiKeys;
using Antigravity.AccountService.Limits;
using Antigravity.AdminClient.Users;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Users;
using StackExchange.Redis;

namespace Antigravity.AccountService.Users;

/// <summary>Users in Redis (<see cref="RedisKeys.User"/>, <see cref="RedisKeys.Users"/>, <see cref="RedisKeys.UserNames"/>).
/// Every change rewrites the user's admission copies (<see cref="AdmissionWriter"/>).</summary>
internal sealed class UserStore(ClusterRedis redis, ApiKeyStore keys, TimeProvider time)
{
    private IDatabase Db => redis.Database;

    /// <summary>Creates a user; null when the name is taken.</summary>
    public async Task<UserInfo?> CreateAsync(CreateUserRequest request, string? teamId)
    {
        var id = UserNames.NewId();
        var name = request.Name.Trim();
        if (!await Db.HashSetAsync(RedisKeys.UserNames, name, id, When.NotExists))
        {
            return null;
        }

        var fields = new List<HashEntry>
        {
            new(UserFields.Id, id), new(UserFields.Name, name), new(UserFields.Role, request.Role ?? UserRoles.Member),
            new(UserFields.CreatedAt, time.GetUtcNow().ToUnixTimeMilliseconds()),
        };
        if (request.Email is { Length: > 0 } email)
        {
            fields.Add(new(UserFields.Email, email.Trim()));
        }

        if (request.MaxKeys is { } maxKeys)
        {
            fields.Add(new(UserFields.MaxKeys, maxKeys));
        }

        await Db.HashSetAsync(RedisKeys.User(id), [.. fields]);
        await LimitFields.WriteAsync(Db, RedisKeys.User(id), request.Limits ?? new UsageLimits());
        await Db.SetAddAsync(RedisKeys.Users, id);
        await SetTeamAsync(id, teamId);
        return await GetAsync(id);
    }

    public async Task<IReadOnlyList<UserInfo>> ListAsync()
    {
        var ids = await Db.SetMembersAsync(RedisKeys.Users);
        var users = await Task.WhenAll(ids.Select(id => GetAsync(id.ToString())));
        return [.. users.OfType<UserInfo>().OrderBy(u => u.Name, StringComparer.Ordinal)];
    }

    public async Task<UserInfo?> GetAsync(string id)
    {
        var entries = await Db.HashGetAllAsync(RedisKeys.User(id));
        if (entries.Length == 0)
        {
            return null;
        }

        var map = entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
        string? Text(string field) => map.TryGetValue(field, out var v) && v.Length > 0 ? v : null;
        var keyIds = await Db.SetMembersAsync(RedisKeys.UserKeys(id));
        return new UserInfo
        {
            Id = id,
            Name = Text(UserFields.Name) ?? id,
            Email = Text(UserFields.Email),
            Role = Text(UserFields.Role) ?? UserRoles.Member,
            TeamId = Text(UserFields.Team),
            CreatedAt = long.TryParse(Text(UserFields.CreatedAt), out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            Limits = LimitFields.ReadUsage(map),
            KeyIds = [.. keyIds.Select(k => k.ToString()).Order(StringComparer.Ordinal)],
            MaxKeys = int.TryParse(Text(UserFields.MaxKeys), out var maxKeys) ? maxKeys : null,
        };
    }

    /// <param name="teamId">The new team ("" = none, null = unchanged).</param>
    public async Task<UserInfo?> UpdateAsync(string id, UpdateUserRequest request, string? teamId)
    {
        if (!await Db.KeyExistsAsync(RedisKeys.User(id)))
        {
            return null;
        }

        if (request.Email is { } email)
        {
            await (email.Length == 0 ? Db.HashDeleteAsync(RedisKeys.User(id), UserFields.Email) : Db.HashSetAsync(RedisKeys.User(id), UserFields.Email, email.Trim()));
        }

        if (request.Role is { } role)
        {
            await Db.HashSetAsync(RedisKeys.User(id), UserFields.Role, role);
        }

        if (request.MaxKeys is { } maxKeys)
        {
            await (maxKeys < 0 ? Db.HashDeleteAsync(RedisKeys.User(id), UserFields.MaxKeys) : Db.HashSetAsync(RedisKeys.User(id), UserFields.MaxKeys, maxKeys));
        }

        if (request.Limits is { } limits)
        {
            await LimitFields.WriteAsync(Db, RedisKeys.User(id), limits);
        }

        if (teamId is not null)
        {
            await SetTeamAsync(id, teamId);
        }
        else
        {
            await AdmissionWriter.SyncUserAsync(Db, id);
        }

        return await GetAsync(id);
    }

    /// <summary>Puts the user in a team ("" or null = none), out of her previous one; her admission copies move to the new
    /// scope and her windows restart there.</summary>
    public async Task SetTeamAsync(string id, string? teamId)
    {
        var previous = await Db.HashGetAsync(RedisKeys.User(id), UserFields.Team);
        if (!previous.IsNullOrEmpty && previous != teamId)
        {
            await Db.SetRemoveAsync(RedisKeys.TeamMembers(previous.ToString()), id);
        }

        if (string.IsNullOrEmpty(teamId))
        {
            await Db.HashDeleteAsync(RedisKeys.User(id), UserFields.Team);
        }
        else
        {
            await Db.HashSetAsync(RedisKeys.User(id), UserFields.Team, teamId);
            await Db.SetAddAsync(RedisKeys.TeamMembers(teamId), id);
        }

        await AdmissionWriter.SyncUserAsync(Db, id);
    }

    /// <summary>Deletes the user and every key of hers.</summary>
    public async Task<bool> DeleteAsync(string id)
    {
        var stored = await Db.HashGetAsync(RedisKeys.User(id), [UserFields.Name, UserFields.Team]);
        foreach (var keyId in await Db.SetMembersAsync(RedisKeys.UserKeys(id)))
        {
            await keys.DeleteAsync(keyId.ToString());
        }

        await AdmissionWriter.RemoveUserAsync(Db, id);
        if (!stored[1].IsNullOrEmpty)
        {
            await Db.SetRemoveAsync(RedisKeys.TeamMembers(stored[1].ToString()), id);
        }

        if (!stored[0].IsNullOrEmpty && await Db.HashGetAsync(RedisKeys.UserNames, stored[0]) == id)
        {
            await Db.HashDeleteAsync(RedisKeys.UserNames, stored[0]);
        }

        var removed = await Db.SetRemoveAsync(RedisKeys.Users, id);
        await Db.KeyDeleteAsync(RedisKeys.UserKeys(id)); // one key per command: the two are in different slots on a cluster
        await Db.KeyDeleteAsync(RedisKeys.LevelAliases(RedisKeys.User(id)));
        await Db.KeyDeleteAsync(RedisKeys.LevelGroups(RedisKeys.User(id)));
        return await Db.KeyDeleteAsync(RedisKeys.User(id)) || removed;
    }
}
