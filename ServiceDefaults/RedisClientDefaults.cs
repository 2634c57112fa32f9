using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The cluster's Redis client policy, applied on top of Aspire's <c>AddRedisClient</c> (Aspire.StackExchange.Redis, which
/// registers the one <see cref="IConnectionMultiplexer"/>, its health check and its tracing):
/// <c>builder.AddRedisClient("redis", configureOptions: RedisClientDefaults.Apply)</c>.
/// </summary>
public static class RedisClientDefaults
{
    /// <summary>The connection name every service uses, as the AppHost names the resource.</summary>
    public const string ConnectionName = "redis";

    /// <summary>
    /// The service starts while Redis is still coming up (<c>AbortOnConnectFail=false</c>), and replies complete on the
    /// .NET thread pool instead of the library's dedicated worker threads: one thread hop fewer per command, which is
    /// most of a command's cost on small (2-core) pods. After an outage the client reconnects at its next heartbeat (1 s)
    /// instead of waiting out the library's default backoff (at least 2.5 s between attempts): a Redis restart under load
    /// served its first request 2.3 s after Redis answered again (issue 15, ClusterTests).
    /// </summary>
    public static void Apply(ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AbortOnConnectFail = false;
        options.SocketManager ??= SocketManager.ThreadPool;
        options.ReconnectRetryPolicy = new ExponentialRetry(deltaBackOffMilliseconds: 250, maxDeltaBackOffMilliseconds: 1000);
    }
}
