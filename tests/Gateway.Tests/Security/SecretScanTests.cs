using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Secrets;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;
using Microsoft.Extensions.Logging;

namespace Antigravity.Gateway.Tests.Security;

/// <summary>
/// Issue 15's secret scan of the Gateway: requests of every front door with a client key, the bootstrap key and the
/// admin credential, a key in the query (<c>?key=</c>), wrong keys that contain the real ones, an upstream 401 that
/// refreshes the token through AccountService with the internal key, upstream 429 and 503, bad input. Then no secret
/// (nor an encoding of one) is in any log entry at Trace, activity, metric or error body (<see cref="SecretScan"/>).
/// </summary>
public sealed class SecretScanTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task GatewayFlows_WithKnownSecrets_LeaveNoneInLogsTracesMetricsOrErrorBodies()
    {
        var ct = TestContext.Current.CancellationToken;
        using var scan = new SecretScan();
        var bootstrap = "bootstrap-" + Guid.NewGuid().ToString("N");
        var admin = "admin-" + Guid.NewGuid().ToString("N");
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 0, configure: s =>
        {
            s["Gateway:BootstrapApiKey"] = bootstrap;
            s["Gateway:AdminKeySha256"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(admin)));
            s["Logging:LogLevel:Default"] = "Trace";
        });
        await using var accounts = await FakeAccountService.StartAsync(cluster);
        cluster.Settings["services:accountservice:http:0"] = accounts.Url;
        cluster.Settings["Internal:ApiKey"] = FakeAccountService.InternalKey;
        cluster.Customize = b => b.Logging.AddProvider(scan);
        await cluster.AddInstanceAsync();
        var clientKey = await cluster.CreateApiKeyAsync((ApiKeyFields.RequestsPerMinute, "1000"));
        using var http = new HttpClient { BaseAddress = new Uri(cluster.Urls[0]) };

        async Task SendAsync(HttpMethod method, string path, string? body, params (string Name, string Value)[] headers)
        {
            using var request = new HttpRequestMessage(method, path);
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
            }

            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                scan.Add($"{method} {path} {(int)response.StatusCode}", text + " " + response.Headers);
            }
        }

        const string Messages = """{"model":"claude-sonnet-4-6","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}""";
        const string Streamed = """{"model":"claude-sonnet-4-6","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}""";
        const string Chat = """{"model":"gemini-3-flash","messages":[{"role":"user","content":"hi"}]}""";
        const string Gemini = """{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}""";
        foreach (var key in new[] { clientKey, bootstrap })
        {
            await SendAsync(HttpMethod.Post, "/v1/messages", Messages, ("x-api-key", key), ("anthropic-version", "2023-06-01"));
            await SendAsync(HttpMethod.Post, "/v1/messages", Streamed, ("Authorization", "Bearer " + key), ("anthropic-version", "2023-06-01"));
            await SendAsync(HttpMethod.Post, "/v1/chat/completions", Chat, ("Authorization", "Bearer " + key));
            await SendAsync(HttpMethod.Post, "/v1/responses", """{"model":"gemini-3-flash","input":"hi"}""", ("Authorization", "Bearer " + key));
            await SendAsync(HttpMethod.Post, "/v1beta/models/gemini-3-flash:streamGenerateContent?alt=sse&key=" + Uri.EscapeDataString(key), Gemini);
            await SendAsync(HttpMethod.Post, "/v1beta/cachedContents?key=" + Uri.EscapeDataString(key), """{"model":"models/gemini-3-flash","contents":[{"role":"user","parts":[{"text":"x"}]}]}""");
            await SendAsync(HttpMethod.Get, "/account-limits?format=table", null, ("x-api-key", key));

            // Wrong keys that contain the real one: a gateway that logged or echoed what it was sent would show it.
            await SendAsync(HttpMethod.Post, "/v1/messages", Messages, ("x-api-key", key + "x"), ("anthropic-version", "2023-06-01"));
            await SendAsync(HttpMethod.Post, "/v1/chat/completions", Chat, ("Authorization", "Bearer x" + key));
            await SendAsync(HttpMethod.Post, "/v1beta/models/gemini-3-flash:generateContent?key=" + Uri.EscapeDataString(key + "x"), Gemini);
            await SendAsync(HttpMethod.Get, "/v1/responses/resp_x", null, ("Authorization", "Bearer " + key + "x"));
            await SendAsync(HttpMethod.Post, "/v1/messages", """{"model":"claude-sonnet-4-6","max_tokens":"many","messages":[]}""", ("x-api-key", key), ("anthropic-version", "2023-06-01"));
        }

        await SendAsync(HttpMethod.Get, "/account-limits", null, ("x-api-key", admin));
        await SendAsync(HttpMethod.Get, "/account-limits", null, ("Authorization", "Bearer " + admin + "x"));
        foreach (var reason in new[] { "UNAUTHENTICATED", "RESOURCE_EXHAUSTED", "UNAVAILABLE" })
        {
            fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = reason, Count = 3 });
            await SendAsync(HttpMethod.Post, "/v1/messages", Messages, ("x-api-key", clientKey), ("anthropic-version", "2023-06-01"));
            fixture.Sim.State.ClearFaults();
        }

        var secrets = await SecretsAsync(cluster, bootstrap, admin, clientKey);
        var leaks = scan.Leaks(secrets);

        Assert.True(accounts.Refreshes > 0, "the upstream 401 should have refreshed a token through AccountService");
        Assert.Contains("log", scan.Counts.Keys);
        Assert.Contains("activity", scan.Counts.Keys);
        Assert.Contains("metric", scan.Counts.Keys);
        Assert.Empty(leaks);
    }

    /// <summary>The secrets in play, by name: keys and credentials, the Secrets key, every account's refresh token and
    /// the access tokens the pool holds now (decrypted from Redis).</summary>
    private async Task<Dictionary<string, string>> SecretsAsync(GatewayCluster cluster, string bootstrap, string admin, string clientKey)
    {
        Assert.True(ApiKeyFormat.TryParse(clientKey, out _, out var clientSecret));
        var secrets = new Dictionary<string, string>
        {
            ["bootstrap key"] = bootstrap,
            ["admin key"] = admin,
            ["client key"] = clientKey,
            ["client key secret"] = clientSecret,
            ["internal key"] = FakeAccountService.InternalKey,
            ["secrets key"] = cluster.Settings["Secrets:Keys:k1"]!,
        };
        foreach (var (id, email) in cluster.Accounts)
        {
            var view = fixture.Sim.State.ListAccounts().Single(a => a.Email == email);
            foreach (var (token, i) in view.RefreshTokens.Select((t, i) => (t, i)))
            {
                secrets[$"{id} refresh token {i}"] = token;
            }

            var stored = await cluster.Db.HashGetAsync(RedisKeys.Account(id), AccountFields.AccessToken);
            secrets[$"{id} access token"] = cluster.Protector.Unprotect(stored.ToString(), SecretContexts.AccessToken(id));
        }

        return secrets;
    }
}
