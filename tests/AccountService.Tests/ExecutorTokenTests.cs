using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.AdminClient;
using Antigravity.AdminClient.Executors;
using Antigravity.Cli;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Executors;
using StackExchange.Redis;

namespace Antigravity.AccountService.Tests;

/// <summary>Executor tokens (docs/executors.md, issue 16): created (shown once), stored as a salted hash, listed, revoked
/// with an announcement to the gateways, through the admin API and the CLI; and the registry read.</summary>
public sealed class ExecutorTokenTests(SingleInstanceCluster cluster) : IClassFixture<SingleInstanceCluster>
{
    [Fact]
    public async Task Create_ShowsTheTokenOnce_StoresOnlyASaltedHash()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await cluster.Admin().CreateExecutorTokenAsync(new CreateExecutorTokenRequest { Name = "studio tabs" }, ct);

        Assert.StartsWith("agx_" + created.ExecutorToken.Id + "_", created.Token, StringComparison.Ordinal);
        Assert.True(ExecutorTokenFormat.TryParse(created.Token, out var id, out var secret));
        Assert.Equal(created.ExecutorToken.Id, id);
        var stored = (await cluster.Database.HashGetAllAsync(RedisKeys.ExecutorToken(id))).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        Assert.DoesNotContain(stored.Values, v => v.Contains(secret, StringComparison.Ordinal));
        Assert.True(Antigravity.ClusterState.Keys.ApiKeyFormat.Verify(secret, stored[ExecutorTokenFields.Salt], stored[ExecutorTokenFields.Hash]));

        var listed = (await cluster.Admin().ListExecutorTokensAsync(ct)).Single(t => t.Id == id);
        Assert.Equal("studio tabs", listed.Name);
        Assert.Null(listed.RevokedAt);
        Assert.DoesNotContain(secret, listed.Prefix, StringComparison.Ordinal);
        using var body = await cluster.Http().GetAsync("/api/executor-tokens", ct);
        Assert.DoesNotContain(secret, await body.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_MarksTheTokenAndTellsTheGateways()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await cluster.Admin().CreateExecutorTokenAsync(new CreateExecutorTokenRequest { Name = "to revoke" }, ct);
        var announced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var channel = RedisChannel.Literal(cluster.Prefix + RedisKeys.ExecutorTokenRevokedChannel);
        await cluster.Redis.GetSubscriber().SubscribeAsync(channel, (_, message) => announced.TrySetResult(message.ToString()));
        try
        {
            await cluster.Admin().RevokeExecutorTokenAsync(created.ExecutorToken.Id, ct);

            Assert.Equal(created.ExecutorToken.Id, await announced.Task.WaitAsync(TimeSpan.FromSeconds(30), ct));
            Assert.NotNull((await cluster.Admin().ListExecutorTokensAsync(ct)).Single(t => t.Id == created.ExecutorToken.Id).RevokedAt);
        }
        finally
        {
            await cluster.Redis.GetSubscriber().UnsubscribeAsync(channel);
        }
    }

    [Fact]
    public async Task BadInput_AnswersProblems()
    {
        var ct = TestContext.Current.CancellationToken;
        var empty = await Assert.ThrowsAsync<AdminApiException>(() => cluster.Admin().CreateExecutorTokenAsync(new CreateExecutorTokenRequest { Name = " " }, ct));
        Assert.Equal(400, empty.StatusCode);
        var unknown = await Assert.ThrowsAsync<AdminApiException>(() => cluster.Admin().RevokeExecutorTokenAsync("0badc0ffee00", ct));
        Assert.Equal(404, unknown.StatusCode);
    }

    [Fact]
    public async Task Registry_ListsTheConnectedExecutors()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = "ex-" + Guid.NewGuid().ToString("N")[..8];
        await cluster.Database.HashSetAsync(RedisKeys.Executor(id),
        [
            new(ExecutorFields.Id, id), new(ExecutorFields.Name, "tab one"), new(ExecutorFields.Replica, "gateway-a"),
            new(ExecutorFields.Models, """["gemini-2.5-flash"]"""), new(ExecutorFields.Operations, """["streamGenerateContent"]"""),
            new(ExecutorFields.MaxConcurrency, 4), new(ExecutorFields.InFlight, 1), new(ExecutorFields.TasksServed, 7),
            new(ExecutorFields.LastError, "429 RESOURCE_EXHAUSTED"),
        ]);
        await cluster.Database.SortedSetAddAsync(RedisKeys.ExecutorsLive, id, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        var executor = (await cluster.Admin().ListExecutorsAsync(ct)).Single(e => e.Id == id);

        Assert.Equal(("tab one", "gateway-a", "ready", 4, 1, 7L), (executor.Name, executor.Replica, executor.State, executor.MaxConcurrency, executor.InFlight, executor.TasksServed));
        Assert.Equal(["gemini-2.5-flash"], executor.Models);
        Assert.Equal("429 RESOURCE_EXHAUSTED", executor.LastError);
    }

    [Fact]
    public async Task Cli_TokensCreateListRevoke_ShowsTheTokenOnce()
    {
        var created = new SharedWriter();
        Assert.Equal(0, await RunAsync(created, "executors", "tokens", "create", "--name", "cli-tabs"));
        var token = created.ToString().Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("agx_", StringComparison.Ordinal));
        Assert.True(ExecutorTokenFormat.TryParse(token, out var id, out _));

        var listed = new SharedWriter();
        Assert.Equal(0, await RunAsync(listed, "executors", "tokens", "list"));
        Assert.Contains("cli-tabs", listed.ToString());
        Assert.DoesNotContain(token, listed.ToString());

        Assert.Equal(0, await RunAsync(new SharedWriter(), "executors", "tokens", "revoke", id));
        var after = new SharedWriter();
        Assert.Equal(0, await RunAsync(after, "executors", "tokens", "list"));
        Assert.Contains("revoked", after.ToString());
        Assert.Equal(0, await RunAsync(new SharedWriter(), "executors", "list"));
    }

    private Task<int> RunAsync(SharedWriter output, params string[] args) =>
        CliApp.RunAsync([.. args, "--url", cluster.Urls[0], "--admin-key", AccountServiceCluster.AdminKey], CliHarness.Environment(output, input: TextReader.Null), TestContext.Current.CancellationToken);
}
