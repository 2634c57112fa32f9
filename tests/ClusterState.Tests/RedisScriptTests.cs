using System.Diagnostics;
using Antigravity.TestEnvironment;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Antigravity.ClusterState.Tests;

/// <summary>Runs against a private <c>redis-server</c> (test.sh installs it): <c>SCRIPT FLUSH</c> on the shared test
/// Redis would pull scripts from under the other test projects' batches. test.sh's Redis Cluster pass, which would run
/// it the same way, skips it.</summary>
[Trait("RedisCluster", "skip")]
public sealed class RedisScriptTests : IAsyncLifetime
{
    private static readonly RedisScript s_increment = new("return redis.call('INCRBY', KEYS[1], ARGV[1])");
    private Process _server = null!;
    private ConnectionMultiplexer _connection = null!;
    private IDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        var port = TestServers.FreePort();
        _server = Process.Start(new ProcessStartInfo("redis-server", $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no")
        {
            RedirectStandardOutput = true,
        })!;
        _server.OutputDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _connection = await ConnectAsync($"127.0.0.1:{port},allowAdmin=true,abortConnect=false");
        _db = _connection.GetDatabase().WithKeyPrefix(TestServers.UniquePrefix("script"));
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _server.Kill();
        await _server.WaitForExitAsync();
        _server.Dispose();
    }

    [Fact]
    public async Task Evaluate_ScriptNotYetLoaded_LoadsItAndRuns()
    {
        await FlushScriptsAsync();

        var first = await s_increment.EvaluateAsync(_db, ["n"], [2]);
        var second = await s_increment.EvaluateAsync(_db, ["n"], [3]);

        Assert.Equal(2, (long)first);
        Assert.Equal(5, (long)second);
    }

    [Fact]
    public async Task Evaluate_AfterRedisForgotTheScript_RunsItAgain()
    {
        await s_increment.EvaluateAsync(_db, ["n"], [1]);

        await FlushScriptsAsync();
        var result = await s_increment.EvaluateAsync(_db, ["n"], [1]);

        Assert.Equal(2, (long)result);
    }

    [Fact]
    public async Task Fire_AfterRedisForgotTheScript_StillRuns()
    {
        await s_increment.EvaluateAsync(_db, ["n"], [1]);
        await FlushScriptsAsync();

        s_increment.Fire(_db, ["n"], [1]);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((long)await _db.StringGetAsync("n") != 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Equal(2, (long)await _db.StringGetAsync("n"));
    }

    [Fact]
    public async Task Evaluate_ScriptError_SurfacesAsRedisServerException()
    {
        var broken = new RedisScript("return redis.call('NOSUCHCOMMAND')");

        await Assert.ThrowsAsync<RedisServerException>(() => broken.EvaluateAsync(_db, [], []));
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(string configuration)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!connection.IsConnected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return connection;
    }

    private async Task FlushScriptsAsync()
    {
        foreach (var server in _connection.GetServers())
        {
            await server.ScriptFlushAsync();
        }
    }
}
