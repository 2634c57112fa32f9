using System.Text.Json;
using Antigravity.AccountService.Accounts;
using Antigravity.AccountService.Hosting;
using Antigravity.AccountService.Users;
using Antigravity.AdminClient.Routing;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Routing;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;

namespace Antigravity.AccountService.Routing;

/// <summary>
/// Admin API: the aliases and model groups of one user (<c>/api/users/{user}/…</c>) or team (<c>/api/teams/{team}/…</c>),
/// resolved by the gateway before the team's and the global ones (issue 20), and where a name resolves. They are checked
/// as the global ones (<see cref="RoutingApi"/>), and every change reaches the gateways within a second.
/// </summary>
internal static class LevelRoutingApi
{
    private const string UserKind = "users";
    private const string TeamKind = "teams";

    public static IEndpointRouteBuilder MapLevelRoutingApi(this IEndpointRouteBuilder routes)
    {
        foreach (var (kind, parameter, tag) in new[] { (UserKind, "user", "Users"), (TeamKind, "team", "Teams") })
        {
            var level = routes.MapGroup($"/{kind}/{{owner}}").WithTags(tag);
            level.MapGet("/routing", (string owner, ClusterRedis redis, UserNames names) => GetAsync(kind, owner, redis, names))
                .WithSummary($"The aliases and model groups of the {parameter}");
            level.MapPut("/aliases/{alias}", (string owner, string alias, SetModelAliasRequest request, ClusterRedis redis, UserNames names, AccountEvents events) =>
                    SetAliasAsync(kind, owner, alias, request, redis, names, events))
                .WithSummary($"Map a client model name to an upstream model for the {parameter} only");
            level.MapDelete("/aliases/{alias}", (string owner, string alias, ClusterRedis redis, UserNames names, AccountEvents events) =>
                DeleteAsync(kind, owner, alias, isGroup: false, redis, names, events));
            level.MapPut("/groups/{name}", (string owner, string name, PutModelGroupRequest request, ClusterRedis redis, UserNames names, AccountEvents events) =>
                    PutGroupAsync(kind, owner, name, request, redis, names, events))
                .WithSummary($"Create or replace a model group for the {parameter} only");
            level.MapDelete("/groups/{name}", (string owner, string name, ClusterRedis redis, UserNames names, AccountEvents events) =>
                DeleteAsync(kind, owner, name, isGroup: true, redis, names, events));
            level.MapGet("/resolve/{name}", (string owner, string name, ClusterRedis redis, UserNames names) => ResolveAsync(kind, owner, name, redis, names))
                .WithSummary($"Where a model name resolves for the {parameter}: {(kind == UserKind ? "user, then team, then global" : "team, then global")}");
        }

        return routes;
    }

    /// <summary>The level (<c>user:&lt;id&gt;</c> or <c>team:&lt;id&gt;</c>) of a user or team given by id or name; null when unknown.</summary>
    private static async Task<string?> LevelAsync(string kind, string idOrName, UserNames names) => kind == UserKind
        ? await names.ResolveUserAsync(idOrName) is { } user ? RedisKeys.User(user) : null
        : await names.ResolveTeamAsync(idOrName) is { } team ? RedisKeys.Team(team) : null;

    private static ProblemHttpResult NotFound(string kind, string idOrName) => kind == UserKind
        ? Problems.NotFound("User not found", $"No user with id or name '{idOrName}'.")
        : Problems.NotFound("Team not found", $"No team with id or name '{idOrName}'.");

    private static async Task<Results<Ok<LevelRouting>, ProblemHttpResult>> GetAsync(string kind, string idOrName, ClusterRedis redis, UserNames names)
    {
        if (await LevelAsync(kind, idOrName, names) is not { } level)
        {
            return NotFound(kind, idOrName);
        }

        var (aliases, groups) = await ReadAsync(redis.Database, level);
        return TypedResults.Ok(new LevelRouting
        {
            Level = level,
            Aliases = [.. aliases.Select(a => new ModelAlias { Alias = a.Key, Model = a.Value }).OrderBy(a => a.Alias, StringComparer.Ordinal)],
            Groups = [.. groups.Values.OrderBy(g => g.Name, StringComparer.Ordinal)],
        });
    }

    private static async Task<Results<Ok<ModelAlias>, ValidationProblem, ProblemHttpResult>> SetAliasAsync(
        string kind, string idOrName, string alias, SetModelAliasRequest request, ClusterRedis redis, UserNames names, AccountEvents events)
    {
        var errors = RoutingApi.ValidateAlias(alias, request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The alias cannot be saved");
        }

        if (await LevelAsync(kind, idOrName, names) is not { } level)
        {
            return NotFound(kind, idOrName);
        }

        await redis.Database.HashSetAsync(RedisKeys.LevelAliases(level), alias, request.Model.Trim());
        await events.ConfigChangedAsync("aliases");
        return TypedResults.Ok(new ModelAlias { Alias = alias, Model = request.Model.Trim() });
    }

    private static async Task<Results<Ok<ModelGroupSaved>, ValidationProblem, ProblemHttpResult>> PutGroupAsync(
        string kind, string idOrName, string name, PutModelGroupRequest request, ClusterRedis redis, UserNames names, AccountEvents events)
    {
        var errors = RoutingApi.ValidateGroup(name, request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The model group cannot be saved");
        }

        if (await LevelAsync(kind, idOrName, names) is not { } level)
        {
            return NotFound(kind, idOrName);
        }

        var group = new ModelGroup(name, [.. request.Models.Select(m => m.Trim())], request.Policy);
        await redis.Database.HashSetAsync(RedisKeys.LevelGroups(level), name, JsonSerializer.Serialize(group, ConfigJsonContext.Default.ModelGroup));
        await events.ConfigChangedAsync("groups");
        var warnings = await GroupModelCheck.WarningsAsync(redis.Database, group.Models);
        return TypedResults.Ok(new ModelGroupSaved { Name = group.Name, Models = group.Models, Policy = group.Policy, Warnings = warnings });
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string kind, string idOrName, string name, bool isGroup, ClusterRedis redis, UserNames names, AccountEvents events)
    {
        if (await LevelAsync(kind, idOrName, names) is not { } level)
        {
            return NotFound(kind, idOrName);
        }

        if (!await redis.Database.HashDeleteAsync(isGroup ? RedisKeys.LevelGroups(level) : RedisKeys.LevelAliases(level), name))
        {
            return isGroup
                ? Problems.NotFound("Model group not found", $"No model group '{name}' for {level}.")
                : Problems.NotFound("Alias not found", $"No alias '{name}' for {level}.");
        }

        await events.ConfigChangedAsync(isGroup ? "groups" : "aliases");
        return TypedResults.NoContent();
    }

    /// <summary>Where a name resolves, in the gateway's order: the user's, then her team's, then the global groups and
    /// aliases; at one level a group wins over an alias of the same name (as the gateway's resolver).</summary>
    private static async Task<Results<Ok<NameResolution>, ProblemHttpResult>> ResolveAsync(string kind, string idOrName, string name, ClusterRedis redis, UserNames names)
    {
        if (await LevelAsync(kind, idOrName, names) is not { } level)
        {
            return NotFound(kind, idOrName);
        }

        var db = redis.Database;
        var levels = new List<string> { level };
        if (kind == UserKind && await db.HashGetAsync(level, Antigravity.ClusterState.Users.UserFields.Team) is { IsNullOrEmpty: false } team)
        {
            levels.Add(RedisKeys.Team(team.ToString()));
        }

        var requested = StripSuffix(name.Trim());
        foreach (var searched in levels)
        {
            var (aliases, groups) = await ReadAsync(db, searched);
            if (Found(requested, searched, aliases, groups, levels) is { } found)
            {
                return TypedResults.Ok(found);
            }
        }

        var global = await db.HashGetAllAsync(RedisKeys.ModelAliases);
        var globalGroups = await db.HashGetAllAsync(RedisKeys.ModelGroups);
        levels.Add("global");
        var answer = Found(requested, "global", ToAliases(global), ToGroups(globalGroups), levels)
            ?? new NameResolution { Name = requested, Searched = levels };
        return TypedResults.Ok(answer);
    }

    /// <summary>Every name a user can send, each where it resolves for her (<see cref="ResolveAsync"/>'s order), by name.</summary>
    public static async Task<List<NameResolution>> ResolveEveryNameAsync(IDatabase db, string userId)
    {
        var levels = new List<string> { RedisKeys.User(userId) };
        if (await db.HashGetAsync(RedisKeys.User(userId), Antigravity.ClusterState.Users.UserFields.Team) is { IsNullOrEmpty: false } team)
        {
            levels.Add(RedisKeys.Team(team.ToString()));
        }

        var searched = new List<string>(levels) { "global" };
        var found = new Dictionary<string, NameResolution>(StringComparer.OrdinalIgnoreCase);
        void Add(string level, Dictionary<string, string> aliases, Dictionary<string, ModelGroup> groups)
        {
            foreach (var name in groups.Keys.Concat(aliases.Keys))
            {
                if (!found.ContainsKey(name))
                {
                    found[name] = Found(name, level, aliases, groups, searched)!;
                }
            }
        }

        foreach (var level in levels)
        {
            var (aliases, groups) = await ReadAsync(db, level);
            Add(level, aliases, groups);
        }

        Add("global", ToAliases(await db.HashGetAllAsync(RedisKeys.ModelAliases)), ToGroups(await db.HashGetAllAsync(RedisKeys.ModelGroups)));
        return [.. found.Values.OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase)];
    }

    private static NameResolution? Found(string name, string level, Dictionary<string, string> aliases, Dictionary<string, ModelGroup> groups, List<string> searched) =>
        groups.TryGetValue(name, out var group)
            ? new NameResolution { Name = name, Level = level, Kind = "group", Models = group.Models, Policy = group.Policy, Searched = [.. searched.TakeWhile(l => l != level), level] }
            : aliases.TryGetValue(name, out var model)
                ? new NameResolution { Name = name, Level = level, Kind = "alias", Models = [model], Searched = [.. searched.TakeWhile(l => l != level), level] }
                : null;

    private static async Task<(Dictionary<string, string> Aliases, Dictionary<string, ModelGroup> Groups)> ReadAsync(IDatabase db, string level)
    {
        // Two keys in two slots on a cluster: two commands.
        var aliases = db.HashGetAllAsync(RedisKeys.LevelAliases(level));
        var groups = db.HashGetAllAsync(RedisKeys.LevelGroups(level));
        return (ToAliases(await aliases), ToGroups(await groups));
    }

    // Case-insensitive, as the gateway's snapshot.
    private static Dictionary<string, string> ToAliases(HashEntry[] entries) =>
        entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, ModelGroup> ToGroups(HashEntry[] entries) =>
        entries.Select(e => (Name: e.Name.ToString(), Group: RoutingApi.Parse(e.Value.ToString())))
            .Where(e => e.Group is not null)
            .ToDictionary(e => e.Name, e => e.Group!, StringComparer.OrdinalIgnoreCase);

    private static string StripSuffix(string name)
    {
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        return bracket > 0 && name.EndsWith(']') ? name[..bracket] : name;
    }
}
