using Antigravity.AccountService.Limits;
using Antigravity.AccountService.Users;
using Antigravity.AdminClient.Users;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Users;
using StackExchange.Redis;

namespace Antigravity.AccountService.Teams;

/// <summary>Teams in Redis (<see cref="RedisKeys.Team"/>, <see cref="RedisKeys.Teams"/>, <see cref="RedisKeys.TeamMembers"/>).
/// A user's team is her record's <c>team</c> field; the members set is its index.</summary>
internal sealed class TeamStore(ClusterRedis redis, UserStore users, TimeProvider time)
{
    private IDatabase Db => redis.Database;

    /// <summary>Creates a team; null when the name is taken.</summary>
    public async Task<TeamInfo?> CreateAsync(CreateTeamRequest request)
    {
        var id = UserNames.NewId();
        var name = request.Name.Trim();
        if (!await Db.HashSetAsync(RedisKeys.TeamNames, name, id, When.NotExists))
        {
            return null;
        }

        await Db.HashSetAsync(RedisKeys.Team(id), [new(UserFields.Id, id), new(UserFields.Name, name), new(UserFields.CreatedAt, time.GetUtcNow().ToUnixTimeMilliseconds())]);
        await LimitFields.WriteAsync(Db, RedisKeys.Team(id), request.Limits ?? new UsageLimits());
        await Db.SetAddAsync(RedisKeys.Teams, id);
        await AdmissionWriter.SyncTeamAsync(Db, id);
        return await GetAsync(id);
    }

    public async Task<IReadOnlyList<TeamInfo>> ListAsync()
    {
        var ids = await Db.SetMembersAsync(RedisKeys.Teams);
        var teams = await Task.WhenAll(ids.Select(id => GetAsync(id.ToString())));
        return [.. teams.OfType<TeamInfo>().OrderBy(t => t.Name, StringComparer.Ordinal)];
    }

    public async Task<TeamInfo?> GetAsync(string id)
    {
        var entries = await Db.HashGetAllAsync(RedisKeys.Team(id));
        if (entries.Length == 0)
        {
            return null;
        }

        var map = entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
        var members = await Db.SetMembersAsync(RedisKeys.TeamMembers(id));
        return new TeamInfo
        {
            Id = id,
            Name = map.GetValueOrDefault(UserFields.Name) ?? id,
            CreatedAt = long.TryParse(map.GetValueOrDefault(UserFields.CreatedAt), out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            Limits = LimitFields.ReadUsage(map),
            MemberIds = [.. members.Select(m => m.ToString()).Order(StringComparer.Ordinal)],
        };
    }

    /// <summary>Renames the team or replaces its limits; null when there is no such team, <c>Conflict</c> when the new name is taken.</summary>
    public async Task<(TeamInfo? Team, bool Conflict)> UpdateAsync(string id, UpdateTeamRequest request)
    {
        var stored = await Db.HashGetAsync(RedisKeys.Team(id), UserFields.Name);
        if (stored.IsNullOrEmpty)
        {
            return (null, false);
        }

        if (request.Name is { } rename && rename.Trim() != stored.ToString())
        {
            if (!await Db.HashSetAsync(RedisKeys.TeamNames, rename.Trim(), id, When.NotExists))
            {
                return (null, true);
            }

            await Db.HashSetAsync(RedisKeys.Team(id), UserFields.Name, rename.Trim());
            await Db.HashDeleteAsync(RedisKeys.TeamNames, stored);
        }

        if (request.Limits is { } limits)
        {
            await LimitFields.WriteAsync(Db, RedisKeys.Team(id), limits);
            await AdmissionWriter.SyncTeamAsync(Db, id);
        }

        return (await GetAsync(id), false);
    }

    /// <summary>Deletes the team; its members stay, without a team (their keys move to their own scopes).</summary>
    public async Task<bool> DeleteAsync(string id)
    {
        var name = await Db.HashGetAsync(RedisKeys.Team(id), UserFields.Name);
        var removed = await Db.SetRemoveAsync(RedisKeys.Teams, id);
        var deleted = await Db.KeyDeleteAsync(RedisKeys.Team(id));
        foreach (var member in await Db.SetMembersAsync(RedisKeys.TeamMembers(id)))
        {
            await users.SetTeamAsync(member.ToString(), null);
        }

        await Db.KeyDeleteAsync(RedisKeys.TeamMembers(id));
        await Db.KeyDeleteAsync(RedisKeys.LevelAliases(RedisKeys.Team(id))); // one key per command (different slots)
        await Db.KeyDeleteAsync(RedisKeys.LevelGroups(RedisKeys.Team(id)));
        if (!name.IsNullOrEmpty && await Db.HashGetAsync(RedisKeys.TeamNames, name) == id)
        {
            await Db.HashDeleteAsync(RedisKeys.TeamNames, name);
        }

        await AdmissionWriter.SyncTeamAsync(Db, id); // the team is gone: removes its limits copy
        return deleted || removed;
    }
}
