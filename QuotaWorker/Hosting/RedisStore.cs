using Antigravity.ClusterState;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Antigravity.QuotaWorker.Hosting;

/// <summary>The shared connection seen through the configured key prefix: <see cref="ClusterRedis"/> under its old name,
/// left for <c>QuotaWorker/Usage</c> (the lead's) only; delete it once those files say <see cref="ClusterRedis"/> (issue 19).</summary>
internal sealed class RedisStore(IConnectionMultiplexer connection, IOptions<RedisOptions> options)
{
    private readonly string _prefix = options.Value.KeyPrefix;

    public IDatabase Database => _prefix.Length == 0 ? connection.GetDatabase() : connection.GetDatabase().WithKeyPrefix(_prefix);
}
