using System.Net.Http.Json;
using System.Text;
using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.AdminClient;

namespace Antigravity.AccountService.Tests;

public sealed class AdminApiValidationTests(SingleInstanceCluster cluster) : IClassFixture<SingleInstanceCluster>
{
    /// <summary>method, path, JSON body (null = none), expected status, a word the message must contain.</summary>
    public static TheoryData<string, string, string?, int, string> BadRequests => new()
    {
        { "POST", "api/accounts", "{}", 400, "refresh" },
        { "POST", "api/accounts", "{\"refreshToken\":", 400, "JSON" },
        { "POST", "api/accounts", "{\"refreshToken\":\"rt\",\"email\":\"nobody\"}", 400, "email" },
        { "POST", "api/accounts", "{\"refreshToken\":\"not-a-token\"}", 422, "invalid_grant" },
        { "GET", "api/accounts/unknown", null, 404, "unknown" },
        { "DELETE", "api/accounts/unknown", null, 404, "unknown" },
        { "POST", "api/accounts/unknown/enable", null, 404, "unknown" },
        { "POST", "api/accounts/unknown/verify", null, 404, "unknown" },
        { "POST", "api/accounts/unknown/refresh", null, 404, "unknown" },
        { "POST", "api/accounts/import", "{\"accounts\":[]}", 400, "No accounts" },
        { "POST", "api/accounts/import", "{\"accounts\":[{\"refreshToken\":\" \"}]}", 400, "refresh token" },
        { "POST", "api/signin", "{\"redirectUri\":\"not a url\"}", 400, "redirectUri" },
        { "POST", "api/signin/complete", "{}", 400, "state" },
        { "POST", "api/signin/complete", "{\"callbackUrl\":\"http://localhost/cb?code=abc\"}", 400, "state" },
        { "POST", "api/signin/complete", "{\"code\":\"abc\",\"state\":\"nope\"}", 400, "expired" },
        { "GET", "api/signin/nope", null, 404, "sign-in" },
        { "POST", "api/keys", "{\"name\":\"\"}", 400, "name" },
        { "POST", "api/keys", "{\"name\":\"k\",\"limits\":{\"requestsPerMinute\":-1}}", 400, "negative" },
        { "POST", "api/keys", "{\"name\":\"k\",\"limits\":{\"requestsPerMinute\":\"many\"}}", 400, "JSON" },
        { "PATCH", "api/keys/unknown", "{\"name\":\"x\"}", 404, "unknown" },
        { "DELETE", "api/keys/unknown", null, 404, "unknown" },
        { "PUT", "api/aliases/fast", "{\"model\":\"\"}", 400, "model" },
        { "PUT", "api/aliases/fast", "{\"model\":\"fast\"}", 400, "itself" },
        { "DELETE", "api/aliases/unknown", null, 404, "unknown" },
        { "PUT", "api/groups/best", "{\"models\":[]}", 400, "at least one" },
        { "PUT", "api/groups/best", "{\"models\":[\"a\",\"a\"]}", 400, "more than once" },
        { "PUT", "api/groups/best", "{\"models\":[\"a\"],\"policy\":\"Sometimes\"}", 400, "JSON" },
        { "GET", "api/groups/unknown", null, 404, "unknown" },
        { "PUT", "api/settings", "{\"defaultModel\":\"\"}", 400, "defaultModel" },
        { "PUT", "api/settings", "{\"maxWaitBeforeErrorSeconds\":-5}", 400, "3600" },
        { "PUT", "api/settings", "{\"strategy\":\"Fastest\"}", 400, "JSON" },
        { "POST", "internal/accounts/unknown/refresh", null, 404, "unknown" },
        { "POST", "internal/accounts/unknown/status", "{\"status\":\"Banned\"}", 404, "unknown" },
        { "POST", "internal/accounts/unknown/status", "{\"status\":42}", 400, "status" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task AdminApi_BadInput_Returns4xxProblemWithClearMessage(string method, string path, string? body, int status, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await cluster.Http().SendAsync(request, ct);
        var problem = await response.Content.ReadFromJsonAsync(AdminJsonContext.Default.AdminProblem, ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var message = $"{problem?.Title} {problem?.Detail} {string.Join(" ", problem?.Errors?.SelectMany(e => e.Value.Prepend(e.Key)) ?? [])}";
        Assert.Contains(expected, message, StringComparison.OrdinalIgnoreCase);
    }
}
