using System.Text.Json.Serialization;

namespace Antigravity.ClusterState.Routing;

/// <summary>A virtual model name that resolves to an ordered list of upstream models (stored in <see cref="RedisKeys.ModelGroups"/>).</summary>
/// <param name="Name">The model name clients send.</param>
/// <param name="Models">Candidates, tried in order (<see cref="ModelGroupPolicy.Priority"/>) or shuffled (<see cref="ModelGroupPolicy.Random"/>).</param>
public sealed record ModelGroup(string Name, IReadOnlyList<string> Models, ModelGroupPolicy Policy = ModelGroupPolicy.Priority);

/// <summary>How a <see cref="ModelGroup"/> orders its candidates.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelGroupPolicy>))]
public enum ModelGroupPolicy
{
    Priority,
    Random,
}
