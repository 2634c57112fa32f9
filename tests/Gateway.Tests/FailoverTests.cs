using System.Net;
using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator.Control;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;

namespace Antigravity.Gateway.Tests;

/// <summary>Every failover path of cloudcode.md §8 against the simulator's scripted faults, with two replicas.</summary>
public sealed class FailoverTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private const string Model = "claude-sonnet-4-6";
    private static readonly CancellationToken s_ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task StickySession_TwoReplicas_AgreeOnTheAccount()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 2);

        for (var i = 0; i < 4; i++)
        {
            var (status, _, _) = await cluster.AskAsync(instance: i % 2, session: "conv-1");
            Assert.Equal(HttpStatusCode.OK, status);
        }

        Assert.Single(cluster.Generations().Select(r => r.Account).Distinct());
        Assert.Equal(cluster.AccountIdOf(cluster.LastServedBy()!), await cluster.StickyAccountAsync("conv-1"));
    }

    [Fact]
    public async Task QuotaExhausted_OnTheBoundAccount_FailsOverAndBothReplicasHonourTheCooldown()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 2);
        await cluster.AskAsync(instance: 0, session: "conv-q");
        var bound = cluster.LastServedBy()!;
        var boundId = cluster.AccountIdOf(bound);
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "QUOTA_EXHAUSTED", Account = bound, RetryDelaySeconds = 3600 });

        var (status, _, _) = await cluster.AskAsync(instance: 0, session: "conv-q");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(bound, cluster.LastServedBy());
        var cooldown = (long)await cluster.Db.HashGetAsync(RedisKeys.Cooldowns(boundId), Model);
        Assert.True(cooldown > DateTimeOffset.UtcNow.AddMinutes(50).ToUnixTimeMilliseconds());

        // The other replica never sends this model to the cooling account, for this conversation or new ones…
        var before = cluster.Generations().Count;
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await cluster.AskAsync(instance: 1, session: i == 0 ? "conv-q" : $"other-{i}")).Status);
        }

        Assert.DoesNotContain(cluster.Generations().Skip(before), r => r.Account == bound);

        // …and the conversation's binding survived the temporary failure of its account.
        Assert.Equal(boundId, await cluster.StickyAccountAsync("conv-q"));
    }

    [Fact]
    public async Task ShortRateLimit_WaitsAndRetriesTheSameAccount()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "RATE_LIMIT_EXCEEDED", RetryDelaySeconds = 0.2 });

        var (status, _, _) = await cluster.AskAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        var calls = cluster.Generations();
        Assert.Equal([429, 200], calls.Select(c => c.Status));
        Assert.Equal(calls[0].Account, calls[1].Account);
    }

    [Fact]
    public async Task CapacityExhausted_BacksOffOnTheSameAccountThenSucceeds()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "MODEL_CAPACITY_EXHAUSTED", Count = 2 });

        var (status, _, _) = await cluster.AskAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        var calls = cluster.Generations();
        Assert.Equal([503, 503, 200], calls.Select(c => c.Status));
        Assert.Single(calls.Select(c => c.Account).Distinct());
    }

    [Fact]
    public async Task Unauthorized_RefreshesTheTokenOnceThroughAccountServiceAndRetries()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 0);
        await using var accounts = await FakeAccountService.StartAsync(cluster);
        cluster.Settings["services:accountservice:http:0"] = accounts.Url;
        cluster.Settings["Internal:ApiKey"] = FakeAccountService.InternalKey;
        await cluster.AddInstanceAsync();
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "UNAUTHENTICATED" });

        var (status, _, _) = await cluster.AskAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, accounts.Refreshes);
        Assert.Equal(["Bearer " + FakeAccountService.InternalKey], accounts.Authorizations);
        var calls = cluster.Generations();
        Assert.Equal([401, 200], calls.Select(c => c.Status));
        Assert.Equal(calls[0].Account, calls[1].Account);
    }

    /// <summary>A deployment that still hands the Gateway the admin key: the Gateway never sends it (issue 15).</summary>
    [Fact]
    public async Task Unauthorized_WithOnlyTheAdminKeyConfigured_NeverSendsTheAdminKey()
    {
        const string adminKey = "test-admin-key-0123456789abcdef";
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 0);
        await using var accounts = await FakeAccountService.StartAsync(cluster);
        cluster.Settings["services:accountservice:http:0"] = accounts.Url;
        cluster.Settings["Admin:ApiKey"] = adminKey;
        await cluster.AddInstanceAsync();
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "UNAUTHENTICATED" });

        await cluster.AskAsync();

        Assert.Equal(0, accounts.Refreshes);
        Assert.NotEmpty(accounts.Authorizations);
        Assert.All(accounts.Authorizations, a => Assert.DoesNotContain(adminKey, a, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("VALIDATION_REQUIRED", "validation_required")]
    [InlineData("TOS_VIOLATION", "banned")]
    public async Task AccountProblem_MarksTheAccountForEveryReplicaAndMovesOn(string reason, string status)
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 2);
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = reason });

        var (first, _, _) = await cluster.AskAsync(instance: 0);

        Assert.Equal(HttpStatusCode.OK, first);
        var failed = cluster.Generations()[0];
        Assert.Equal(403, failed.Status);
        var id = cluster.AccountIdOf(failed.Account!);
        Assert.Equal(status, (string?)await cluster.Db.HashGetAsync(RedisKeys.Account(id), AccountFields.Status));
        Assert.False(string.IsNullOrEmpty(await cluster.Db.HashGetAsync(RedisKeys.Account(id), AccountFields.StatusUrl)));
        var before = cluster.Generations().Count;
        for (var i = 0; i < 3; i++)
        {
            await cluster.AskAsync(instance: 1, session: $"s{i}");
        }

        Assert.DoesNotContain(cluster.Generations().Skip(before), r => r.Account == failed.Account);
    }

    [Fact]
    public async Task UpstreamBadRequest_GoesToTheClientUnchangedWithoutRotation()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        fixture.Sim.State.MinClientVersion = "99.0.0";
        try
        {
            var (_, _, response) = await cluster.AskAsync();

            await BadInputTests.AssertErrorAsync(response, 400, "invalid_request_error", "no longer supported");
            Assert.Single(cluster.Generations());
        }
        finally
        {
            fixture.Sim.State.MinClientVersion = null;
        }
    }

    [Fact]
    public async Task EmptyStream_IsRequestedAgain()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "EMPTY_STREAM" });

        var (status, body, _) = await cluster.AskAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEmpty(body!["content"]!.AsArray());
        Assert.Equal(2, cluster.Generations().Count);
    }

    [Fact]
    public async Task FailingDailyHost_FallsBackToProd()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "INTERNAL", Host = "daily", Count = -1 });

        var (status, _, _) = await cluster.AskAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([("daily", 500), ("prod", 200)], cluster.Generations().Select(c => (c.Host, c.Status)));
    }

    [Fact]
    public async Task EveryAccountExhaustedForHours_Answers429WithRetryAfter()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "QUOTA_EXHAUSTED", Count = -1, RetryDelaySeconds = 7200 });

        var (_, _, response) = await cluster.AskAsync();

        await BadInputTests.AssertErrorAsync(response, 429, "rate_limit_error", Model);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.FromHours(1));
        Assert.Equal(3, cluster.Generations().Select(c => c.Account).Distinct().Count());
    }

    [Fact]
    public async Task EveryAccountExhaustedBriefly_WaitsForTheEarliestResetAndSucceeds()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "QUOTA_EXHAUSTED", Count = 3, RetryDelaySeconds = 1 });

        var (status, _, _) = await cluster.AskAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([429, 429, 429, 200], cluster.Generations().Select(c => c.Status));
    }

    [Fact]
    public async Task StreamFailingAfterItStarted_EndsWithAnErrorEventAndNoRetry()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, configure: s => s["Gateway:UpstreamIdleTimeout"] = "00:00:00.300");
        fixture.Sim.State.Latency = new LatencySettings { ChunkIntervalMs = 1500 };
        try
        {
            using var client = cluster.Client();
            using var response = await GatewayCluster.PostMessagesAsync(client, JsonNode.Parse("""{"model":"claude-sonnet-4-6","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"[[words:40]]"}]}""")!);

            await Http.AssertOkAsync(response);
            var events = Sse.Parse(await response.Content.ReadAsStringAsync(s_ct));
            Assert.Equal("message_start", events[0].Name);
            Assert.Equal("error", events[^1].Name);
            Assert.Equal("api_error", events[^1].Data["error"]!["type"]!.GetValue<string>());
            // The simulator logs the call when its (aborted) response ends, which can be just after the client's last byte.
            await Poll.UntilAsync(() => Task.FromResult(cluster.Generations().Count), n => n > 0);
            Assert.Single(cluster.Generations());
        }
        finally
        {
            fixture.Sim.State.Latency = new LatencySettings();
        }
    }

    [Fact]
    public async Task SlowStream_GetsPingKeepAlives()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, configure: s => s["Gateway:PingInterval"] = "00:00:00.100");
        fixture.Sim.State.Latency = new LatencySettings { ChunkIntervalMs = 250 };
        try
        {
            using var client = cluster.Client();
            using var response = await GatewayCluster.PostMessagesAsync(client, JsonNode.Parse("""{"model":"claude-sonnet-4-6","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"[[words:20]]"}]}""")!);

            var events = Sse.Parse(await response.Content.ReadAsStringAsync(s_ct));
            Assert.Contains(events, e => e.Name == "ping");
            Assert.Equal("message_stop", events[^1].Name);
        }
        finally
        {
            fixture.Sim.State.Latency = new LatencySettings();
        }
    }

    [Fact]
    public async Task TruncatedStream_StillEndsTheMessageProperly()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "TRUNCATED_STREAM" });
        using var client = cluster.Client();

        using var response = await GatewayCluster.PostMessagesAsync(client, JsonNode.Parse("""{"model":"claude-sonnet-4-6","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"[[words:30]]"}]}""")!);

        var events = Sse.Parse(await response.Content.ReadAsStringAsync(s_ct));
        Assert.Equal(["message_delta", "message_stop"], events.Select(e => e.Name).TakeLast(2));
    }
}
