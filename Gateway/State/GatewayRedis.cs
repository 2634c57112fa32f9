using Antigravity.ClusterState;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Antigravity.Gateway.State;

/// <summary>The Gateway's view of Redis: the shared multiplexer with the deployment's key prefix (<see cref="RedisOptions"/>)
/// applied to every key and to the configuration channel.</summary>
internal sealed class GatewayRedis
{
    public GatewayRedis(IConnectionMultiplexer connection, IOptions<RedisOptions> options)
    {
        Connection = connection;
        Prefix = options.Value.KeyPrefix;
        var db = connection.GetDatabase();
        Db = Prefix.Length == 0 ? db : db.WithKeyPrefix(Prefix);
        ConfigChannel = RedisChannel.Literal(Prefix + RedisKeys.ConfigChannel);
    }

    public IConnectionMultiplexer Connection { get; }

    public string Prefix { get; }

    public IDatabase Db { get; }

    public RedisChannel ConfigChannel { get; }
}
