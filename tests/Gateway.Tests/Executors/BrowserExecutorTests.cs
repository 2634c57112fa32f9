using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator.Control;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Executors;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;
using Microsoft.Playwright;
using StackExchange.Redis;

namespace Antigravity.Gateway.Tests.Executors;

/// <summary>
/// Issue 16 end to end: the real executor app, bundled and served by the gateway at <c>/executor/</c>, open in Chromium
/// tabs connected to two gateway replicas and calling the simulator's public Gemini API with <c>@google/genai</c>; the
/// Google GenAI and OpenAI SDKs (node) send their requests through the replicas to those tabs.
/// </summary>
// Not on Redis Cluster yet, as ExecutorTests: the cross-replica task channel counts PUBLISH's receivers.
[Trait("RedisCluster", "skip")]
public sealed class BrowserExecutorTests(BrowserExecutorFixture fixture) : IClassFixture<BrowserExecutorFixture>, IAsyncDisposable
{
    public const string Model = "gemini-2.5-flash";
    private static readonly TimeSpan s_pongTimeout = TimeSpan.FromSeconds(2);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SdkClients_ThroughThreeTabsOnTwoReplicas_GenerateStreamAndCountTokens_SpreadOverEveryTab()
    {
        await using var cluster = await StartAsync();
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        ExecutorTab[] tabs =
        [
            await fixture.OpenTabAsync(cluster, 0, token, "tab-1"),
            await fixture.OpenTabAsync(cluster, 0, token, "tab-2"),
            await fixture.OpenTabAsync(cluster, 1, token, "tab-3"),
        ];

        var results = await RunClientsAsync(cluster, "mix");

        Assert.Equal(30, results.Count); // 3 rounds × 2 replicas × 5 operations
        Assert.All(results, r => Assert.True(r["ok"]!.GetValue<bool>(), r.ToJsonString()));
        Assert.All(results.Where(r => r["op"]!.GetValue<string>() != "countTokens"),
            r => Assert.Contains("Cloud Code simulator", r["text"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.All(results.Where(r => r["op"]!.GetValue<string>() == "countTokens"), r => Assert.True(r["totalTokens"]!.GetValue<int>() > 0));
        var served = await Poll.UntilAsync(() => ServedAsync(tabs), s => s.Sum() == results.Count);
        Assert.All(served, s => Assert.True(s > 0, $"served per tab: {string.Join(", ", served)}"));
        // The tabs did the work, on the simulator's public Gemini API; nothing went to the Cloud Code pool.
        Assert.All(cluster.Generations(), g => Assert.Equal("generativelanguage", g.Host));
        Assert.Equal(results.Count(r => r["op"]!.GetValue<string>() != "countTokens"), cluster.Generations().Count);
        Report($"SDK mix through 3 tabs on 2 replicas: {results.Count} requests, served per tab {string.Join(" / ", served)}");
    }

    [Fact]
    public async Task ClosingATabMidLoad_NoStreamFailsBeforeItsFirstChunk()
    {
        var results = await CloseATabMidLoadAsync("stream,chatStream");

        var failedBeforeStreaming = results.Where(r => !r["ok"]!.GetValue<bool>() && !r["started"]!.GetValue<bool>()).ToList();
        Assert.True(failedBeforeStreaming.Count == 0, string.Join("\n", failedBeforeStreaming.Select(r => r.ToJsonString())));
    }

    [Fact]
    public async Task ClosingATabMidLoad_NoUnaryRequestFails()
    {
        var results = await CloseATabMidLoadAsync("generate,chat");

        var failed = results.Where(r => !r["ok"]!.GetValue<bool>()).ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed.Select(r => r.ToJsonString())));
    }

    [Fact]
    public async Task TabThatStopsAnsweringPings_LeavesRotation_AndComesBackWhenItWakes()
    {
        await using var cluster = await StartAsync();
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        var frozen = await fixture.OpenTabAsync(cluster, 0, token, "tab-frozen");
        var healthy = await fixture.OpenTabAsync(cluster, 1, token, "tab-ok");
        // A hung tab: its JavaScript stops (the debugger pauses at the next statement, the handler of the next ping).
        var cdp = await frozen.Page.Context.NewCDPSessionAsync(frozen.Page);
        await cdp.SendAsync("Debugger.enable");
        var clock = Stopwatch.StartNew();
        await cdp.SendAsync("Debugger.pause");

        await Poll.UntilAsync(async () => await cluster.Db.SortedSetScoreAsync(RedisKeys.ExecutorsLive, frozen.Id), s => s is null);
        var leftAfter = clock.Elapsed;
        for (var i = 0; i < 4; i++)
        {
            var (status, body) = await GenerateAsync(cluster, i % 2);
            Assert.True(status == HttpStatusCode.OK, body);
        }

        Assert.Equal(4, await Poll.UntilAsync(healthy.ServedAsync, s => s >= 4));
        await cdp.SendAsync("Debugger.resume");
        var newId = await BrowserExecutorFixture.IdOfAsync(cluster, frozen.Name);
        await Assertions.Expect(frozen.Page.Locator("#state")).ToHaveTextAsync("connected");
        Assert.NotEqual(frozen.Id, newId);
        Assert.Equal(0, await frozen.ServedAsync());
        Report($"Frozen tab left rotation {leftAfter.TotalSeconds:0.0} s after it stopped (PongTimeout {s_pongTimeout.TotalSeconds:0} s, pings every 250 ms)");
    }

    [Fact]
    public async Task RevokedToken_DisconnectsItsTab_AndATabOnReplicaAServesARequestThatArrivedAtReplicaB()
    {
        await using var cluster = await StartAsync();
        var (revokedId, revoked) = await ExecutorTests.CreateTokenAsync(cluster);
        var (_, kept) = await ExecutorTests.CreateTokenAsync(cluster);
        var onB = await fixture.OpenTabAsync(cluster, 1, revoked, "tab-revoked");
        var onA = await fixture.OpenTabAsync(cluster, 0, kept, "tab-kept");

        await cluster.Db.HashSetAsync(RedisKeys.ExecutorToken(revokedId), ExecutorTokenFields.RevokedAt, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await cluster.Db.PublishAsync(RedisChannel.Literal(RedisKeys.ExecutorTokenRevokedChannel), revokedId); // the prefixed database prefixes the channel

        await Assertions.Expect(onB.Page.Locator("#state")).ToHaveTextAsync("refused");
        await Poll.UntilAsync(async () => await cluster.Db.SortedSetScoreAsync(RedisKeys.ExecutorsLive, onB.Id), s => s is null);
        var (status, body) = await GenerateAsync(cluster, replica: 1);
        Assert.True(status == HttpStatusCode.OK, body);
        Assert.Contains("Cloud Code simulator", body, StringComparison.Ordinal);
        Assert.Equal(1, await Poll.UntilAsync(onA.ServedAsync, s => s >= 1));
        Assert.Equal(0, await onB.ServedAsync());
    }

    public async ValueTask DisposeAsync() => await fixture.CloseTabsAsync();

    /// <summary>
    /// Three tabs on two replicas; 9 clients send 8 requests each (cycling through <paramref name="operations"/>, alternating
    /// replicas) while one tab is closed with requests in flight, some of them past their first chunk. Returns what the
    /// clients saw; every answer that arrived is whole.
    /// </summary>
    private async Task<List<JsonNode>> CloseATabMidLoadAsync(string operations)
    {
        await using var cluster = await StartAsync();
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        var kept1 = await fixture.OpenTabAsync(cluster, 0, token, "tab-1");
        var closing = await fixture.OpenTabAsync(cluster, 0, token, "tab-2");
        var kept2 = await fixture.OpenTabAsync(cluster, 1, token, "tab-3");
        // Answers long enough (15 chunks, 30 ms apart) that the closed tab has several in flight.
        fixture.Sim.State.Latency = new LatencySettings { FirstChunkDelayMs = 20, ChunkIntervalMs = 30 };

        var load = RunClientsAsync(cluster, "load", new() { ["WORKERS"] = "9", ["PER_WORKER"] = "8", ["OPS"] = operations });
        await Poll.UntilAsync(async () => (Served: await closing.ServedAsync(), InFlight: await InFlightAsync(closing)),
            s => s.Served >= 3 && s.InFlight >= 2);
        var inFlightAtClose = await InFlightAsync(closing);
        var servedBeforeClose = await closing.ServedAsync();
        await closing.CloseAsync();
        var results = await load;

        Assert.Equal(72, results.Count);
        Assert.All(results.Where(r => r["ok"]!.GetValue<bool>()), r => Assert.NotEmpty(r["text"]!.GetValue<string>()));
        await Poll.UntilAsync(() => BrowserExecutorFixture.LiveIdAsync(cluster, closing.Name), id => id is null);
        var served = await ServedAsync([kept1, kept2]);
        Report($"Tab closed mid-load ({operations}): {results.Count} requests, {results.Count(r => !r["ok"]!.GetValue<bool>())} failed, " +
            $"{results.Count(r => !r["ok"]!.GetValue<bool>() && !r["started"]!.GetValue<bool>())} of them before their first chunk " +
            $"(the closed tab had {inFlightAtClose} in flight); served: tab-1 {served[0]}, tab-2 {servedBeforeClose} before it was closed, tab-3 {served[1]}");
        return results;
    }

    private Task<GatewayCluster> StartAsync() => fixture.StartClusterAsync(s_pongTimeout, Model);

    /// <summary>Runs a scenario of Clients/executors.cjs against both replicas; returns its requests' results.</summary>
    private static async Task<List<JsonNode>> RunClientsAsync(GatewayCluster cluster, string scenario, Dictionary<string, string>? extra = null) =>
        [.. (await BrowserExecutorFixture.RunNodeAsync(cluster, "executors.cjs", scenario, extra)).AsArray().Select(r => r!)];

    /// <summary>One Gemini generateContent through <paramref name="replica"/>'s Gemini door.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> GenerateAsync(GatewayCluster cluster, int replica)
    {
        using var client = ExecutorTests.GeminiClient(cluster, replica);
        using var response = await client.PostAsync($"/v1beta/models/{Model}:generateContent",
            ExecutorTests.Json("""{"contents":[{"role":"user","parts":[{"text":"Say hi"}]}]}"""), Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<int[]> ServedAsync(IEnumerable<ExecutorTab> tabs) => await Task.WhenAll(tabs.Select(t => t.ServedAsync()));

    private static async Task<int> InFlightAsync(ExecutorTab tab) =>
        int.Parse(await tab.Page.Locator("#inflight").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

    private static void Report(string line) => BrowserExecutorFixture.Report(line);
}
