using System.Net;
using System.Text;
using System.Text.Json;
using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.AdminClient.Accounts;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Routing;
using StackExchange.Redis;

namespace Antigravity.AccountService.Tests;

public sealed class TwoInstanceCluster() : AccountServiceCluster(2);

/// <summary>Issue 15 "token refresh storm": three Gateway replicas over two AccountService instances, every access token
/// expired, a burst of client requests: Google sees one refresh per account, and every request is served.</summary>
public sealed class RefreshStormTests(TwoInstanceCluster cluster) : IClassFixture<TwoInstanceCluster>
{
    private const int Accounts = 4;
    private const int Requests = 60;

    [Fact]
    public async Task EveryTokenExpired_BurstOverThreeGatewayReplicas_OneUpstreamRefreshPerAccountAndAllServed()
    {
        var ct = TestContext.Current.CancellationToken;
        var accounts = new List<(string Id, string Email, string RefreshToken)>();
        for (var i = 0; i < Accounts; i++)
        {
            var (email, refreshToken) = cluster.NewGoogleAccount($"storm{i}");
            var added = await cluster.Admin().AddAccountAsync(new AddAccountRequest { RefreshToken = refreshToken }, ct);
            accounts.Add((added.Id, email, refreshToken));
        }

        foreach (var account in accounts)
        {
            await cluster.Database.HashSetAsync(RedisKeys.Account(account.Id),
            [
                new HashEntry(AccountFields.AccessTokenExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds()),
                new HashEntry(AccountFields.AccessTokenRefreshedAt, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds()),
            ]);
        }

        // Round robin: the burst reaches every account, not only the ones its conversations stick to.
        await cluster.Database.StringSetAsync(RedisKeys.Settings,
            JsonSerializer.Serialize(new GatewaySettings { Strategy = SelectionStrategy.RoundRobin }, JsonSerializerOptions.Web));
        var before = accounts.ToDictionary(a => a.Id, a => cluster.Tokens.RefreshCalls(a.RefreshToken));
        await using var gateways = await GatewayReplicas.StartAsync(cluster, replicas: 3);
        var clients = gateways.Urls.Select(url => new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) }).ToArray();

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
            {
                Content = new StringContent($$"""{"model":"claude-sonnet-4-6","max_tokens":64,"messages":[{"role":"user","content":"storm {{i}}"}]}""",
                    Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("x-api-key", GatewayReplicas.ClientKey);
            request.Headers.Add("anthropic-version", "2023-06-01");
            using var response = await clients[i % clients.Length].SendAsync(request, ct);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(ct));
        }));

        Assert.All(responses, r => Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode} {r.Body}"));
        var served = cluster.Simulator.State.GetRequests()
            .Where(r => r.Method is "streamGenerateContent" or "generateContent" && r.Status == 200)
            .Select(r => r.Account).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.All(accounts, a => Assert.Contains(a.Email, served));
        Assert.All(accounts, a => Assert.True(cluster.Tokens.RefreshCalls(a.RefreshToken) - before[a.Id] == 1,
            $"{a.Id}: {cluster.Tokens.RefreshCalls(a.RefreshToken) - before[a.Id]} upstream refreshes"));
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
