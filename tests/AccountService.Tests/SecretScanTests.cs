using System.Text;
using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.AdminClient.Accounts;
using Antigravity.AdminClient.ApiKeys;
using Antigravity.AdminClient.SignIn;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Secrets;
using Antigravity.TestEnvironment;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Antigravity.AccountService.Tests;

/// <summary>
/// Issue 15's secret scan of AccountService: a browser sign-in, an added account, admin and internal refreshes (one of an
/// expired token), an export with refresh tokens, a created client key, and errors (wrong keys that contain the real
/// ones, the internal key on an admin route, a refresh token Google refuses). Then no secret (nor an encoding of one)
/// is in any log entry at Trace, activity, metric or error body (<see cref="SecretScan"/>).
/// </summary>
public sealed class SecretScanTests(SecretScanCluster cluster) : IClassFixture<SecretScanCluster>
{
    [Fact]
    public async Task AccountServiceFlows_WithKnownSecrets_LeaveNoneInLogsTracesMetricsOrErrorBodies()
    {
        var ct = TestContext.Current.CancellationToken;
        var scan = cluster.Scan;
        var admin = cluster.Admin();
        var (signInEmail, signInRefresh) = cluster.NewGoogleAccount("scan-signin");
        var started = await admin.StartSignInAsync(new StartSignInRequest { LoginHint = signInEmail }, ct);
        using (var browser = new HttpClient())
        {
            using var consent = await browser.GetAsync(started.AuthorizationUrl, ct);
        }

        Assert.Equal(SignInState.Completed, (await admin.GetSignInAsync(started.State, ct)).Status);
        var (_, addedRefresh) = cluster.NewGoogleAccount("scan-added");
        var added = await admin.AddAccountAsync(new AddAccountRequest { RefreshToken = addedRefresh }, ct);
        await admin.RefreshAccountAsync(added.Id, ct);
        await cluster.Database.HashSetAsync(RedisKeys.Account(added.Id),
        [
            new HashEntry(AccountFields.AccessTokenExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds()),
            new HashEntry(AccountFields.AccessTokenRefreshedAt, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds()),
        ]);
        using (var refreshed = await cluster.Http(key: AccountServiceCluster.InternalKey).PostAsync($"internal/accounts/{added.Id}/refresh", null, ct))
        {
            Assert.True(refreshed.IsSuccessStatusCode);
        }

        await admin.RefreshAllAccountsAsync(ct);
        var export = await admin.ExportAccountsAsync(includeRefreshTokens: true, ct);
        Assert.NotEmpty(export.Accounts);
        var created = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "scan" }, ct);

        var bogusRefresh = "rt-bogus-" + Guid.NewGuid().ToString("N");
        await ErrorAsync(HttpMethod.Post, "api/accounts", AccountServiceCluster.AdminKey, $$"""{"refreshToken":"{{bogusRefresh}}"}""");
        await ErrorAsync(HttpMethod.Get, "api/accounts", AccountServiceCluster.AdminKey + "x", null);
        await ErrorAsync(HttpMethod.Get, "api/accounts/export?includeRefreshTokens=true", AccountServiceCluster.InternalKey, null);
        await ErrorAsync(HttpMethod.Post, $"internal/accounts/{added.Id}/refresh", AccountServiceCluster.InternalKey + "x", null);

        var secrets = new Dictionary<string, string>
        {
            ["admin key"] = AccountServiceCluster.AdminKey,
            ["internal key"] = AccountServiceCluster.InternalKey,
            ["secrets key"] = cluster.Settings().Single(s => s.Key == "Secrets:Keys:k1").Value!,
            ["oauth client secret"] = "demo-secret",
            ["sign-in refresh token"] = signInRefresh,
            ["added refresh token"] = addedRefresh,
            ["refused refresh token"] = bogusRefresh,
            ["client key"] = created.Key,
        };
        foreach (var id in await cluster.Database.SetMembersAsync(RedisKeys.Accounts))
        {
            var stored = await cluster.Database.HashGetAsync(RedisKeys.Account(id.ToString()), [AccountFields.AccessToken, AccountFields.RefreshToken]);
            secrets[$"{id} access token"] = cluster.Secrets.Unprotect(stored[0].ToString(), SecretContexts.AccessToken(id.ToString()));
            secrets[$"{id} refresh token"] = cluster.Secrets.Unprotect(stored[1].ToString(), SecretContexts.RefreshToken(id.ToString()));
        }

        var leaks = scan.Leaks(secrets);

        Assert.Contains("log", scan.Counts.Keys);
        Assert.Contains("activity", scan.Counts.Keys);
        Assert.Empty(leaks);

        async Task ErrorAsync(HttpMethod method, string path, string key, string? json)
        {
            using var request = new HttpRequestMessage(method, path);
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            using var response = await cluster.Http(key: key).SendAsync(request, ct);
            scan.Add($"{method} {path} {(int)response.StatusCode}", await response.Content.ReadAsStringAsync(ct) + " " + response.Headers);
        }
    }
}

/// <summary>One instance whose logs go to <see cref="Scan"/> at every level.</summary>
public sealed class SecretScanCluster() : AccountServiceCluster(1), IAsyncDisposable
{
    public SecretScan Scan { get; } = new();

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        Scan.Dispose();
        await DisposeAsync();
    }

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Logging:LogLevel:Default"] = "Trace";
        settings["Logging:LogLevel:Antigravity"] = "Trace";
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Scan);
}
