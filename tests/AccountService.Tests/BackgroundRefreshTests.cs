using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.AdminClient.Accounts;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.TestEnvironment;

namespace Antigravity.AccountService.Tests;

/// <summary>The background refresh (ProactiveRefreshService) of a running instance, checking every second.</summary>
public sealed class BackgroundRefreshTests(BackgroundRefreshCluster cluster) : IClassFixture<BackgroundRefreshCluster>
{
    [Fact]
    public async Task TokenNearExpiry_IsRefreshedInTheBackground_AndAFarOneIsNot()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = cluster.Admin();
        var (_, nearToken) = cluster.NewGoogleAccount("near-expiry");
        var (_, farToken) = cluster.NewGoogleAccount("far-expiry");
        var near = await admin.AddAccountAsync(new AddAccountRequest { RefreshToken = nearToken }, ct);
        var far = await admin.AddAccountAsync(new AddAccountRequest { RefreshToken = farToken }, ct);
        var (nearBefore, farBefore) = (cluster.Tokens.RefreshCalls(nearToken), cluster.Tokens.RefreshCalls(farToken));

        // As if obtained 58 minutes ago: it expires inside the 5-minute refresh buffer. The other account's sign-in token has
        // about an hour left.
        var soon = DateTimeOffset.UtcNow.AddMinutes(2);
        await cluster.Database.HashSetAsync(RedisKeys.Account(near.Id),
        [
            new(AccountFields.AccessTokenExpiresAt, soon.ToUnixTimeMilliseconds()),
            new(AccountFields.AccessTokenRefreshedAt, DateTimeOffset.UtcNow.AddMinutes(-58).ToUnixTimeMilliseconds()),
        ]);

        var refreshed = await Poll.UntilAsync(() => admin.GetAccountAsync(near.Id, ct), a => a.AccessTokenExpiresAt > soon.AddMinutes(30));
        Assert.True(refreshed.AccessTokenExpiresAt > soon.AddMinutes(30), $"not refreshed: expires {refreshed.AccessTokenExpiresAt:O}");
        Assert.Equal(AccountStatus.Active, refreshed.Status);
        Assert.Equal(1, cluster.Tokens.RefreshCalls(nearToken) - nearBefore);
        Assert.Equal(0, cluster.Tokens.RefreshCalls(farToken) - farBefore);
        Assert.Equal(far.AccessTokenExpiresAt, (await admin.GetAccountAsync(far.Id, ct)).AccessTokenExpiresAt);
    }
}
