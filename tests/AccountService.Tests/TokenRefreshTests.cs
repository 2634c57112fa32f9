using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.AdminClient;
using Antigravity.AdminClient.Accounts;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Secrets;
using StackExchange.Redis;

namespace Antigravity.AccountService.Tests;

public sealed class TokenRefreshTests(ThreeInstanceCluster cluster) : IClassFixture<ThreeInstanceCluster>
{
    [Fact]
    public async Task Refresh_200ConcurrentRequestsOverThreeInstances_MakeOneTokenCallAndAllGetTheNewToken()
    {
        var ct = TestContext.Current.CancellationToken;
        var (email, refreshToken) = cluster.NewGoogleAccount("burst");
        var account = await cluster.Admin().AddAccountAsync(new AddAccountRequest { RefreshToken = refreshToken }, ct);
        await ExpireAccessTokenAsync(account.Id);
        var before = cluster.Tokens.RefreshCalls(refreshToken);
        var clients = Enumerable.Range(0, cluster.InstanceCount).Select(i => cluster.Http(i, AccountServiceCluster.InternalKey)).ToArray();

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            clients[i % clients.Length].PostAsync($"internal/accounts/{account.Id}/refresh", null, ct)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, cluster.Tokens.RefreshCalls(refreshToken) - before);
        var stored = await cluster.Database.HashGetAsync(RedisKeys.Account(account.Id), [AccountFields.AccessToken, AccountFields.AccessTokenExpiresAt]);
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds((long)stored[1]);
        var answers = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync(AdminJsonContext.Default.RefreshedToken, ct)));
        Assert.All(answers, a => Assert.Equal(expiresAt, a!.ExpiresAt));
        Assert.True(expiresAt > DateTimeOffset.UtcNow.AddMinutes(30));

        // The stored token is the new one, and it works upstream.
        var accessToken = cluster.Secrets.Unprotect(stored[0].ToString(), SecretContexts.AccessToken(account.Id));
        using var userInfo = new HttpRequestMessage(HttpMethod.Get, cluster.Simulator.BaseUrl + "/oauth2/v2/userinfo");
        userInfo.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var check = await clients[0].SendAsync(userInfo, ct);
        Assert.Contains(email, await check.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task Refresh_AfterAnUpstreamRejection_ReplacesEvenAJustObtainedTokenOnceAcrossInstances()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, refreshToken) = cluster.NewGoogleAccount("rejected-fresh");
        var account = await cluster.Admin().AddAccountAsync(new AddAccountRequest { RefreshToken = refreshToken }, ct);
        var signInToken = await cluster.Database.HashGetAsync(RedisKeys.Account(account.Id), AccountFields.AccessToken);
        var before = cluster.Tokens.RefreshCalls(refreshToken);

        // The sign-in token is seconds old: a plain refresh request is satisfied by it, without a token call.
        using var plain = await cluster.Http(0).PostAsync($"internal/accounts/{account.Id}/refresh", null, ct);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(0, cluster.Tokens.RefreshCalls(refreshToken) - before);

        // The upstream rejected it (the Gateway's 401): every replica's report of that rejection costs one token call.
        var rejectedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var reports = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            cluster.Http(i % cluster.InstanceCount).PostAsync($"internal/accounts/{account.Id}/refresh?staleBefore={rejectedAt}", null, ct)));

        Assert.All(reports, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, cluster.Tokens.RefreshCalls(refreshToken) - before);
        Assert.NotEqual(signInToken, await cluster.Database.HashGetAsync(RedisKeys.Account(account.Id), AccountFields.AccessToken));
    }

    [Fact]
    public async Task Refresh_InvalidGrant_MarksAccountInvalidAndNeverCallsAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        var (email, refreshToken) = cluster.NewGoogleAccount("revoked");
        var admin = cluster.Admin();
        var account = await admin.AddAccountAsync(new AddAccountRequest { RefreshToken = refreshToken }, ct);
        cluster.Simulator.State.RevokeRefreshTokens(email);
        await ExpireAccessTokenAsync(account.Id);
        var before = cluster.Tokens.RefreshCalls(refreshToken);

        using var first = await cluster.Http(0).PostAsync($"internal/accounts/{account.Id}/refresh", null, ct);
        var again = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            again.Add(await cluster.Http(i % cluster.InstanceCount).PostAsync($"internal/accounts/{account.Id}/refresh", null, ct));
        }

        Assert.Equal(HttpStatusCode.Conflict, first.StatusCode);
        Assert.Contains("invalid_grant", await first.Content.ReadAsStringAsync(ct));
        Assert.All(again, r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, cluster.Tokens.RefreshCalls(refreshToken) - before);
        var stored = await admin.GetAccountAsync(account.Id, ct);
        Assert.Equal(AccountStatus.Invalid, stored.Status);
        Assert.Contains("invalid_grant", stored.StatusReason);

        var viaAdmin = await admin.RefreshAccountAsync(account.Id, ct);
        Assert.False(viaAdmin.Ok);
        Assert.Equal(1, cluster.Tokens.RefreshCalls(refreshToken) - before);
    }

    [Fact]
    public async Task Refresh_UnknownAccount_Returns404()
    {
        using var response = await cluster.Http(1).PostAsync("internal/accounts/nope/refresh", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task StatusReport_ValidationRequired_IsRecordedWithUrlOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, refreshToken) = cluster.NewGoogleAccount("verify");
        var admin = cluster.Admin();
        var account = await admin.AddAccountAsync(new AddAccountRequest { RefreshToken = refreshToken }, ct);
        var report = new AccountStatusReport { Status = AccountStatus.ValidationRequired, Reason = "VALIDATION_REQUIRED: Verify your account", Url = "https://accounts.google.com/signin/continue?x=1" };

        using var first = await cluster.Http(2).PostAsJsonAsync($"internal/accounts/{account.Id}/status", report, AdminJsonContext.Default.AccountStatusReport, ct);
        using var repeated = await cluster.Http(0).PostAsJsonAsync($"internal/accounts/{account.Id}/status", report, AdminJsonContext.Default.AccountStatusReport, ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        var stored = await admin.GetAccountAsync(account.Id, ct);
        Assert.Equal(AccountStatus.ValidationRequired, stored.Status);
        Assert.Equal(report.Url, stored.StatusUrl);
    }

    /// <summary>As if the token were old: the next refresh request must reach Google.</summary>
    private Task ExpireAccessTokenAsync(string accountId) => cluster.Database.HashSetAsync(RedisKeys.Account(accountId),
    [
        new HashEntry(AccountFields.AccessTokenExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds()),
        new HashEntry(AccountFields.AccessTokenRefreshedAt, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds()),
    ]);
}
