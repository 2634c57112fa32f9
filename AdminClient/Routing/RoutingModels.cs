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
