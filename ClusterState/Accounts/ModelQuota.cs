namespace Antigravity.ClusterState.Accounts;

/// <summary>
/// One account's quota for one model, from <c>fetchAvailableModels</c>, stored as JSON in <see cref="RedisKeys.Quota"/>.
/// </summary>
/// <param name="RemainingFraction">0..1; 0 when the upstream omitted it (exhausted).</param>
/// <param name="ResetTime">When the quota comes back, if known.</param>
/// <param name="ScannedAt">When this was read.</param>
public sealed record ModelQuota(
    double RemainingFraction,
    DateTimeOffset? ResetTime,
    DateTimeOffset ScannedAt,
    string? DisplayName = null,
    int? MaxTokens = null,
    int? MaxOutputTokens = null,
    bool SupportsThinking = false);
