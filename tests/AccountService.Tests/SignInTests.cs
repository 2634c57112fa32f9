using System.Net;
using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.AdminClient;
using Antigravity.AdminClient.SignIn;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;

namespace Antigravity.AccountService.Tests;

public sealed class SignInTests(SingleInstanceCluster cluster) : IClassFixture<SingleInstanceCluster>
{
    private const string PastedRedirect = "http://localhost:51121/oauth-callback";

    [Fact]
    public async Task SignIn_BrowserReturnsToCallback_AddsAccountWithProjectAndTier()
    {
        var ct = TestContext.Current.CancellationToken;
        var (email, _) = cluster.NewGoogleAccount("callback", tier: "standard-tier");
        var admin = cluster.Admin();

        var started = await admin.StartSignInAsync(new StartSignInRequest { LoginHint = email }, ct);
        Assert.Contains("code_challenge_method=S256", started.AuthorizationUrl);
        Assert.Contains("code_challenge=", started.AuthorizationUrl);
        Assert.DoesNotContain("verifier", started.AuthorizationUrl);

        // The "browser": the simulator consents for the hinted account and redirects to the service's callback.
        using var browser = new HttpClient();
        using var page = await browser.GetAsync(started.AuthorizationUrl, ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(email, html);

        var status = await admin.GetSignInAsync(started.State, ct);
        Assert.Equal(SignInState.Completed, status.Status);
        Assert.Equal(email, status.Account?.Email);
        Assert.Equal("standard-tier", status.Account?.Tier);
        Assert.False(string.IsNullOrEmpty(status.Account?.ProjectId));
        Assert.Equal(AccountStatus.Active, status.Account?.Status);
    }

    [Fact]
    public async Task SignIn_PastedRedirectUrl_CompletesAndOnboardsAccountWithoutProject()
    {
        var ct = TestContext.Current.CancellationToken;
        var (email, _) = cluster.NewGoogleAccount("pasted", onboarded: false);
        var admin = cluster.Admin();

        var started = await admin.StartSignInAsync(new StartSignInRequest { LoginHint = email, RedirectUri = PastedRedirect }, ct);
        var redirected = await FollowConsentAsync(started.AuthorizationUrl, ct);
        Assert.StartsWith(PastedRedirect, redirected);

        var status = await admin.CompleteSignInAsync(new CompleteSignInRequest { CallbackUrl = redirected }, ct);

        Assert.Equal(SignInState.Completed, status.Status);
        Assert.Equal(email, status.Account?.Email);
        Assert.False(string.IsNullOrEmpty(status.Account?.ProjectId)); // came from the onboardUser operation
        var accounts = await admin.ListAccountsAsync(ct);
        Assert.Contains(accounts, a => a.Email == email);
    }

    [Fact]
    public async Task SignIn_WrongState_IsRejectedAndAddsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (email, _) = cluster.NewGoogleAccount("wrongstate");
        var admin = cluster.Admin();
        var started = await admin.StartSignInAsync(new StartSignInRequest { LoginHint = email, RedirectUri = PastedRedirect }, ct);
        var redirected = await FollowConsentAsync(started.AuthorizationUrl, ct);
        var forged = redirected.Replace("state=" + started.State, "state=" + new string('0', 32), StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<AdminApiException>(() => admin.CompleteSignInAsync(new CompleteSignInRequest { CallbackUrl = forged }, ct));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("state", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(await admin.ListAccountsAsync(ct), a => a.Email == email);
        Assert.Equal(SignInState.Pending, (await admin.GetSignInAsync(started.State, ct)).Status);
    }

    [Fact]
    public async Task SignIn_CodeCompletedWithAnotherSignInsVerifier_IsRefusedByGoogle()
    {
        var ct = TestContext.Current.CancellationToken;
        var (email, _) = cluster.NewGoogleAccount("verifier");
        var admin = cluster.Admin();
        var first = await admin.StartSignInAsync(new StartSignInRequest { LoginHint = email, RedirectUri = PastedRedirect }, ct);
        var second = await admin.StartSignInAsync(new StartSignInRequest { LoginHint = email, RedirectUri = PastedRedirect }, ct);
        var code = Query(await FollowConsentAsync(first.AuthorizationUrl, ct), "code");

        // The code was issued for the first sign-in's challenge; the second sign-in's verifier does not match it.
        var error = await Assert.ThrowsAsync<AdminApiException>(() =>
            admin.CompleteSignInAsync(new CompleteSignInRequest { Code = code, State = second.State }, ct));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("invalid_grant", error.Message);
        var status = await admin.GetSignInAsync(second.State, ct);
        Assert.Equal(SignInState.Failed, status.Status);
        Assert.Contains("verifier", status.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(await admin.ListAccountsAsync(ct), a => a.Email == email);
    }

    [Fact]
    public async Task SignIn_PendingVerifier_IsEncryptedInRedisWithTtl()
    {
        var ct = TestContext.Current.CancellationToken;
        var started = await cluster.Admin().StartSignInAsync(new StartSignInRequest(), ct);

        var verifier = await cluster.Database.HashGetAsync(RedisKeys.SignIn(started.State), "verifier");
        var ttl = await cluster.Database.KeyTimeToLiveAsync(RedisKeys.SignIn(started.State));

        Assert.StartsWith("v1:k1:", verifier.ToString());
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10));
    }

    private static async Task<string> FollowConsentAsync(string authorizationUrl, CancellationToken ct)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await browser.GetAsync(authorizationUrl, ct);
        Assert.True((int)response.StatusCode is >= 300 and < 400, $"expected a redirect, got {(int)response.StatusCode}");
        return response.Headers.Location!.ToString();
    }

    private static string Query(string url, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(url).Query)[name].ToString();
}
