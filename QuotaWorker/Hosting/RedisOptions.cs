namespace Antigravity.QuotaWorker.Hosting;

/// <summary>Section <c>Redis</c>.</summary>
internal sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>Prepended to every key and channel, so several clusters (or parallel tests) share one Redis. Default none.</summary>
    public string KeyPrefix { get; set; } = "";
}
