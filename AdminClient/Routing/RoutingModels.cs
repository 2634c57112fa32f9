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
