using Antigravity.ClusterState.Routing;

namespace Antigravity.AdminClient.Routing;

/// <summary>A client model name mapped to an upstream model.</summary>
public sealed record ModelAlias
{
    public required string Alias { get; init; }
    public required string Model { get; init; }
}

public sealed record SetModelAliasRequest
{
    public required string Model { get; init; }
}

/// <summary>Creates or replaces the model group named in the route.</summary>
public sealed record PutModelGroupRequest
{
    public IReadOnlyList<string> Models { get; init; } = [];
    public ModelGroupPolicy Policy { get; init; } = ModelGroupPolicy.Priority;
}

/// <summary>A saved model group, with a warning for each model the catalogue does not have (the group is saved anyway).</summary>
public sealed record ModelGroupSaved
{
    public required string Name { get; init; }
    public IReadOnlyList<string> Models { get; init; } = [];
    public ModelGroupPolicy Policy { get; init; }
    /// <summary>Models the catalogue does not have: what each resolves to, or that requests skip it.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>The aliases and model groups of one user or team (issue 20), resolved before the team's and the global ones.</summary>
public sealed record LevelRouting
{
    /// <summary><c>user:&lt;id&gt;</c> or <c>team:&lt;id&gt;</c>.</summary>
    public required string Level { get; init; }
    public IReadOnlyList<ModelAlias> Aliases { get; init; } = [];
    public IReadOnlyList<ModelGroup> Groups { get; init; } = [];
}

/// <summary>Where a client model name resolves for a user or team: the first level (user, then team, then global) that
/// defines it as a group or an alias, or none (the name is then an upstream model or a built-in mapping).</summary>
public sealed record NameResolution
{
    public required string Name { get; init; }
    /// <summary><c>user:&lt;id&gt;</c>, <c>team:&lt;id&gt;</c>, <c>global</c>, or null when no level defines the name.</summary>
    public string? Level { get; init; }
    /// <summary><c>group</c>, <c>alias</c>, or null.</summary>
    public string? Kind { get; init; }
    /// <summary>The group's members, or the alias's target (one model); empty when no level defines the name.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];
    public ModelGroupPolicy? Policy { get; init; }
    /// <summary>The levels looked at, in order.</summary>
    public IReadOnlyList<string> Searched { get; init; } = [];
}

/// <summary>A user or a team whose aliases and groups are edited, by id or name.</summary>
public sealed record RoutingOwner(string Kind, string IdOrName)
{
    public static RoutingOwner User(string idOrName) => new("users", idOrName);

    public static RoutingOwner Team(string idOrName) => new("teams", idOrName);
}
