using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Antigravity.ClusterState.Accounts;

namespace Antigravity.AppHost.Tests;

/// <summary>
/// Real requests through the cluster: the gateway's load balancer with the cluster's API key, the demo accounts the
/// AppHost signed in, QuotaWorker's scans, and AccountService refreshing tokens at the simulator's OAuth endpoint.
/// </summary>
public sealed partial class ClusterTests
{
    private const string Model = "claude-sonnet-4-6";
    private static readonly string[] s_demoEmails = ["demo1@example.com", "demo2@example.com", "demo3@example.com"];

    [Fact, Order(10)]
    public async Task Messages_NonStreaming_AnsweredByASignedInDemoAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        var accounts = await Admin().ListAccountsAsync(ct);
        Assert.Equal(s_demoEmails, accounts.Select(a => a.Email).Order());
        Assert.All(accounts, a => Assert.Equal(AccountStatus.Active, a.Status));
        var since = await LastSimSequenceAsync();

        using var response = await PostMessagesAsync(stream: false, "Say hello");
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}\n{cluster.Tail}");
        var message = JsonNode.Parse(body)!;
        Assert.Equal("message", (string?)message["type"]);
        Assert.Equal("assistant", (string?)message["role"]);
        Assert.False(string.IsNullOrWhiteSpace(string.Concat(message["content"]!.AsArray().Select(b => (string?)b!["text"]))), body);
        Assert.True((int)message["usage"]!["output_tokens"]! > 0, body);
        var generations = Generations(await SimRequestsAsync(since));
        Assert.Contains(generations, g => g.Status == 200 && s_demoEmails.Contains(g.Account));
    }

    [Fact, Order(11)]
    public async Task Messages_Streaming_EventSequenceWithTextThroughTheLoadBalancer()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await PostMessagesAsync(stream: true, "Tell me a short story");
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}\n{cluster.Tail}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = Sse(body);
        Assert.Equal("message_start", events[0].Name);
        Assert.Equal("message_stop", events[^1].Name);
        Assert.Contains(events, e => e.Name == "message_delta");
        Assert.DoesNotContain(events, e => e.Name == "error");
        var text = string.Concat(events.Where(e => e.Name == "content_block_delta" && (string?)e.Data["delta"]!["type"] == "text_delta")
            .Select(e => (string?)e.Data["delta"]!["text"]));
        Assert.False(string.IsNullOrWhiteSpace(text), body);
    }

    [Fact, Order(12)]
    public async Task AccountLimits_AfterQuotaWorkerScans_ListEveryDemoAccountWithQuota()
    {
        JsonNode? limits = null;
        var deadline = Stopwatch.StartNew();
        while (!EveryDemoAccountHasQuota(limits))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"no quota for every demo account within 60 s: {limits?.ToJsonString()}\n{cluster.Tail}");
            if (limits is not null)
            {
                await Task.Delay(500, TestContext.Current.CancellationToken);
            }

            // The admin's view (accounts behind the pool): the gateway knows the admin key by its hash only.
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cluster.LoadBalancer, "/account-limits"));
            request.Headers.Add("x-api-key", cluster.AdminApiKey);
            using var response = await cluster.Http.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            limits = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        var accounts = limits!["accounts"]!.AsArray();
        Assert.Equal(s_demoEmails, accounts.Select(a => (string?)a!["email"]).Order());
        Assert.All(accounts, a => Assert.Equal("active", (string?)a!["status"]));
        Assert.All(accounts, a => Assert.Contains(a!["models"]!.AsArray(), m => (string?)m!["model"] == Model && (double?)m["remainingFraction"] > 0));
    }

    /// <summary>
    /// The access token was obtained moments ago (an operator's refresh), then the upstream revokes it: the gateway's 401
    /// must still get a NEW token from AccountService (not the just-refreshed, rejected one) and the retry succeeds.
    /// </summary>
    [Fact, Order(13)]
    public async Task Messages_UpstreamRevokesAFreshAccessToken_RefreshedThroughAccountServiceAndRetried()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.All(await Admin().RefreshAllAccountsAsync(ct), r => Assert.True(r.Ok, r.Message));
        foreach (var email in s_demoEmails)
        {
            await SimPostAsync($"/_sim/accounts/{email}/revoke-access-tokens");
        }

        var since = await LastSimSequenceAsync();

        using var response = await PostMessagesAsync(stream: false, "hello after a revocation");

        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}\n{cluster.Tail}");
        // The simulator cannot name the account of a token it does not know, so the 401 is recognised by its place: the
        // first call after the revocation is rejected, then the served account's token is refreshed, then it serves.
        var calls = await SimRequestsAsync(since);
        var generations = Generations(calls);
        Assert.Equal(401, generations[0].Status);
        var served = generations.Single(g => g.Status == 200);
        Assert.Contains(calls, c => c.Method == "token" && c.Account == served.Account && c.Status == 200
            && c.Sequence > generations[0].Sequence && c.Sequence < served.Sequence);
    }

    /// <summary>Google refuses the account's refresh token (invalid_grant): AccountService marks it invalid, the request is
    /// served by another account, and later requests never go to it.</summary>
    [Fact, Order(14)]
    public async Task Messages_RefreshTokenRevoked_AccountMarkedInvalidAndRequestServedByAnother()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Revoked = "demo3@example.com";
        var account = (await Admin().ListAccountsAsync(ct)).Single(a => a.Email == Revoked);
        await SimPostAsync($"/_sim/accounts/{Revoked}/revoke-refresh-tokens");
        await SimPostAsync($"/_sim/accounts/{Revoked}/revoke-access-tokens");
        var since = await LastSimSequenceAsync();

        // Sessionless requests rotate over the accounts, so one of the first three tries the revoked one first.
        for (var i = 0; i < 3; i++)
        {
            using var response = await PostMessagesAsync(stream: false, $"hello {i}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"request {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}\n{cluster.Tail}");
        }

        var generations = Generations(await SimRequestsAsync(since));
        Assert.DoesNotContain(generations, g => g.Account == Revoked && g.Status == 200);
        Assert.Equal(3, generations.Count(g => g.Status == 200));
        var marked = await Admin().GetAccountAsync(account.Id, ct);
        Assert.Equal(AccountStatus.Invalid, marked.Status);
        Assert.Contains("invalid_grant", marked.StatusReason);

        // QuotaWorker's request log (from the gateway's RequestCompleted events) shows the request that tried it first.
        var entry = await UntilLoggedAsync(e => (int?)e["status"] == 200
            && e["accountsTried"]!.AsArray().Select(a => (string?)a).Contains(account.Id) && (string?)e["accountId"] != account.Id);
        Assert.Equal(account.Id, (string?)entry["accountsTried"]![0]);
    }

    private async Task<JsonNode> UntilLoggedAsync(Func<JsonNode, bool> match)
    {
        using var http = new HttpClient { BaseAddress = cluster.QuotaWorker };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", cluster.AdminApiKey);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var page = await http.GetFromJsonAsync<JsonNode>("/api/logs?pageSize=100", TestContext.Current.CancellationToken);
            if (page!["items"]!.AsArray().FirstOrDefault(e => match(e!)) is { } found)
            {
                return found;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"no such request-log entry within 30 s: {page.ToJsonString()}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    private async Task<HttpResponseMessage> PostMessagesAsync(bool stream, string text)
    {
        var body = new JsonObject
        {
            ["model"] = Model,
            ["max_tokens"] = 256,
            ["stream"] = stream,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(cluster.LoadBalancer, "/v1/messages"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", cluster.ApiKey);
        request.Headers.Add("anthropic-version", "2023-06-01");
        return await cluster.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static bool EveryDemoAccountHasQuota(JsonNode? limits) =>
        limits?["accounts"] is JsonArray accounts
        && s_demoEmails.All(email => accounts.Any(a => (string?)a!["email"] == email
            && a["models"]!.AsArray().Any(m => (string?)m!["model"] == Model && (double?)m["remainingFraction"] > 0)));

    private static List<(string Name, JsonNode Data)> Sse(string body) =>
        [.. body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(frame => frame.Split('\n'))
            .Where(lines => lines.Any(l => l.StartsWith("event: ", StringComparison.Ordinal)))
            .Select(lines => (
                lines.First(l => l.StartsWith("event: ", StringComparison.Ordinal))["event: ".Length..],
                JsonNode.Parse(lines.First(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..])!))];

    private async Task SimPostAsync(string path)
    {
        using var response = await cluster.Http.PostAsync(new Uri(cluster.Simulator, path), null, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
    }

    private async Task<long> LastSimSequenceAsync() => (await SimRequestsAsync(0)).Select(r => r.Sequence).DefaultIfEmpty(0).Max();

    /// <summary>What the simulator received after <paramref name="since"/> (its request log), in order.</summary>
    private async Task<List<SimRequest>> SimRequestsAsync(long since)
    {
        var all = await cluster.Http.GetFromJsonAsync<JsonArray>(new Uri(cluster.Simulator, "/_sim/requests"), TestContext.Current.CancellationToken);
        return [.. all!.Select(r => new SimRequest((long)r!["sequence"]!, (string)r["method"]!, (string?)r["account"], (int)r["status"]!))
            .Where(r => r.Sequence > since).OrderBy(r => r.Sequence)];
    }

    private static List<SimRequest> Generations(IEnumerable<SimRequest> requests) =>
        [.. requests.Where(r => r.Method is "streamGenerateContent" or "generateContent")];

    private sealed record SimRequest(long Sequence, string Method, string? Account, int Status);
}
