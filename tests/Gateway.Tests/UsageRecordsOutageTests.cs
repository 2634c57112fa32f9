using System.Diagnostics;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Messages;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.Gateway.Usage;
using Antigravity.TestEnvironment;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Antigravity.Gateway.Tests;

/// <summary>
/// The usage records a replica queues while Redis restarts (issue 15): none is lost, and the writer keeps running. Runs
/// against a private <c>redis-server</c> that it stops and starts again on the same port, so the Redis Cluster pass skips it.
/// Found by ClusterTests' Redis restart: a batch sent with no connection threw at once, which stopped every replica.
/// </summary>
[Trait("RedisCluster", "skip")]
public sealed class UsageRecordsOutageTests : IAsyncDisposable
{
    private readonly int _port = TestServers.FreePort();
    private Process? _server;

    [Fact]
    public async Task RedisRestarts_RecordsQueuedMeanwhile_AreAllWrittenOnceItIsBack()
    {
        StartServer();
        await using var connection = await Poll.UntilAsync(
            async () => { try { return await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_port},abortConnect=false,connectTimeout=1000"); } catch (RedisConnectionException) { return null; } },
            c => c is { IsConnected: true });
        var redis = new ClusterRedis(connection!, Options.Create(new RedisOptions()));
        var log = new LogCapture();
        using var loggers = new LoggerFactory([log]);
        using var records = new UsageRecords(redis, Options.Create(new GatewayOptions()), TimeProvider.System, loggers.CreateLogger<UsageRecords>());
        await records.StartAsync(TestContext.Current.CancellationToken);
        records.Append(Record(), null);
        await Poll.UntilAsync(() => redis.Db.StreamLengthAsync(RedisKeys.UsageRecords), n => n == 1);

        await StopServerAsync();
        await Poll.UntilAsync(() => Task.FromResult(connection!.IsConnected), connected => !connected);
        for (var i = 0; i < 20; i++)
        {
            records.Append(Record(), null);
        }

        // The writer tried while Redis was away (and says it keeps the records).
        await Poll.UntilAsync(() => Task.FromResult(log.Entries.Count(e => e.Contains("written again", StringComparison.Ordinal))), n => n > 0);
        StartServer();
        var written = await Poll.UntilAsync(async () => connection!.IsConnected ? await redis.Db.StreamLengthAsync(RedisKeys.UsageRecords) : -1, n => n == 20);

        Assert.Equal(20, written);
        Assert.False(records.ExecuteTask!.IsCompleted, $"the writer stopped: {records.ExecuteTask.Exception?.InnerException}");
        await records.StopAsync(TestContext.Current.CancellationToken);
    }

    private static RequestCompleted Record() => new()
    {
        RequestId = Guid.NewGuid().ToString("N"), StartedAt = DateTimeOffset.UnixEpoch, RequestedModel = "claude-sonnet-4-6", Protocol = "anthropic", Status = 200,
    };

    private void StartServer()
    {
        // No persistence: the restarted server starts empty, so the stream holds exactly what was written after it.
        _server = Process.Start(new ProcessStartInfo("redis-server", $"--port {_port} --bind 127.0.0.1 --save \"\" --appendonly no") { RedirectStandardOutput = true })!;
        _server.OutputDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
    }

    private async Task StopServerAsync()
    {
        _server!.Kill();
        await _server.WaitForExitAsync();
        _server.Dispose();
        _server = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await StopServerAsync();
        }
    }
}
