using System.Net;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Keys;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;

namespace Antigravity.Gateway.Tests;

/// <summary>Per-key token limits and budgets, and the per-key concurrency limit, against real Redis.</summary>
public sealed class KeyLimitTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task TokensPerMinute_SpentByOneRequest_RejectsTheNextWith429UntilTheMinuteEnds()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 2);

        await WithinOneWindowAsync(now => "tpm:" + (now.ToUnixTimeMilliseconds() / 60_000), ApiKeyFields.TokensPerMinute, cluster, async rejected =>
        {
            await BadInputTests.AssertErrorAsync(rejected, 429, "rate_limit_error", "tokens-per-minute");
            Assert.InRange(rejected.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        });
    }

    [Fact]
    public async Task DailyTokenBudget_Spent_Rejects429WithRetryAfterUntilMidnightUtc()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);

        await WithinOneWindowAsync(now => "day:" + now.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), ApiKeyFields.DailyTokenBudget, cluster, async rejected =>
        {
            await BadInputTests.AssertErrorAsync(rejected, 429, "rate_limit_error", "daily token budget");
            var midnight = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
            AssertRetryAt(rejected, midnight);
        });
    }

    [Fact]
    public async Task MonthlyTokenBudget_Spent_Rejects429WithRetryAfterUntilTheMonthTurns()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);

        await WithinOneWindowAsync(now => "month:" + now.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture), ApiKeyFields.MonthlyTokenBudget, cluster, async rejected =>
        {
            await BadInputTests.AssertErrorAsync(rejected, 429, "rate_limit_error", "monthly token budget");
            var now = DateTimeOffset.UtcNow;
            AssertRetryAt(rejected, new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1));
        });
    }

    [Fact]
    public async Task ConcurrencyLimit_HeldStream_BlocksASecondRequestUntilItFinishes()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 2);
        var key = await cluster.CreateApiKeyAsync((ApiKeyFields.MaxConcurrency, "1"));

        await using (var held = await HeldStream.StartAsync(cluster, apiKey: key))
        {
            // The second request arrives at the other replica: the limit holds across replicas.
            var (_, _, blocked) = await cluster.AskAsync(instance: 1, text: "[[words:2]]", apiKey: key);

            await BadInputTests.AssertErrorAsync(blocked, 429, "rate_limit_error", "concurrent-request");
            Assert.Equal(TimeSpan.FromSeconds(1), blocked.Headers.RetryAfter?.Delta);
            Assert.Equal("message_stop", (await held.FinishAsync())[^1].Name);
        }

        // The lease is released when the first stream settles (fire-and-forget): poll with a deadline.
        var (status, _, _) = await Poll.UntilAsync(() => cluster.AskAsync(instance: 1, text: "[[words:2]]", apiKey: key), r => r.Status == HttpStatusCode.OK);
        Assert.Single(cluster.Generations(), g => g.Status == 200 && g.Body is { } b && b.Contains("[[words:2]]", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, status);
    }

    /// <summary>Creates a key whose <paramref name="limitField"/> is 10 tokens, spends them with one request, and hands
    /// the rejected second request to <paramref name="assertRejected"/>. When the window turned over between the two
    /// requests (a minute or a day boundary), it starts again with a fresh key.</summary>
    private static async Task WithinOneWindowAsync(Func<DateTimeOffset, string> window, string limitField, GatewayCluster cluster, Func<HttpResponseMessage, Task> assertRejected)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var started = window(DateTimeOffset.UtcNow);
            var key = await cluster.CreateApiKeyAsync((limitField, "10"));
            Assert.True(ApiKeyFormat.TryParse(key, out var id, out _));

            var (first, _, _) = await cluster.AskAsync(instance: 0, apiKey: key);
            Assert.Equal(HttpStatusCode.OK, first);
            var spent = await Poll.UntilAsync(async () => (long?)await cluster.Db.StringGetAsync(RedisKeys.ApiKeyWindow(id, started)) ?? 0, t => t > 0 || window(DateTimeOffset.UtcNow) != started);
            var (_, _, second) = await cluster.AskAsync(instance: cluster.Urls.Count - 1, apiKey: key);
            if (window(DateTimeOffset.UtcNow) != started)
            {
                continue;
            }

            Assert.True(spent >= 10, $"the first request should have counted at least 10 tokens, counted {spent}");
            await assertRejected(second);
            return;
        }

        Assert.Fail("The window turned over three times in a row.");
    }

    private static void AssertRetryAt(HttpResponseMessage rejected, DateTimeOffset expected)
    {
        var delta = rejected.Headers.RetryAfter?.Delta;
        Assert.NotNull(delta);
        var at = DateTimeOffset.UtcNow + delta.Value;
        Assert.InRange(at, expected - TimeSpan.FromMinutes(2), expected + TimeSpan.FromMinutes(2));
    }
}
