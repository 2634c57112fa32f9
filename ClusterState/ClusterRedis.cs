using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Antigravity.ClusterState;

/// <summary>
/// The shared Redis as every service sees it: the one multiplexer with the deployment's key prefix
/// (<see cref="RedisOptions.KeyPrefix"/>) applied to every key and pub/sub channel. Register it as a singleton beside
/// Aspire's <c>AddRedisClient</c>.
/// </summary>
public sealed class ClusterRedis
{
    public ClusterRedis(IConnectionMultiplexer connection, IOptions<RedisOptions> options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        Connection = connection;
        Prefix = options.Value.KeyPrefix;
        var db = connection.GetDatabase();
        Database = Prefix.Length == 0 ? db : db.WithKeyPrefix(Prefix);
        ConfigChannel = Channel(RedisKeys.ConfigChannel);
    }

    public IConnectionMultiplexer Connection { get; }

    public string Prefix { get; }

    /// <summary>The database with the prefix applied to every key.</summary>
    public IDatabase Database { get; }

    /// <summary><see cref="Database"/> under the Gateway's shorter name.</summary>
    public IDatabase Db => Database;

    public ISubscriber Subscriber => Connection.GetSubscriber();

    /// <summary>The prefixed <see cref="RedisKeys.ConfigChannel"/>: every Gateway replica reloads the area it names.</summary>
    public RedisChannel ConfigChannel { get; }

    public RedisChannel Channel(string name) => RedisChannel.Literal(Prefix + name);

    public RedisChannel ChannelPattern(string pattern) => RedisChannel.Pattern(Prefix + pattern);

    /// <summary>
    /// A sharded channel (<c>SPUBLISH</c>/<c>SSUBSCRIBE</c>, Redis 7+): for point-to-point messages whose sender trusts the
    /// receiver count. On Redis Cluster a classic <c>PUBLISH</c> is broadcast to every node but answers with the
    /// subscribers of the node that took it only; a sharded channel lives on the node of its hash slot, so the count is
    /// every subscriber's. On a single Redis it behaves as a classic channel.
    /// </summary>
    public RedisChannel ShardedChannel(string name) => RedisChannel.Sharded(Prefix + name);

    /// <summary>Strips the prefix from a channel name received on a pattern subscription.</summary>
    public string Unprefix(RedisChannel channel)
    {
        var name = channel.ToString();
        return name.StartsWith(Prefix, StringComparison.Ordinal) ? name[Prefix.Length..] : name;
    }

    /// <summary>
    /// <c>MGET</c> of keys in any hash slots, values in the order of <paramref name="keys"/> (missing keys are null). On a
    /// single Redis this is one <c>MGET</c>. Redis Cluster refuses a multi-key command whose keys hash to several slots
    /// (<c>CROSSSLOT</c>), so there it is one <c>MGET</c> per slot, sent together.
    /// </summary>
    public async Task<RedisValue[]> StringGetManyAsync(RedisKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        // HashSlot is -1 for every key on a single Redis; on a cluster it is the slot of the name Redis sees (prefixed).
        var slots = keys.Select((key, index) => (Key: key, Index: index))
            .GroupBy(k => Connection.HashSlot(k.Key.Prepend(Prefix)))
            .ToList();
        if (slots.Count <= 1)
        {
            return await Database.StringGetAsync(keys).ConfigureAwait(false);
        }

        var values = new RedisValue[keys.Length];
        await Task.WhenAll(slots.Select(async slot =>
        {
            var part = slot.ToArray();
            var read = await Database.StringGetAsync([.. part.Select(p => p.Key)]).ConfigureAwait(false);
            for (var i = 0; i < part.Length; i++)
            {
                values[part[i].Index] = read[i];
            }
        })).ConfigureAwait(false);
        return values;
    }

    /// <summary>Tells every Gateway replica to reload <paramref name="area"/> (<see cref="RedisKeys.ConfigChannel"/>).</summary>
    public Task AnnounceAsync(string area) => Subscriber.PublishAsync(ConfigChannel, area);
}
