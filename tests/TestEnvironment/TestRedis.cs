using StackExchange.Redis;

namespace Antigravity.TestEnvironment;

/// <summary>Reading the test Redis whether test.sh gave a single server or a Redis Cluster (its cluster pass).</summary>
public static class TestRedis
{
    /// <summary>True in test.sh's cluster pass, when <see cref="TestServers.Redis"/> names the masters of a Redis Cluster.</summary>
    public static bool IsCluster => Environment.GetEnvironmentVariable("ANTIGRAVITY_TEST_REDIS_CLUSTER") == "1";

    /// <summary>Every key matching <paramref name="pattern"/>. <c>SCAN</c> only sees the keys of the server it runs on: this
    /// scans the one server of a single Redis, and on a cluster every master, or only the master of the slot when the
    /// pattern's literal start holds a hash tag (<c>t-x:{key:42}:*</c>: every match hashes to the slot of <c>key:42</c>).</summary>
    public static async IAsyncEnumerable<RedisKey> KeysAsync(IConnectionMultiplexer connection, string pattern, int pageSize = 250)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(pattern);
        var servers = HashTagged(pattern) is { } literal
            ? [connection.GetServer((RedisKey)literal)]
            : connection.GetServers().Where(s => !s.IsReplica);
        foreach (var server in servers)
        {
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: pageSize))
            {
                yield return key;
            }
        }
    }

    /// <summary>The pattern's text before its first wildcard when it holds a non-empty <c>{…}</c> (Redis hashes the first
    /// one), else null.</summary>
    private static string? HashTagged(string pattern)
    {
        var literal = pattern[..(pattern.IndexOfAny(['*', '?', '[', '\\']) is var end and >= 0 ? end : pattern.Length)];
        var open = literal.IndexOf('{', StringComparison.Ordinal);
        return open >= 0 && literal.IndexOf('}', open + 1) is var close and >= 0 && close > open + 1 ? literal : null;
    }
}
