using System.Net;
using System.Text.Json.Nodes;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Executors;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;
using StackExchange.Redis;

namespace Antigravity.Gateway.Tests.Executors;

/// <summary>An executor's load is its unexpired in-flight leases (<c>{executors}:inflight:&lt;id&gt;</c>), not a bare counter:
/// a lease left by an origin replica that crashed ends when the executor finishes the task, or expires when the task never
/// reached it, so the executor comes back into rotation by itself. The test plays the crashed origin in Redis.</summary>
public sealed class ExecutorLeaseTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private const string Model = "gemini-2.5-flash";

    [Fact]
    public async Task LeaseOfACrashedOrigin_IsExtendedWhileTheExecutorRuns_AndEndsWhenItFinishes()
    {
        await using var cluster = await ExecutorTests.StartClusterAsync(fixture, 1);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-one", maxConcurrency: 1);
        var release = new TaskCompletionSource();
        executor.Handler = async (e, task) =>
        {
            var id = task["id"]!.GetValue<string>();
            if (id == "orphan-1")
            {
                await release.Task;
            }

            await e.ChunkAsync(id, "served", last: true);
            await e.ResultAsync(id);
        };
        var leases = RedisKeys.ExecutorInFlight(executor.ExecutorId!);
        var started = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 6000;
        await cluster.Db.SortedSetAddAsync(leases, "orphan-1", started);
        await PublishTaskAsync(cluster, executor.ExecutorId!, "orphan-1");
        await Poll.UntilAsync(() => Task.FromResult(executor.Tasks.Count), n => n == 1);

        var (_, _, busy) = await cluster.AskAsync(model: Model);
        Assert.Equal(HttpStatusCode.TooManyRequests, busy.StatusCode);
        await Poll.UntilAsync(() => cluster.Db.SortedSetScoreAsync(leases, "orphan-1"), score => score > started);

        release.SetResult();
        await Poll.UntilAsync(() => cluster.Db.SortedSetLengthAsync(leases), n => n == 0);
        Assert.Equal(0, (int)await cluster.Db.HashGetAsync(RedisKeys.Executor(executor.ExecutorId!), ExecutorFields.InFlight));
        var (status, _, _) = await cluster.AskAsync(model: Model);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task LeaseOfATaskThatNeverArrived_Expires_AndTheExecutorServesAgain()
    {
        await using var cluster = await ExecutorTests.StartClusterAsync(fixture, 1);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-one", maxConcurrency: 1);
        var leases = RedisKeys.ExecutorInFlight(executor.ExecutorId!);
        await cluster.Db.SortedSetAddAsync(leases, "lost-1", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 6000);

        var (_, _, busy) = await cluster.AskAsync(model: Model);
        Assert.Equal(HttpStatusCode.TooManyRequests, busy.StatusCode);

        await Poll.UntilAsync(() => cluster.Db.SortedSetLengthAsync(leases), n => n == 0, TimeSpan.FromSeconds(60));
        var (status, body, _) = await cluster.AskAsync(model: Model);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Hello from tab-one", body!["content"]![0]!["text"]!.GetValue<string>());
        Assert.DoesNotContain(executor.Tasks, t => t["id"]!.GetValue<string>() == "lost-1");
    }

    [Fact]
    public async Task RequestsOnTwoReplicas_LeaveNoLeaseBehind()
    {
        await using var cluster = await ExecutorTests.StartClusterAsync(fixture, 2);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-one", maxConcurrency: 2);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => cluster.AskAsync(instance: i % 2, model: Model)));

        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, a.Status.ToString()));
        Assert.Contains(answers, a => a.Status == HttpStatusCode.OK);
        await Poll.UntilAsync(() => cluster.Db.SortedSetLengthAsync(RedisKeys.ExecutorInFlight(executor.ExecutorId!)), n => n == 0);
        await Poll.UntilAsync(async () => (int)await cluster.Db.HashGetAsync(RedisKeys.Executor(executor.ExecutorId!), ExecutorFields.InFlight), n => n == 0);
    }

    /// <summary>What a replica that then crashed would have sent: a task for the executor, its frames due on a channel
    /// nobody listens to any more.</summary>
    private static async Task PublishTaskAsync(GatewayCluster cluster, string executorId, string taskId)
    {
        var replica = (string)(await cluster.Db.HashGetAsync(RedisKeys.Executor(executorId), ExecutorFields.Replica))!;
        var message = new JsonObject
        {
            ["kind"] = "task",
            ["origin"] = "crashed-replica:000000",
            ["executor"] = executorId,
            ["frame"] = new JsonObject
            {
                ["type"] = "task", ["id"] = taskId, ["operation"] = "streamGenerateContent", ["model"] = Model,
                ["request"] = new JsonObject { ["contents"] = new JsonArray(new JsonObject { ["role"] = "user", ["parts"] = new JsonArray(new JsonObject { ["text"] = "hi" }) }) },
            },
        };
        var receivers = await cluster.Db.Multiplexer.GetSubscriber()
            .PublishAsync(RedisChannel.Sharded(cluster.Prefix + RedisKeys.ExecutorReplicaChannel(replica)), message.ToJsonString());
        Assert.Equal(1, receivers);
    }
}
