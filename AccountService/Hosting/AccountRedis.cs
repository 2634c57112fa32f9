using Antigravity.ClusterState;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Antigravity.AccountService.Hosting;

/// <summary>The shared Redis with the deployment's key prefix applied to keys and pub/sub channels.</summary>
internal sealed class AccountRedis(IConnectionMultiplexer connection, IOptions<RedisOptions> options)
{
    public string Prefix { get; } = options.Value.KeyPrefix;

    public IDatabase Database { get; } = options.Value.KeyPrefix is { Length: > 0 } prefix
        ? connection.GetDatabase().WithKeyPrefix(prefix)
        : connection.GetDatabase();

    public ISubscriber Subscriber => connection.GetSubscriber();

    public RedisChannel Channel(string name) => RedisChannel.Literal(Prefix + name);

    public RedisChannel ChannelPattern(string pattern) => RedisChannel.Pattern(Prefix + pattern);

    /// <summary>Strips the prefix from a channel name received on a pattern subscription.</summary>
    public string Unprefix(RedisChannel channel)
    {
        var name = channel.ToString();
        return name.StartsWith(Prefix, StringComparison.Ordinal) ? name[Prefix.Length..] : name;
    }

    /// <summary>Tells every gateway replica to reload <paramref name="area"/> (<see cref="RedisKeys.ConfigChannel"/>).</summary>
    public Task AnnounceAsync(string area) => Subscriber.PublishAsync(Channel(RedisKeys.ConfigChannel), area);
}
