using Antigravity.ClusterState;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Antigravity.Gateway.State;

/// <summary>The Gateway's view of Redis: the shared multiplexer with the deployment's key prefix (<c>Redis:KeyPrefix</c>)
/// applied to every key and to the configuration channel.</summary>
internal sealed class GatewayRedis
{
    public GatewayRedis(IConnectionMultiplexer connection, IConfiguration configuration)
    {
        Connection = connection;
        Prefix = configuration["Redis:KeyPrefix"] ?? "";
        var db = connection.GetDatabase();
        Db = Prefix.Length == 0 ? db : db.WithKeyPrefix(Prefix);
        ConfigChannel = RedisChannel.Literal(Prefix + RedisKeys.ConfigChannel);
    }

    public IConnectionMultiplexer Connection { get; }

    public string Prefix { get; }

    public IDatabase Db { get; }

    public RedisChannel ConfigChannel { get; }
}
