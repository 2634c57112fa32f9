namespace Antigravity.ClusterState;

/// <summary>Section <c>Redis</c>: how every service sees the shared Redis.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>Prepended to every key and channel, so several clusters (or parallel tests) share one Redis. Default none.</summary>
    public string KeyPrefix { get; set; } = "";
}
