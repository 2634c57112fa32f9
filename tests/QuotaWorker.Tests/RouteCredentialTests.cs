using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Antigravity.TestEnvironment;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Antigravity.QuotaWorker.Tests;

/// <summary>
/// Every route QuotaWorker maps refuses a request without the admin key, with a wrong one and with the internal key, as
/// 401 ProblemDetails and before it binds a parameter or reads a body (issue 15). The routes come from the app's
/// <see cref="EndpointDataSource"/>, so a new one is checked without being listed here; a new anonymous route has to be
/// named in <see cref="s_anonymous"/> on purpose.
/// </summary>
public sealed partial class RouteCredentialTests
{
    private static readonly string[] s_anonymous = ["/health", "/alive"];

    [Fact]
    public async Task EveryMappedRoute_WithoutTheAdminKey_Answers401ProblemDetails()
    {
        await using var worker = await WorkerApp.StartAsync(TestServers.UniquePrefix("qw-auth"));
        var routes = worker.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: "/" + e.RoutePattern.RawText!.Trim('/'))))
            .Where(r => !s_anonymous.Contains(r.Pattern))
            .ToList();
        Assert.Contains(routes, r => r is { Method: "GET", Pattern: "/api/logs" });
        Assert.Contains(routes, r => r is { Method: "POST", Pattern: "/api/pool/scan" });
        Assert.Contains(routes, r => r.Pattern.StartsWith("/openapi/", StringComparison.Ordinal));
        using var http = new HttpClient { BaseAddress = worker.Http.BaseAddress };
        var failures = new List<string>();

        foreach (var (method, pattern) in routes)
        {
            foreach (var (name, authorization) in new[] { ("none", null), ("wrong", "Bearer " + WorkerApp.AdminKey + "x"), ("internal", "Bearer " + WorkerApp.InternalKey), ("basic", "Basic " + WorkerApp.AdminKey) })
            {
                // Unbindable query values: a route that bound its parameters before the key check would answer 400.
                using var request = new HttpRequestMessage(new HttpMethod(method), Parameter().Replace(pattern, "x") + "?from=not-a-date&to=x&page=abc&pageSize=-1&accountId=x");
                if (authorization is not null)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", authorization);
                }

                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new StringContent("{\"truncated\":", Encoding.UTF8, "application/json");
                }

                using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
                var type = response.Content.Headers.ContentType?.MediaType;
                if (response.StatusCode != HttpStatusCode.Unauthorized || type != "application/problem+json")
                {
                    failures.Add($"{method} {pattern} ({name}): {(int)response.StatusCode} {type}");
                }
            }
        }

        Assert.Empty(failures);
    }

    [Theory]
    [InlineData(WorkerApp.AdminKey, HttpStatusCode.OK)]
    [InlineData(WorkerApp.AdminKey + "x", HttpStatusCode.Unauthorized)]
    [InlineData(WorkerApp.InternalKey, HttpStatusCode.Unauthorized)]
    public async Task AdminKey_AsXApiKey_IsCheckedLikeABearerKey(string key, HttpStatusCode expected)
    {
        await using var worker = await WorkerApp.StartAsync(TestServers.UniquePrefix("qw-auth"));
        using var http = new HttpClient { BaseAddress = worker.Http.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/stats/summary");
        request.Headers.Add("x-api-key", key);

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
