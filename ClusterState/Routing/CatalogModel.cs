namespace Antigravity.ClusterState.Routing;

/// <summary>A model some account in the pool can serve, stored as JSON in <see cref="RedisKeys.Catalog"/>.</summary>
public sealed record CatalogModel(
    string Id,
    string DisplayName,
    int? MaxTokens,
    int? MaxOutputTokens,
    bool SupportsThinking,
    int AccountsWithQuota,
    int AccountsTotal,
    DateTimeOffset? SoonestReset);
