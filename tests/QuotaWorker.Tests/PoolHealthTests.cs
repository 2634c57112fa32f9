using System.Net.Http.Json;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.QuotaWorker.Api;
using Antigravity.QuotaWorker.PoolHealth;
using Antigravity.TestEnvironment;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Antigravity.QuotaWorker.Tests;

public sealed class PoolHealthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PoolMaintenance_AsTimePasses_ClearsExpiredCooldownsAndRecoversHealthTenPerHour()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        await using var worker = await WorkerApp.StartAsync(
            TestServers.UniquePrefix("health"),
            services: s => s.AddSingleton<TimeProvider>(time));
        var t = time.GetUtcNow();
        await worker.SeedAccountAsync("a1", "a1@example.com", "token", t.AddHours(1), health: 50);
        await worker.Redis.HashSetAsync(RedisKeys.Account("a1"), AccountFields.HealthUpdatedAt, t.AddHours(-2.55).ToUnixTimeMilliseconds());
        await worker.Redis.HashSetAsync(RedisKeys.Cooldowns("a1"),
        [
            new HashEntry("model-a", t.AddSeconds(-1).ToUnixTimeMilliseconds()),
            new HashEntry("model-b", t.AddHours(1).ToUnixTimeMilliseconds()),
        ]);
        var maintenance = worker.Get<PoolMaintenance>();

        await maintenance.RunOnceAsync(); // the worker's own start-up pass may have run first: check the state, not the count
        var cooldownsFirst = (await worker.Redis.HashKeysAsync(RedisKeys.Cooldowns("a1"))).Select(k => (string)k!).ToList();
        var healthFirst = (double)await worker.Redis.HashGetAsync(RedisKeys.Account("a1"), AccountFields.Health);
        var pool = await worker.Http.GetFromJsonAsync<PoolView>("/api/pool", Ct);
        time.Advance(TimeSpan.FromHours(1));
        await maintenance.RunOnceAsync(); // the background pass may run too: every step is idempotent
        var cooldownsLeft = await worker.Redis.HashLengthAsync(RedisKeys.Cooldowns("a1"));
        var healthSecond = (double)await worker.Redis.HashGetAsync(RedisKeys.Account("a1"), AccountFields.Health);
        time.Advance(TimeSpan.FromHours(10));
        await maintenance.RunOnceAsync();
        var healthLast = (double)await worker.Redis.HashGetAsync(RedisKeys.Account("a1"), AccountFields.Health);
        var summary = await worker.Http.GetFromJsonAsync<StatsSummary>("/api/stats/summary", Ct);

        Assert.Equal(["model-b"], cooldownsFirst); // the expired cooldown is gone, the running one stays
        Assert.Equal(75, healthFirst);
        Assert.Equal("cooling", Assert.Single(pool!.Accounts).State);
        Assert.Equal(0, cooldownsLeft);
        Assert.Equal(85, healthSecond);
        Assert.Equal(100, healthLast);
        Assert.Equal(1, summary!.Accounts.ByState["active"]);
        Assert.Equal(0, summary.Accounts.ByState["cooling"]);
    }

    [Fact]
    public async Task PoolMaintenance_UntrackedHealth_IsLeftAlone()
    {
        await using var worker = await WorkerApp.StartAsync(TestServers.UniquePrefix("health2"));
        await worker.SeedAccountAsync("a1", null, "token", DateTimeOffset.UtcNow.AddHours(1));

        await worker.Get<PoolMaintenance>().RunOnceAsync();

        Assert.False(await worker.Redis.HashExistsAsync(RedisKeys.Account("a1"), AccountFields.Health));
    }
}
