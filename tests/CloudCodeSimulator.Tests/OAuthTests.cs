using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using static Antigravity.CloudCodeSimulator.Tests.SimTestHost;

namespace Antigravity.CloudCodeSimulator.Tests;

public sealed class OAuthTests(SimFixture fixture) : IClassFixture<SimFixture>
{
    private const string Redirect = "http://localhost:51121/oauth-callback";

    [Fact]
    public async Task AuthorizationCode_WithPkce_IssuesTokensThatServeUserInfoAndRefresh()
    {
        var host = fixture.Fresh();
        var (code, state) = await AuthorizeAsync(host, "demo2@example.com", Challenge("verifier-0123456789-0123456789-0123456789"));

        var tokens = await host.TokenAsync(("grant_type", "authorization_code"), ("code", code), ("code_verifier", "verifier-0123456789-0123456789-0123456789"),
            ("client_id", "demo-client"), ("client_secret", "demo-secret"), ("redirect_uri", Redirect));

        Assert.Equal("xyz", state);
        Assert.Equal(200, (int)tokens["_status"]!);
        Assert.Equal(3599, (int)tokens["expires_in"]!);
        Assert.Equal("Bearer", (string?)tokens["token_type"]);
        Assert.NotNull(tokens["id_token"]);
        foreach (var path in new[] { "/oauth2/v1/userinfo", "/oauth2/v2/userinfo?alt=json" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new("Bearer", (string)tokens["access_token"]!);
            using var response = await host.Http.SendAsync(request, TestContext.Current.CancellationToken);
            var info = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
            Assert.Equal("demo2@example.com", (string?)info["email"]);
        }
        var refreshed = await host.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", (string)tokens["refresh_token"]!),
            ("client_id", "demo-client"), ("client_secret", "demo-secret"));
        Assert.Equal(200, (int)refreshed["_status"]!);
        Assert.Null(refreshed["refresh_token"]);
    }

    [Fact]
    public async Task AuthorizationCode_WrongVerifier_InvalidGrant()
    {
        var host = fixture.Fresh();
        var (code, _) = await AuthorizeAsync(host, "demo1@example.com", Challenge("the-right-verifier-0123456789-0123456789"));

        var tokens = await host.TokenAsync(("grant_type", "authorization_code"), ("code", code), ("code_verifier", "a-wrong-verifier-0123456789-0123456789"),
            ("client_id", "demo-client"), ("client_secret", "demo-secret"), ("redirect_uri", Redirect));

        Assert.Equal(400, (int)tokens["_status"]!);
        Assert.Equal("invalid_grant", (string?)tokens["error"]);
    }

    [Fact]
    public async Task AuthorizationCode_UsedTwice_SecondExchangeIsInvalidGrant()
    {
        var host = fixture.Fresh();
        var (code, _) = await AuthorizeAsync(host, "demo1@example.com", null);
        (string, string)[] form = [("grant_type", "authorization_code"), ("code", code), ("client_id", "demo-client"), ("client_secret", "demo-secret"), ("redirect_uri", Redirect)];

        var first = await host.TokenAsync(form);
        var second = await host.TokenAsync(form);

        Assert.Equal(200, (int)first["_status"]!);
        Assert.Equal("invalid_grant", (string?)second["error"]);
    }

    [Fact]
    public async Task Token_MissingClientSecret_InvalidRequest()
    {
        var host = fixture.Fresh();

        var tokens = await host.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", "demo-refresh-1"), ("client_id", "demo-client"));

        Assert.Equal(400, (int)tokens["_status"]!);
        Assert.Equal("invalid_request", (string?)tokens["error"]);
        Assert.Equal("client_secret is missing.", (string?)tokens["error_description"]);
    }

    [Fact]
    public async Task Token_WrongClientSecret_InvalidClient()
    {
        var host = fixture.Fresh();

        var tokens = await host.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", "demo-refresh-1"), ("client_id", "demo-client"), ("client_secret", "nope"));

        Assert.Equal(401, (int)tokens["_status"]!);
        Assert.Equal("invalid_client", (string?)tokens["error"]);
    }

    [Fact]
    public async Task Refresh_RevokedRefreshToken_InvalidGrant()
    {
        var host = fixture.Fresh();
        host.State.RevokeRefreshTokens(Demo1);

        var tokens = await host.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", "demo-refresh-1"), ("client_id", "demo-client"), ("client_secret", "demo-secret"));

        Assert.Equal(400, (int)tokens["_status"]!);
        Assert.Equal("invalid_grant", (string?)tokens["error"]);
        Assert.Equal("Token has been expired or revoked.", (string?)tokens["error_description"]);
    }

    [Fact]
    public async Task AccessToken_RevokedBeforeExpiry_Unauthenticated()
    {
        var host = fixture.Fresh();
        var (before, _) = await host.CallAsync("/v1internal:loadCodeAssist", new JsonObject());
        host.State.RevokeAccessTokens(Demo1);

        var (after, body) = await host.CallAsync("/v1internal:loadCodeAssist", new JsonObject());

        Assert.Equal(200, before);
        Assert.Equal(401, after);
        Assert.Equal("UNAUTHENTICATED", (string?)body!["error"]!["status"]);
    }

    [Fact]
    public async Task AccessToken_AfterExpiry_Unauthenticated()
    {
        var host = fixture.Fresh();
        host.Time.Advance(TimeSpan.FromSeconds(3600));

        var (status, _) = await host.CallAsync("/v1internal:loadCodeAssist", new JsonObject());

        Assert.Equal(401, status);
    }

    [Fact]
    public async Task AuthorizationPage_WithoutLoginHint_ListsAccountsToPick()
    {
        var host = fixture.Fresh();

        var html = await host.Http.GetStringAsync($"/o/oauth2/v2/auth?client_id=demo-client&response_type=code&redirect_uri={Uri.EscapeDataString(Redirect)}&state=s",
            TestContext.Current.CancellationToken);

        Assert.Contains("demo1@example.com", html);
        Assert.Contains("login_hint=demo3@example.com", html);
    }

    private static string Challenge(string verifier) => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static async Task<(string Code, string State)> AuthorizeAsync(SimTestHost host, string email, string? challenge)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Http.BaseAddress };
        var url = $"/o/oauth2/v2/auth?client_id=demo-client&response_type=code&redirect_uri={Uri.EscapeDataString(Redirect)}&state=xyz&access_type=offline&prompt=consent&login_hint={Uri.EscapeDataString(email)}"
            + (challenge is null ? "" : $"&code_challenge={challenge}&code_challenge_method=S256");
        using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(Redirect, location.ToString());
        var query = QueryHelpers.ParseQuery(location.Query);
        return (query["code"]!, query["state"]!);
    }
}

public sealed class OAuthFaultTests(SimFixture fixture) : IClassFixture<SimFixture>
{
    [Fact]
    public async Task TokenFault_NextRefreshFailsThenSucceeds_AndBothAreLogged()
    {
        var host = fixture.Fresh();
        host.State.EnqueueFault(new Faults.FaultSpec { Reason = "internal_failure", Method = "token", Status = 503 });
        (string, string)[] form = [("grant_type", "refresh_token"), ("refresh_token", "demo-refresh-1"), ("client_id", "demo-client"), ("client_secret", "demo-secret")];

        var failed = await host.TokenAsync(form);
        var ok = await host.TokenAsync(form);

        Assert.Equal(503, (int)failed["_status"]!);
        Assert.Equal("internal_failure", (string?)failed["error"]);
        Assert.Equal(200, (int)ok["_status"]!);
        var log = host.State.GetRequests().Where(r => r.Method == "token").ToList();
        Assert.Equal([503, 200], log.Select(r => r.Status));
        Assert.All(log, r => Assert.Equal(SimTestHost.Demo1, r.Account));
    }
}
