using System.Net;
using Antigravity.AccountService.Tests.Infrastructure;

namespace Antigravity.AccountService.Tests;

public sealed class AdminApiAuthTests(SingleInstanceCluster cluster) : IClassFixture<SingleInstanceCluster>
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "api/accounts" },
        { "POST", "api/accounts/refresh" },
        { "GET", "api/accounts/export?includeRefreshTokens=true" },
        { "POST", "api/signin" },
        { "GET", "api/keys" },
        { "GET", "api/settings" },
        { "GET", "api/groups" },
        { "POST", "internal/accounts/x/refresh" },
        { "GET", "openapi/v1.json" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task AdminApi_MissingCredential_Returns401(string method, string path)
    {
        using var response = await cluster.Http(key: null).SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Authorization: Bearer", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task AdminApi_WrongCredential_Returns401(string method, string path)
    {
        using var response = await cluster.Http(key: AccountServiceCluster.AdminKey + "x").SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("wrong", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("api/accounts", AccountServiceCluster.AdminKey, HttpStatusCode.OK)]
    [InlineData("api/accounts", AccountServiceCluster.AdminKey + "x", HttpStatusCode.Unauthorized)]
    [InlineData("api/accounts", AccountServiceCluster.InternalKey, HttpStatusCode.Forbidden)]
    public async Task AdminApi_KeyAsXApiKey_IsCheckedLikeABearerKey(string path, string key, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("x-api-key", key);

        using var response = await cluster.Http(key: null).SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheAdminApi()
    {
        using var response = await cluster.Http().GetAsync("openapi/v1.json", TestContext.Current.CancellationToken);
        var document = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/api/accounts", document);
        Assert.Contains("/api/keys", document);
        Assert.Contains("/internal/accounts/{id}/refresh", document);
    }
}
