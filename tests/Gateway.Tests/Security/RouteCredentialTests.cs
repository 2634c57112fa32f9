using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Antigravity.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Antigravity.Gateway.Tests.Security;

/// <summary>
/// Every route the Gateway maps refuses a request without a credential (issue 15). The routes come from the app's
/// <see cref="EndpointDataSource"/>, so a new one is checked without being listed here; a new anonymous route has to be
/// named in <see cref="s_anonymous"/> on purpose. The admin view of <c>/account-limits</c> needs the admin credential.
/// </summary>
public sealed partial class RouteCredentialTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private const string AdminKey = "gateway-admin-key-0123456789abcdef";

    /// <summary>What Claude Code touches before it has a key (HEAD /, event logging) and the health probes.</summary>
    private static readonly string[] s_anonymous = ["/", "/api/event_logging/batch", "/health", "/alive"];

    /// <summary>WebSocket endpoints: browsers cannot set headers on a WebSocket, so the executor token comes in the first
    /// message (docs/executors.md, tested by ExecutorTests); a plain HTTP request is not an upgrade and gets 400.</summary>
    private static readonly string[] s_webSockets = ["/v1/executors/connect"];

    [Fact]
    public async Task EveryMappedRoute_WithoutACredentialOrWithAWrongOne_Answers401()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, configure: s =>
            s["Gateway:AdminKeySha256"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(AdminKey))));
        var routes = cluster.App(0).Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: "/" + e.RoutePattern.RawText!.Trim('/'))))
            .Where(r => !s_anonymous.Contains(r.Pattern) && !s_webSockets.Contains(r.Pattern))
            .ToList();
        Assert.Contains(routes, r => r is { Method: "POST", Pattern: "/v1/messages" });
        Assert.Contains(routes, r => r is { Method: "GET", Pattern: "/account-limits" });
        Assert.Contains(routes, r => r is { Method: "DELETE", Pattern: "/v1beta/cachedContents/{id}" });
        using var http = new HttpClient { BaseAddress = new Uri(cluster.Urls[0]) };
        var failures = new List<string>();
        foreach (var webSocket in s_webSockets)
        {
            using var plain = await http.GetAsync(webSocket, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        }

        foreach (var (method, pattern) in routes)
        {
            foreach (var (name, header, value) in new[] { ("none", "", ""), ("wrong x-api-key", "x-api-key", "wrong"), ("wrong bearer", "Authorization", "Bearer wrong"), ("wrong x-goog-api-key", "x-goog-api-key", "wrong") })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), Path(pattern) + "?format=table&pageSize=abc&alt=sse");
                if (header.Length > 0)
                {
                    request.Headers.TryAddWithoutValidation(header, value);
                }

                if (method is "POST" or "PUT" or "PATCH")
                {
                    // Truncated JSON: a route that read its body before the credential would answer 400, not 401.
                    request.Content = new StringContent("{\"truncated\":", Encoding.UTF8, "application/json");
                }

                using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
                var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                if (response.StatusCode != HttpStatusCode.Unauthorized || body.Contains("@example.com", StringComparison.Ordinal))
                {
                    failures.Add($"{method} {pattern} ({name}): {(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}");
                }
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task AccountLimits_OnlyTheAdminCredential_SeesTheAccounts()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, configure: s =>
            s["Gateway:AdminKeySha256"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(AdminKey))));
        var clientKey = await cluster.CreateApiKeyAsync();
        using var http = new HttpClient { BaseAddress = new Uri(cluster.Urls[0]) };
        var ct = TestContext.Current.CancellationToken;

        async Task<string> AsAsync(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/account-limits");
            request.Headers.Add("x-api-key", key);
            using var response = await http.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync(ct);
        }

        var asAdmin = JsonNode.Parse(await AsAsync(AdminKey))!;
        var asClient = await AsAsync(clientKey);
        var asBootstrap = await AsAsync(GatewayCluster.Key);

        Assert.NotEmpty(asAdmin["accounts"]!.AsArray());
        Assert.DoesNotContain("@", asClient, StringComparison.Ordinal);
        Assert.DoesNotContain("@", asBootstrap, StringComparison.Ordinal);
    }

    /// <summary>Route parameters get values that reach the handler: a real model and method, else <c>x</c>.</summary>
    private static string Path(string pattern) => Parameter().Replace(pattern, m => m.Value switch
    {
        "{target}" => "gemini-3-flash:generateContent",
        "{model}" => "gemini-3-flash",
        _ => "x",
    });

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
