using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.AdminClient.Accounts;
using Antigravity.AdminClient.SignIn;
using Antigravity.ClusterState.Secrets;
using Antigravity.TestEnvironment;
using StackExchange.Redis;

namespace Antigravity.AccountService.Tests;

public sealed class SecretsAtRestTests(SingleInstanceCluster cluster) : IClassFixture<SingleInstanceCluster>
{
    [Fact]
    public async Task Redis_AfterSignInAddAndRefresh_HoldsNoTokenInPlainText()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = cluster.Admin();
        var (_, refreshToken) = cluster.NewGoogleAccount("plain");
        var added = await admin.AddAccountAsync(new AddAccountRequest { RefreshToken = refreshToken }, ct);
        await admin.RefreshAccountAsync(added.Id, ct);
        var (signInEmail, _) = cluster.NewGoogleAccount("plainsignin");
        var started = await admin.StartSignInAsync(new StartSignInRequest { LoginHint = signInEmail }, ct);
        using (var browser = new HttpClient())
        {
            (await browser.GetAsync(started.AuthorizationUrl, ct)).EnsureSuccessStatusCode();
        }

        var exported = await admin.ExportAccountsAsync(includeRefreshTokens: true, ct);
        var secrets = exported.Accounts.Select(a => a.RefreshToken!).ToList();
        foreach (var account in exported.Accounts)
        {
            var cipher = await cluster.Database.HashGetAsync(ClusterState.RedisKeys.Account(account.Id), "accessToken");
            secrets.Add(cluster.Secrets.Unprotect(cipher.ToString(), SecretContexts.AccessToken(account.Id)));
        }

        Assert.Contains(refreshToken, secrets);
        Assert.Equal(4, secrets.Count);
        var everything = await DumpAsync();
        Assert.NotEmpty(everything);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(everything, text => text.Contains(secret, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(everything, text => text.Contains("ya29.", StringComparison.Ordinal) || text.Contains("1//0", StringComparison.Ordinal));
    }

    /// <summary>Every key under the test's prefix and every value in it, whatever its type.</summary>
    private async Task<List<string>> DumpAsync()
    {
        var raw = cluster.Redis.GetDatabase();
        var texts = new List<string>();
        await foreach (var key in TestRedis.KeysAsync(cluster.Redis, cluster.Prefix + "*", pageSize: 500))
        {
            texts.Add(key.ToString());
            switch (await raw.KeyTypeAsync(key))
            {
                case RedisType.String:
                    texts.Add((await raw.StringGetAsync(key)).ToString());
                    break;
                case RedisType.Hash:
                    texts.AddRange((await raw.HashGetAllAsync(key)).SelectMany(e => new[] { e.Name.ToString(), e.Value.ToString() }));
                    break;
                case RedisType.Set:
                    texts.AddRange((await raw.SetMembersAsync(key)).Select(v => v.ToString()));
                    break;
                case RedisType.SortedSet:
                    texts.AddRange((await raw.SortedSetRangeByRankAsync(key)).Select(v => v.ToString()));
                    break;
                case RedisType.List:
                    texts.AddRange((await raw.ListRangeAsync(key)).Select(v => v.ToString()));
                    break;
                default:
                    break;
            }
        }

        return texts;
    }
}
