using System.Text.Json;
using Antigravity.AccountService.Accounts;
using Antigravity.AccountService.Hosting;
using Antigravity.AdminClient.Routing;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Routing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Antigravity.AccountService.Routing;

/// <summary>Admin API: model aliases (<c>/api/aliases</c>) and model groups (<c>/api/groups</c>); every change reaches the gateways within a second.</summary>
internal static class RoutingApi
{
    public static IEndpointRouteBuilder MapRoutingApi(this IEndpointRouteBuilder routes)
    {
        var aliases = routes.MapGroup("/aliases").WithTags("Model aliases");
        aliases.MapGet("/", ListAliasesAsync);
        aliases.MapPut("/{alias}", SetAliasAsync).WithSummary("Map a client model name to an upstream model");
        aliases.MapDelete("/{alias}", DeleteAliasAsync);

        var groups = routes.MapGroup("/groups").WithTags("Model groups");
        groups.MapGet("/", ListGroupsAsync);
        groups.MapGet("/{name}", GetGroupAsync);
        groups.MapPut("/{name}", PutGroupAsync).WithSummary("Create or replace a group: an ordered list of models with a priority or random policy");
        groups.MapDelete("/{name}", DeleteGroupAsync);
        return routes;
    }

    private static async Task<Ok<List<ModelAlias>>> ListAliasesAsync(ClusterRedis redis) =>
        TypedResults.Ok((await redis.Database.HashGetAllAsync(RedisKeys.ModelAliases))
            .Select(e => new ModelAlias { Alias = e.Name.ToString(), Model = e.Value.ToString() })
            .OrderBy(a => a.Alias, StringComparer.Ordinal)
            .ToList());

    private static async Task<Results<Ok<ModelAlias>, ValidationProblem>> SetAliasAsync(
        string alias, SetModelAliasRequest request, ClusterRedis redis, AccountEvents events)
    {
        var errors = ValidateAlias(alias, request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The alias cannot be saved");
        }

        await redis.Database.HashSetAsync(RedisKeys.ModelAliases, alias, request.Model.Trim());
        await events.ConfigChangedAsync("aliases");
        return TypedResults.Ok(new ModelAlias { Alias = alias, Model = request.Model.Trim() });
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAliasAsync(string alias, ClusterRedis redis, AccountEvents events)
    {
        if (!await redis.Database.HashDeleteAsync(RedisKeys.ModelAliases, alias))
        {
            return Problems.NotFound("Alias not found", $"No alias '{alias}'.");
        }

        await events.ConfigChangedAsync("aliases");
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<ModelGroup>>> ListGroupsAsync(ClusterRedis redis) =>
        TypedResults.Ok((await redis.Database.HashGetAllAsync(RedisKeys.ModelGroups))
            .Select(e => Parse(e.Value.ToString()))
            .OfType<ModelGroup>()
            .OrderBy(g => g.Name, StringComparer.Ordinal)
            .ToList());

    private static async Task<Results<Ok<ModelGroup>, ProblemHttpResult>> GetGroupAsync(string name, ClusterRedis redis) =>
        Parse((await redis.Database.HashGetAsync(RedisKeys.ModelGroups, name)).ToString()) is { } group
            ? TypedResults.Ok(group)
            : Problems.NotFound("Model group not found", $"No model group '{name}'.");

    private static async Task<Results<Ok<ModelGroupSaved>, ValidationProblem>> PutGroupAsync(
        string name, PutModelGroupRequest request, ClusterRedis redis, AccountEvents events)
    {
        var errors = ValidateGroup(name, request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The model group cannot be saved");
        }

        var group = new ModelGroup(name, [.. request.Models.Select(m => m.Trim())], request.Policy);
        await redis.Database.HashSetAsync(RedisKeys.ModelGroups, name, JsonSerializer.Serialize(group, ConfigJsonContext.Default.ModelGroup));
        await events.ConfigChangedAsync("groups");
        var warnings = await GroupModelCheck.WarningsAsync(redis.Database, group.Models);
        return TypedResults.Ok(new ModelGroupSaved { Name = group.Name, Models = group.Models, Policy = group.Policy, Warnings = warnings });
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteGroupAsync(string name, ClusterRedis redis, AccountEvents events)
    {
        if (!await redis.Database.HashDeleteAsync(RedisKeys.ModelGroups, name))
        {
            return Problems.NotFound("Model group not found", $"No model group '{name}'.");
        }

        await events.ConfigChangedAsync("groups");
        return TypedResults.NoContent();
    }

    /// <summary>The checks of an alias, at every level (global, team, user).</summary>
    internal static Dictionary<string, string[]> ValidateAlias(string alias, SetModelAliasRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        ModelNames.Validate("alias", alias, errors);
        ModelNames.Validate("model", request.Model, errors);
        if (errors.Count == 0 && string.Equals(alias, request.Model, StringComparison.Ordinal))
        {
            errors["model"] = ["An alias cannot map a name to itself."];
        }

        return errors;
    }

    /// <summary>The checks of a model group, at every level (global, team, user).</summary>
    internal static Dictionary<string, string[]> ValidateGroup(string name, PutModelGroupRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        ModelNames.Validate("name", name, errors);
        if (request.Models is not { Count: > 0 })
        {
            errors["models"] = ["A group needs at least one model."];
        }
        else if (request.Models.Any(string.IsNullOrWhiteSpace))
        {
            errors["models"] = ["Model names cannot be empty."];
        }
        else if (request.Models.Distinct(StringComparer.Ordinal).Count() != request.Models.Count)
        {
            errors["models"] = ["A model appears more than once."];
        }
        else if (request.Models.Contains(name, StringComparer.Ordinal))
        {
            errors["models"] = ["A group cannot contain itself."];
        }

        if (!Enum.IsDefined(request.Policy))
        {
            errors["policy"] = ["Must be 'Priority' or 'Random'."];
        }

        return errors;
    }

    internal static ModelGroup? Parse(string? json)
    {
        try
        {
            return string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize(json, ConfigJsonContext.Default.ModelGroup);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

internal static class ModelNames
{
    public static void Validate(string field, string? value, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = ["Required."];
        }
        else if (value.Length > 128 || value.Any(char.IsWhiteSpace))
        {
            errors[field] = ["At most 128 characters, no spaces."];
        }
    }
}
