using System.Globalization;
using System.Net;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;
using StackExchange.Redis;

namespace Antigravity.Gateway.Tests;

/// <summary>The non-sticky account selection strategies (cloudcode.md §9.2), chosen through the settings in Redis;
/// which account served each request is read from the simulator's log.</summary>
public sealed class SelectionStrategyTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private const string Model = "claude-sonnet-4-6";

    [Fact]
    public async Task RoundRobin_SequentialRequestsOnTwoReplicas_SpreadEvenlyOverTheAccounts()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 2);
        await cluster.ApplySettingsAsync(new GatewaySettings { Strategy = SelectionStrategy.RoundRobin });

        for (var i = 0; i < 9; i++)
        {
            // The same conversation every time: round-robin ignores stickiness.
            Assert.Equal(HttpStatusCode.OK, (await cluster.AskAsync(instance: i % 2, session: "one-conversation")).Status);
        }

        Assert.Equal(new Dictionary<string, int> { ["acc-1"] = 3, ["acc-2"] = 3, ["acc-3"] = 3 }, cluster.ServedCounts());
        var order = cluster.Generations().Select(r => r.Account).ToList();
        for (var i = 3; i < order.Count; i++)
        {
            Assert.Equal(order[i - 3], order[i]);
        }
    }

    [Fact]
    public async Task RoundRobin_CoolingAccount_IsSkippedAndTheOthersShareTheLoad()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        await cluster.ApplySettingsAsync(new GatewaySettings { Strategy = SelectionStrategy.RoundRobin });
        await PoolWriter.SetCooldownAsync(cluster.Db, "acc-2", Model, DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow);

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await cluster.AskAsync()).Status);
        }

        // The cursor moves past the account it chose, so the one after the cooling account gets no double share.
        Assert.Equal(new Dictionary<string, int> { ["acc-1"] = 3, ["acc-3"] = 3 }, cluster.ServedCounts());
    }

    [Fact]
    public async Task Hybrid_FullerQuota_IsPreferredAndACriticallyLowQuotaAvoided()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        await SeedHybridStateAsync(cluster, ("acc-1", 70, 0.02), ("acc-2", 70, 0.95), ("acc-3", 70, 0.40));
        await cluster.ApplySettingsAsync(new GatewaySettings { Strategy = SelectionStrategy.Hybrid });

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await cluster.AskAsync(session: $"s{i}")).Status);
        }

        // Quota weighs 3 points per percent: 55 points of quota outweigh the one token each pick takes from acc-2's bucket.
        Assert.Equal(new Dictionary<string, int> { ["acc-2"] = 5 }, cluster.ServedCounts());
        var tokens = double.Parse((string)(await cluster.Db.HashGetAsync(RedisKeys.Account("acc-2"), AccountFields.Tokens))!, CultureInfo.InvariantCulture);
        Assert.True(tokens < 50, $"acc-2's token bucket should have been drawn from, is {tokens}");
    }

    [Fact]
    public async Task Hybrid_UnhealthyAccount_IsAvoidedWhileAHealthyOneIsUsable()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        // acc-1 has the most quota but a health below the usable threshold (50); acc-3 is nearly out of quota.
        await SeedHybridStateAsync(cluster, ("acc-1", 20, 1.0), ("acc-2", 90, 0.6), ("acc-3", 100, 0.03));
        await cluster.ApplySettingsAsync(new GatewaySettings { Strategy = SelectionStrategy.Hybrid });

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await cluster.AskAsync()).Status);
        }

        Assert.Equal(new Dictionary<string, int> { ["acc-2"] = 4 }, cluster.ServedCounts());
    }

    [Fact]
    public async Task Hybrid_NoAccountPassesEveryFilter_IgnoresQuotaBeforeHealth()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        // acc-1 is healthy but nearly out of quota, acc-2 has quota but is unhealthy, acc-3 is cooling down:
        // §9.2's fallback tiers drop the quota filter first ("quota"), and the health filter only after ("emergency").
        await SeedHybridStateAsync(cluster, ("acc-1", 90, 0.03), ("acc-2", 20, 0.8), ("acc-3", 70, 0.9));
        await PoolWriter.SetCooldownAsync(cluster.Db, "acc-3", Model, DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow);
        await cluster.ApplySettingsAsync(new GatewaySettings { Strategy = SelectionStrategy.Hybrid });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await cluster.AskAsync()).Status);
        }

        Assert.Equal(new Dictionary<string, int> { ["acc-1"] = 3 }, cluster.ServedCounts());
    }

    [Fact]
    public async Task Hybrid_EmptyTokenBucket_IsPassedOverForAnAccountWithTokens()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        await SeedHybridStateAsync(cluster, ("acc-1", 100, 1.0), ("acc-2", 60, 0.5), ("acc-3", 60, 0.5));
        // acc-1 outscores the others (health, quota) but its bucket is empty; the others have two tokens.
        foreach (var (id, tokens) in new[] { ("acc-1", "0"), ("acc-2", "2"), ("acc-3", "2") })
        {
            await cluster.Db.HashSetAsync(RedisKeys.Account(id),
            [
                new HashEntry(AccountFields.Tokens, tokens),
                new HashEntry(AccountFields.TokensUpdatedAt, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
            ]);
        }

        await cluster.ApplySettingsAsync(new GatewaySettings { Strategy = SelectionStrategy.Hybrid });

        Assert.Equal(HttpStatusCode.OK, (await cluster.AskAsync()).Status);

        // The bucket refills at 6 tokens a minute: acc-1 stays below one token for ten seconds.
        Assert.NotEqual("acc-1", cluster.AccountIdOf(cluster.LastServedBy()!));
    }

    [Fact]
    public async Task Hybrid_FailingAccount_LosesTwentyHealthPointsAndTheRequestMovesOn()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        await SeedHybridStateAsync(cluster, ("acc-1", 75, 0.9), ("acc-2", 70, 0.9), ("acc-3", 70, 0.9));
        await cluster.ApplySettingsAsync(new GatewaySettings { Strategy = SelectionStrategy.Hybrid });
        fixture.Sim.State.EnqueueFault(new CloudCodeSimulator.Faults.FaultSpec { Reason = "INTERNAL", Count = 2 });

        var (status, _, _) = await cluster.AskAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        var calls = cluster.Generations();
        Assert.Equal(500, calls[0].Status);
        Assert.Equal("acc-1", cluster.AccountIdOf(calls[0].Account!));
        var health = await Poll.UntilAsync(
            async () => double.Parse((string)(await cluster.Db.HashGetAsync(RedisKeys.Account("acc-1"), AccountFields.Health))!, CultureInfo.InvariantCulture),
            h => h < 70);
        Assert.True(health < 56, $"a failure costs 20 health points; acc-1 has {health}");
        Assert.NotEqual("acc-1", cluster.AccountIdOf(calls[^1].Account!));
    }

    [Fact]
    public async Task Hybrid_FailedAttempt_GivesItsBucketTokenBackWhileASuccessSpendsOne()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        await SeedHybridStateAsync(cluster, ("acc-1", 90, 0.9), ("acc-2", 60, 0.9), ("acc-3", 60, 0.9));
        foreach (var id in new[] { "acc-1", "acc-2", "acc-3" })
        {
            await cluster.Db.HashSetAsync(RedisKeys.Account(id),
            [
                new HashEntry(AccountFields.Tokens, "10"),
                new HashEntry(AccountFields.TokensUpdatedAt, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
            ]);
        }

        await cluster.ApplySettingsAsync(new GatewaySettings { Strategy = SelectionStrategy.Hybrid });
        fixture.Sim.State.EnqueueFault(new CloudCodeSimulator.Faults.FaultSpec { Reason = "INTERNAL", Count = 2 });

        Assert.Equal(HttpStatusCode.OK, (await cluster.AskAsync()).Status);

        // acc-1 (healthiest) failed: its token came back. The account that served keeps one token fewer.
        var served = cluster.AccountIdOf(cluster.LastServedBy()!);
        Assert.NotEqual("acc-1", served);
        async Task<double> Tokens(string id) =>
            double.Parse((string)(await cluster.Db.HashGetAsync(RedisKeys.Account(id), AccountFields.Tokens))!, CultureInfo.InvariantCulture);
        var refunded = await Poll.UntilAsync(() => Tokens("acc-1"), t => t >= 10);
        var spent = await Tokens(served);
        Assert.True(spent < refunded - 0.5, $"the serving account spent a token: {spent} vs acc-1's {refunded}");
    }

    [Fact]
    public async Task Weighted_FollowsTheAccountWeightsAndZeroExcludes()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        await cluster.Db.HashSetAsync(RedisKeys.Account("acc-1"), AccountFields.Weight, 0);
        await cluster.Db.HashSetAsync(RedisKeys.Account("acc-2"), AccountFields.Weight, 1);
        await cluster.Db.HashSetAsync(RedisKeys.Account("acc-3"), AccountFields.Weight, 9);
        await cluster.ApplySettingsAsync(new GatewaySettings { Strategy = SelectionStrategy.Weighted });

        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await cluster.AskAsync()).Status);
        }

        // With weights 1:9 over 40 requests, acc-2 serving half as many as acc-3 has a probability below 1e-5.
        var counts = cluster.ServedCounts();
        Assert.False(counts.ContainsKey("acc-1"));
        Assert.True(counts.GetValueOrDefault("acc-3") > 2 * counts.GetValueOrDefault("acc-2"), string.Join(", ", counts));
    }

    [Fact]
    public async Task Random_ManyRequests_UseEveryUsableAccountAndNeverALimitedOne()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        await cluster.ApplySettingsAsync(new GatewaySettings { Strategy = SelectionStrategy.Random });
        await PoolWriter.WriteQuotaAsync(cluster.Db, "acc-3",
            new Dictionary<string, ModelQuota> { [Model] = new(0, DateTimeOffset.UtcNow.AddHours(3), DateTimeOffset.UtcNow) }, [], [], DateTimeOffset.UtcNow);

        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await cluster.AskAsync(session: "same")).Status);
        }

        // Each of the two usable accounts is missed by 30 fair draws with probability 2^-30.
        var counts = cluster.ServedCounts();
        Assert.Equal(["acc-1", "acc-2"], counts.Keys.Order());
    }

    private static async Task SeedHybridStateAsync(GatewayCluster cluster, params (string Id, double Health, double Fraction)[] accounts)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (id, health, fraction) in accounts)
        {
            var nowMs = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            // Every account used just now, so the idle-time term does not favour one of them.
            await cluster.Db.HashSetAsync(RedisKeys.Account(id),
            [
                new HashEntry(AccountFields.Health, health.ToString(CultureInfo.InvariantCulture)),
                new HashEntry(AccountFields.HealthUpdatedAt, nowMs),
                new HashEntry(AccountFields.LastUsedAt, nowMs),
            ]);
            await PoolWriter.WriteQuotaAsync(cluster.Db, id, new Dictionary<string, ModelQuota> { [Model] = new(fraction, now.AddHours(5), now) }, [], [], now);
        }
    }
}
