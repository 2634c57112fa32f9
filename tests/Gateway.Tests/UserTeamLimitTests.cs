using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Users;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;

namespace Antigravity.Gateway.Tests;

/// <summary>Issue 20: limits and budgets of users and teams, checked with the key's in one admission script, across three
/// gateway replicas under concurrent load, against real Redis (and Redis Cluster in test.sh's second pass).</summary>
public sealed class UserTeamLimitTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TeamAndUserRpm_ConcurrentRequestsOnThreeReplicas_AdmitExactlyTheLimits()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 3);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var minute = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000;
            var team = await cluster.CreateTeamAsync((ApiKeyFields.RequestsPerMinute, "6"));
            var alice = await cluster.CreateUserAsync(team, (ApiKeyFields.RequestsPerMinute, "2"));
            var bob = await cluster.CreateUserAsync(team);
            string[] aliceKeys = [await cluster.CreateUserKeyAsync(alice), await cluster.CreateUserKeyAsync(alice)];
            string[] bobKeys = [await cluster.CreateUserKeyAsync(bob), await cluster.CreateUserKeyAsync(bob)];

            var results = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
            {
                var fromAlice = i % 2 == 0;
                var key = fromAlice ? aliceKeys[i / 2 % 2] : bobKeys[i / 2 % 2];
                var (status, body, _) = await cluster.AskAsync(instance: i % 3, apiKey: key);
                return (FromAlice: fromAlice, Status: status, Message: body?["error"]?["message"]?.GetValue<string>());
            }));
            if (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000 != minute)
            {
                continue; // the minute turned during the burst: its requests were counted in two windows
            }

            Assert.Equal(6, results.Count(r => r.Status == HttpStatusCode.OK));
            Assert.InRange(results.Count(r => r.FromAlice && r.Status == HttpStatusCode.OK), 0, 2);
            Assert.All(results.Where(r => r.Status != HttpStatusCode.OK), r =>
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, r.Status);
                Assert.Contains("requests-per-minute", r.Message, StringComparison.Ordinal);
                Assert.Contains(r.FromAlice ? "API key's" : "API key's team", r.Message, StringComparison.Ordinal);
            });
            return;
        }

        Assert.Fail("The minute turned over three times in a row.");
    }

    [Fact]
    public async Task TeamDailyBudget_ConcurrentLoadOnThreeReplicas_CountsEveryLevelExactlyThenRefusesEveryMemberInEachDoorsFormat()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 3);
        var team = await cluster.CreateTeamAsync((ApiKeyFields.DailyTokenBudget, "1000000000"));
        var alice = await cluster.CreateUserAsync(team, (ApiKeyFields.DailyTokenBudget, "1000000000"));
        var bob = await cluster.CreateUserAsync(team);
        string[] keys = [await cluster.CreateUserKeyAsync(alice), await cluster.CreateUserKeyAsync(alice), await cluster.CreateUserKeyAsync(bob)];
        var day = "day:" + DateTimeOffset.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var scope = AdmissionScope.TeamLevel(team);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 18).Select(async i => (await cluster.AskAsync(instance: i % 3, text: "[[words:5]]", apiKey: keys[i % 3])).Status));
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));

        // Tokens are counted when each request settles (fire-and-forget): poll until all 18 are in, then every level agrees.
        var keyLevels = keys.Select(k => { Assert.True(ApiKeyFormat.TryParse(k, out var id, out _)); return AdmissionScope.KeyLevel(id); }).ToArray();
        async Task<long[]> CountersAsync() =>
        [
            .. await Task.WhenAll(keyLevels.Select(l => cluster.CounterAsync(scope, l, day))),
            await cluster.CounterAsync(scope, AdmissionScope.UserLevel(alice), day),
            await cluster.CounterAsync(scope, AdmissionScope.UserLevel(bob), day),
            await cluster.CounterAsync(scope, AdmissionScope.TeamLevel(team), day),
        ];
        var counters = await Poll.UntilAsync(CountersAsync, c => c[0] > 0 && c[5] == c[0] + c[1] + c[2] && c[0] == c[1] && c[1] == c[2], TimeSpan.FromSeconds(60));
        Assert.True(counters[0] % 6 == 0, $"each key served 6 identical requests, counted {counters[0]}");
        var bobKeyId = keyLevels[2]["key:".Length..];
        var attributed = await cluster.UsageRecordAsync(r => r.KeyId == bobKeyId);
        Assert.Equal((bob, team), (attributed.UserId, attributed.TeamId));
        Assert.Equal(counters[0] + counters[1], counters[3]);
        Assert.Equal(counters[2], counters[4]);

        // Spent: the team's budget is now what was counted, so every key of every member is refused on every replica.
        await cluster.Db.HashSetAsync(Antigravity.ClusterState.RedisKeys.Team(team), ApiKeyFields.DailyTokenBudget, counters[5]);
        await AdmissionWriter.SyncTeamAsync(cluster.Db, team);
        var midnight = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        for (var i = 0; i < 3; i++)
        {
            var (_, _, refused) = await cluster.AskAsync(instance: i, apiKey: keys[i]);
            await BadInputTests.AssertErrorAsync(refused, 429, "rate_limit_error", "This API key's team reached its daily token budget limit; it resets at " + midnight.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            Assert.InRange(DateTimeOffset.UtcNow + refused.Headers.RetryAfter!.Delta!.Value, midnight - TimeSpan.FromMinutes(2), midnight + TimeSpan.FromMinutes(2));
        }

        using var openAi = new HttpClient { BaseAddress = new Uri(cluster.Urls[1]) };
        openAi.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", keys[2]);
        using var chat = await openAi.PostAsync("/v1/chat/completions", Json("""{"model":"claude-sonnet-4-6","messages":[{"role":"user","content":"hi"}]}"""), Ct);
        var openAiError = JsonNode.Parse(await chat.Content.ReadAsStringAsync(Ct))!["error"]!;
        Assert.Equal(HttpStatusCode.TooManyRequests, chat.StatusCode);
        Assert.Contains("team reached its daily token budget", openAiError["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("rate_limit_exceeded", openAiError["code"]?.GetValue<string>());

        using var google = new HttpClient { BaseAddress = new Uri(cluster.Urls[2]) };
        google.DefaultRequestHeaders.Add("x-goog-api-key", keys[1]);
        using var gemini = await google.PostAsync("/v1beta/models/gemini-3-flash:generateContent", Json("""{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}"""), Ct);
        var googleError = JsonNode.Parse(await gemini.Content.ReadAsStringAsync(Ct))!["error"]!;
        Assert.Equal(429, googleError["code"]!.GetValue<int>());
        Assert.Equal("RESOURCE_EXHAUSTED", googleError["status"]!.GetValue<string>());
        Assert.Contains("team reached its daily token budget", googleError["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserMovedToAnotherTeam_ReplicasThatAdmittedHerBefore_FollowTheNewTeamsLimits()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 3);
        var open = await cluster.CreateTeamAsync();
        var user = await cluster.CreateUserAsync(open);
        var key = await cluster.CreateUserKeyAsync(user);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await cluster.AskAsync(instance: i, apiKey: key)).Status); // every replica caches her route
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var minute = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000;
            var strict = await cluster.CreateTeamAsync((ApiKeyFields.RequestsPerMinute, "1"));
            await cluster.MoveUserAsync(user, strict);

            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 3; i++)
            {
                statuses.Add((await cluster.AskAsync(instance: i, apiKey: key)).Status);
            }

            if (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000 != minute)
            {
                continue;
            }

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
            Assert.False(await cluster.Db.KeyExistsAsync(Antigravity.ClusterState.RedisKeys.AdmissionLimits(AdmissionScope.TeamLevel(open), AdmissionScope.UserLevel(user))));
            return;
        }

        Assert.Fail("The minute turned over three times in a row.");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
