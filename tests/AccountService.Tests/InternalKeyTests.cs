using System.Net;
using System.Text.RegularExpressions;
using Antigravity.AccountService.Hosting;
using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.ClusterState.Credentials;
using Antigravity.AdminClient.Accounts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Antigravity.AccountService.Tests;

/// <summary>
/// <c>Internal:ApiKey</c> opens <c>/internal/...</c> and nothing else (issue 15: the Gateway's credential must not reach
/// the admin API). The routes come from the app's <see cref="EndpointDataSource"/>, so a new route is checked without
/// being listed here; a new anonymous route has to be named in <see cref="s_anonymous"/> on purpose.
/// </summary>
public sealed partial class InternalKeyTests(SingleInstanceCluster cluster) : IClassFixture<SingleInstanceCluster>
{
    private static readonly string[] s_anonymous = ["/health", "/alive", "/signin/callback"];

    [Fact]
    public async Task EveryMappedRoute_RefusesNoKeyAndAWrongKey_AndOnlyInternalRoutesAcceptTheInternalKey()
    {
        var routes = MappedRoutes();
        Assert.Contains(routes, r => r.Method == "GET" && r.Pattern == "/api/accounts/export");
        Assert.Contains(routes, r => r.Method == "POST" && r.Pattern == "/internal/accounts/{id}/refresh");
        Assert.Contains(routes, r => r.Pattern.StartsWith("/openapi/", StringComparison.Ordinal));
        var failures = new List<string>();

        foreach (var (method, pattern) in routes.Where(r => !s_anonymous.Contains(r.Pattern)))
        {
            var isInternal = pattern.StartsWith("/internal/", StringComparison.Ordinal);
            var (none, _) = await SendAsync(method, pattern, key: null);
            var (wrong, _) = await SendAsync(method, pattern, AccountServiceCluster.InternalKey + "x");
            var (withInternal, contentType) = await SendAsync(method, pattern, AccountServiceCluster.InternalKey);
            if (none != HttpStatusCode.Unauthorized || wrong != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{method} {pattern}: no key {(int)none}, wrong key {(int)wrong} (expected 401)");
            }

            if (isInternal && withInternal is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                failures.Add($"{method} {pattern}: the internal key got {(int)withInternal} on an internal route");
            }

            if (!isInternal && (withInternal != HttpStatusCode.Forbidden || contentType != "application/problem+json"))
            {
                failures.Add($"{method} {pattern}: the internal key got {(int)withInternal} {contentType} (expected 403 ProblemDetails)");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task InternalKey_ExportWithRefreshTokens_Returns403WithoutTheExport()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await cluster.Http(key: AccountServiceCluster.InternalKey).GetAsync("api/accounts/export?includeRefreshTokens=true", ct);
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("admin key", body);
        Assert.DoesNotContain("rt-", body);
    }

    [Theory]
    [InlineData(AccountServiceCluster.InternalKey)]
    [InlineData(AccountServiceCluster.AdminKey)]
    public async Task InternalRefresh_WithTheInternalOrTheAdminKey_Returns200(string key)
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, refreshToken) = cluster.NewGoogleAccount("internal-key");
        var account = await cluster.Admin().AddAccountAsync(new AddAccountRequest { RefreshToken = refreshToken }, ct);

        using var response = await cluster.Http(key: key).PostAsync($"internal/accounts/{account.Id}/refresh", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("internal-key-of-16", true)]
    [InlineData("too-short", false)]
    [InlineData(AccountServiceCluster.AdminKey, false)]
    public void Options_InternalKey_IsEmptyOrLongEnoughAndNotTheAdminKey(string key, bool valid)
    {
        var validator = new ValidateInternalOptions(Options.Create(new AdminOptions { ApiKey = AccountServiceCluster.AdminKey }));

        var result = validator.Validate(null, new InternalOptions { ApiKey = key });

        Assert.Equal(valid, result.Succeeded);
        Assert.True(valid || result.FailureMessage!.Contains("Internal:ApiKey", StringComparison.Ordinal));
    }

    private List<(string Method, string Pattern)> MappedRoutes() =>
    [
        .. cluster.Endpoints().OfType<RouteEndpoint>().SelectMany(e =>
            (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, "/" + e.RoutePattern.RawText!.Trim('/')))),
    ];

    /// <summary>Route parameters become <c>x</c>; bodies are truncated JSON, so a route that bound its body before checking
    /// the credential would answer 400 instead of 401/403.</summary>
    private async Task<(HttpStatusCode Status, string? ContentType)> SendAsync(string method, string pattern, string? key)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), Parameter().Replace(pattern, "x").TrimStart('/'));
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{\"truncated\":", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await cluster.Http(key: key).SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
