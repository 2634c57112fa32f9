using System.Collections.Frozen;
using Antigravity.ClusterState.Routing;

namespace Antigravity.Gateway.Config;

/// <summary>An immutable snapshot of the cluster configuration a replica routes by (STYLE.md rule 15).</summary>
internal sealed record ClusterSnapshot
{
    public GatewaySettings Settings { get; init; } = new();

    /// <summary>Client model name → upstream model (Redis <c>config:aliases</c>).</summary>
    public FrozenDictionary<string, string> Aliases { get; init; } = FrozenDictionary<string, string>.Empty;

    /// <summary>Group name → group.</summary>
    public FrozenDictionary<string, ModelGroup> Groups { get; init; } = FrozenDictionary<string, ModelGroup>.Empty;

    /// <summary>Models the pool can serve, from quota scans (empty until QuotaWorker fills it).</summary>
    public FrozenDictionary<string, CatalogModel> Catalog { get; init; } = FrozenDictionary<string, CatalogModel>.Empty;

    /// <summary>Deprecated upstream id → replacement.</summary>
    public FrozenDictionary<string, string> Forwarding { get; init; } = FrozenDictionary<string, string>.Empty;

    /// <summary>Account ids in the pool.</summary>
    public IReadOnlyList<string> AccountIds { get; init; } = [];

    /// <summary>The client's model, or the Settings page's default model when the request names none or an empty one;
    /// every front door applies it before validating the request.</summary>
    public string ModelOrDefault(string? requested) => string.IsNullOrWhiteSpace(requested) ? Settings.DefaultModel : requested;
}
