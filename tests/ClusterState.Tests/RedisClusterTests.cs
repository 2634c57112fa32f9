using Antigravity.TestEnvironment;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Antigravity.ClusterState.Tests;

/// <summary>The state works on Redis Cluster (issue 15): test.sh's cluster pass runs the services' tests against three
/// masters. These tests check that the pass really has a cluster, and the one read whose keys span slots.</summary>
public sealed class RedisClusterTests : IAsyncLifetime
{
    private ConnectionMultiplexer _connection = null!;

    public async ValueTask InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public void TestRedis_InTheClusterPass_IsThreeMasters()
    {
        var primaries = _connection.GetServers().Where(s => !s.IsReplica).ToList();

        if (TestRedis.IsCluster)
        {
            Assert.Equal(3, primaries.Count);
            Assert.All(primaries, s => Assert.Equal(ServerType.Cluster, s.ServerType));
            Assert.All(primaries, s => Assert.True(s.IsConnected, $"{s.EndPoint} is not connected"));
        }
        else
        {
            Assert.Equal(ServerType.Standalone, Assert.Single(primaries).ServerType);
        }
    }

    [Fact]
    public async Task StringGetMany_KeysInManySlots_ReturnsEachValueInOrder()
    {
        var prefix = TestServers.UniquePrefix("mget");
        var redis = new ClusterRedis(_connection, Options.Create(new RedisOptions { KeyPrefix = prefix }));
        var names = Enumerable.Range(0, 24).Select(i => RedisKeys.Signature("family", $"k{i}")).ToList();
        foreach (var name in names.Where((_, i) => i % 3 != 0))
        {
            await redis.Database.StringSetAsync(name, $"v-{name}", TimeSpan.FromMinutes(5));
        }

        RedisKey[] keys = [.. names.Select(n => (RedisKey)n)];
        var values = await redis.StringGetManyAsync(keys);

        Assert.Equal(names.Select((n, i) => i % 3 != 0 ? $"v-{n}" : null), values.Select(v => (string?)v));
        if (TestRedis.IsCluster)
        {
            // The keys really span slots: the plain multi-key read is refused.
            Assert.True(keys.Select(k => _connection.HashSlot(k.Prepend(prefix))).Distinct().Count() > 1);
            await Assert.ThrowsAsync<RedisCommandException>(() => redis.Database.StringGetAsync(keys));
        }
    }
}
