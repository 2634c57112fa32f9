namespace Antigravity.ClusterState.Messages;

/// <summary>Event: cluster configuration changed (<c>settings</c>, <c>aliases</c>, <c>groups</c>, <c>keys</c>). Replicas also
/// hear it on the Redis channel <see cref="RedisKeys.ConfigChannel"/>, which is what keeps them within a second.</summary>
public sealed record ConfigChanged(string Area, DateTimeOffset OccurredAt);
