using System.Net;
using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;

namespace Antigravity.Gateway.Tests;

/// <summary>Per-account and per-account×model concurrency limits (settings <c>MaxConcurrentPerAccount</c>,
/// <c>MaxConcurrentPerAccountModel</c>): a busy account is passed over without losing its sticky conversations.</summary>
public sealed class AccountConcurrencyTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task MaxConcurrentPerAccount_BusyBoundAccount_ServesTheConversationElsewhereAndKeepsTheBinding()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 2);
        await cluster.ApplySettingsAsync(new GatewaySettings { MaxConcurrentPerAccount = 1 });
        string busy;

        await using (var held = await HeldStream.StartAsync(cluster, session: "conv-busy"))
        {
            // The simulator logs a call when it ends; the account the held stream runs on is its sticky binding.
            busy = (await cluster.StickyAccountAsync("conv-busy"))!;

            var (status, _, _) = await cluster.AskAsync(instance: 1, text: "[[words:2]]", session: "conv-busy");
            var (otherModel, _, _) = await cluster.AskAsync(instance: 1, model: "gemini-3-flash", text: "[[words:2]]", session: "conv-busy");

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(HttpStatusCode.OK, otherModel);
            Assert.Equal(2, cluster.Generations().Count);
            Assert.DoesNotContain(cluster.Generations(), g => cluster.AccountIdOf(g.Account!) == busy);
            Assert.Equal("message_stop", (await held.FinishAsync())[^1].Name);
        }

        Assert.Equal(busy, await cluster.StickyAccountAsync("conv-busy"));
        // Once the stream settled (its lease is released fire-and-forget), the conversation is back on its account.
        await Poll.UntilAsync(async () => (await cluster.AskAsync(instance: 0, text: "[[words:2]]", session: "conv-busy"), cluster.LastServedBy()),
            r => r.Item1.Status == HttpStatusCode.OK && cluster.AccountIdOf(r.Item2!) == busy);
    }

    [Fact]
    public async Task MaxConcurrentPerAccountModel_BusyModel_MovesThatModelOnlyToAnotherAccount()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        await cluster.ApplySettingsAsync(new GatewaySettings { MaxConcurrentPerAccountModel = 1 });

        await using var held = await HeldStream.StartAsync(cluster, session: "conv-model");
        var busy = (await cluster.StickyAccountAsync("conv-model"))!;

        var (sameModel, _, _) = await cluster.AskAsync(text: "[[words:2]]", session: "conv-model");
        var sameModelAccount = cluster.AccountIdOf(cluster.LastServedBy()!);
        var (otherModel, _, _) = await cluster.AskAsync(model: "gemini-3-flash", text: "[[words:2]]", session: "conv-model");
        var otherModelAccount = cluster.AccountIdOf(cluster.LastServedBy()!);

        Assert.Equal(HttpStatusCode.OK, sameModel);
        Assert.Equal(HttpStatusCode.OK, otherModel);
        Assert.NotEqual(busy, sameModelAccount);
        Assert.Equal(busy, otherModelAccount);
        Assert.Equal("message_stop", (await held.FinishAsync())[^1].Name);
    }

    [Fact]
    public async Task MaxConcurrentPerAccount_EveryAccountBusy_WaitsForALeaseAndThenServes()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, accounts: 1);
        await cluster.ApplySettingsAsync(new GatewaySettings { MaxConcurrentPerAccount = 1 });

        await using var held = await HeldStream.StartAsync(cluster);
        var waiting = cluster.AskAsync(text: "[[words:2]]");
        var events = await held.FinishAsync();
        var (status, _, _) = await waiting;

        Assert.Equal("message_stop", events[^1].Name);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, cluster.Generations().Count(g => g.Status == 200));
    }

    [Fact]
    public async Task MaxConcurrentPerAccount_EveryAccountBusyAndNoWaiting_Answers429AllAccountsBusy()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, accounts: 1);
        await cluster.ApplySettingsAsync(new GatewaySettings { MaxConcurrentPerAccount = 1, MaxWaitBeforeErrorSeconds = 0 });

        await using var held = await HeldStream.StartAsync(cluster);
        using var client = cluster.Client();
        using var refused = await GatewayCluster.PostMessagesAsync(client, System.Text.Json.Nodes.JsonNode.Parse(
            """{"model":"claude-sonnet-4-6","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}""")!);
        var error = System.Text.Json.Nodes.JsonNode.Parse(await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        await held.FinishAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("rate_limit_error", error["error"]!["type"]!.GetValue<string>());
        Assert.Contains("concurrency limit", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("Quota", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task ClientDisconnect_WhileWaitingForTheFirstChunk_ReleasesTheAccountLease()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, accounts: 1);
        await cluster.ApplySettingsAsync(new GatewaySettings { MaxConcurrentPerAccount = 1 });
        fixture.Sim.State.Latency = new CloudCodeSimulator.Control.LatencySettings { FirstChunkDelayMs = 30_000 };
        try
        {
            using var client = cluster.Client();
            using var abort = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            var pending = GatewayCluster.PostMessagesAsync(client, System.Text.Json.Nodes.JsonNode.Parse(
                """{"model":"claude-sonnet-4-6","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}""")!, cancellationToken: abort.Token);

            // The gateway holds the lease while it waits for the upstream's first chunk; then the client gives up.
            await Poll.UntilAsync(() => cluster.Db.SortedSetLengthAsync(ClusterState.RedisKeys.Leases("acc-1")), n => n == 1);
            await abort.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

            await Poll.UntilAsync(() => cluster.Db.SortedSetLengthAsync(ClusterState.RedisKeys.Leases("acc-1")), n => n == 0);
            await Poll.UntilAsync(() => cluster.Db.SortedSetLengthAsync(ClusterState.RedisKeys.ModelLeases("acc-1", "claude-sonnet-4-6")), n => n == 0);
        }
        finally
        {
            fixture.Sim.State.Latency = new CloudCodeSimulator.Control.LatencySettings();
        }

        var (status, _, _) = await cluster.AskAsync(text: "[[words:2]]");
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
