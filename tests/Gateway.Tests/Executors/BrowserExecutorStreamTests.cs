using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator.GeminiApi;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;

namespace Antigravity.Gateway.Tests.Executors;

/// <summary>
/// Streams through real executor tabs (issue 16): several at once through one tab and over two tabs (round-robin), each
/// chunk passed on as it comes, and a tab closed while its streams wait for their first chunk. The simulator's stream
/// hold (<c>/_sim/stream-hold</c>) stops every stream at the Gemini API the tabs call, so "the client has its first
/// chunk while the stream cannot have ended" is a fact to check, not a matter of timing.
/// </summary>
// Not on Redis Cluster yet, as ExecutorTests.
[Trait("RedisCluster", "skip")]
public sealed class BrowserExecutorStreamTests(BrowserExecutorFixture fixture) : IClassFixture<BrowserExecutorFixture>, IAsyncDisposable
{
    private const int Words = 60;
    private static readonly TimeSpan s_pongTimeout = TimeSpan.FromSeconds(2);
    private static readonly string s_answer = string.Join(' ', Enumerable.Range(1, Words).Select(i => $"word{i}"));

    [Fact]
    public async Task SixConcurrentStreams_ThroughOneTab_EachClientHasItsFirstChunkWhileTheStreamIsHeld_AndTheWholeAnswerInOrder()
    {
        await using var cluster = await fixture.StartClusterAsync(s_pongTimeout, BrowserExecutorTests.Model);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        var tab = await fixture.OpenTabAsync(cluster, 0, token, "tab-s");

        // Six: a tab holds at most 6 HTTP/1.1 connections to the simulator (docs/executors.md, "Concurrency").
        var run = await RunHeldStreamsAsync(cluster, 6, StreamHold.AfterFirstChunk, [tab]);

        AssertEveryStreamWhole(run, 6);
        Assert.Equal([6], run.InFlight);
        Assert.Equal(6, await Poll.UntilAsync(tab.ServedAsync, s => s >= 6));
    }

    [Fact]
    public async Task EightConcurrentStreams_OverTwoTabsOnTwoReplicas_SplitFourAndFour_EachClientHasItsFirstChunkWhileHeld()
    {
        await using var cluster = await fixture.StartClusterAsync(s_pongTimeout, BrowserExecutorTests.Model);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        ExecutorTab[] tabs = [await fixture.OpenTabAsync(cluster, 0, token, "tab-a"), await fixture.OpenTabAsync(cluster, 1, token, "tab-b")];

        var run = await RunHeldStreamsAsync(cluster, 8, StreamHold.AfterFirstChunk, tabs);

        AssertEveryStreamWhole(run, 8);
        // All eight in flight at once: round-robin alternates the two tabs (the least loaded on a tie), 4 and 4.
        Assert.Equal([4, 4], run.InFlight);
        var served = await Poll.UntilAsync(() => Task.WhenAll(tabs.Select(t => t.ServedAsync())), s => s.Sum() >= 8);
        Assert.Equal([4, 4], served);
    }

    [Fact]
    public async Task ClosingATab_WhileItsStreamsWaitForTheirFirstChunk_MovesThemToTheOtherTab_AndNoneFails()
    {
        await using var cluster = await fixture.StartClusterAsync(s_pongTimeout, BrowserExecutorTests.Model);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        var closing = await fixture.OpenTabAsync(cluster, 0, token, "tab-closing");
        var kept = await fixture.OpenTabAsync(cluster, 1, token, "tab-kept");
        fixture.Sim.State.StreamHold.Set(StreamHold.BeforeFirstChunk);
        var readyFile = Path.Combine(Path.GetTempPath(), $"executor-streams-{Guid.NewGuid():N}.json");

        var run = BrowserExecutorFixture.RunNodeAsync(cluster, "executors.cjs", "streams", Settings(6, readyFile));
        try
        {
            // Every stream is at the Gemini API, none has a byte of its answer: three on each tab.
            var atClose = await Poll.UntilAsync(async () => (Held: fixture.Sim.State.StreamHold.Held, Closing: await closing.InFlightAsync(), Kept: await kept.InFlightAsync(), Done: run.IsCompleted),
                s => s.Done || (s.Held == 6 && s.Closing == 3 && s.Kept == 3), TimeSpan.FromSeconds(60));
            Assert.Equal((6, 3, 3, false), atClose);
            Assert.Equal(0, await closing.ServedAsync());
            await closing.CloseAsync();
            // The closed tab's three move to the kept one, before the hold is lifted: a failover, not a late start.
            await Poll.UntilAsync(async () => (InFlight: await kept.InFlightAsync(), Done: run.IsCompleted), s => s.Done || s.InFlight == 6, TimeSpan.FromSeconds(60));
        }
        finally
        {
            fixture.Sim.State.StreamHold.Set(StreamHold.None);
        }

        var results = (await run).AsArray().Skip(1).Select(r => r!).ToList();
        File.Delete(readyFile);
        Assert.Equal(6, results.Count);
        Assert.All(results, r => Assert.True(r["ok"]!.GetValue<bool>(), r.ToJsonString()));
        Assert.All(results, r => Assert.Equal(s_answer, r["text"]!.GetValue<string>()));
        Assert.Equal(6, await Poll.UntilAsync(kept.ServedAsync, s => s >= 6));
        await Poll.UntilAsync(() => BrowserExecutorFixture.LiveIdAsync(cluster, closing.Name), id => id is null);
    }

    /// <summary>
    /// Measured, not asserted (issue 16's closing note: how many concurrent streams one tab sustains): run explicitly with
    /// <c>--filter-method '*MeasureConcurrentStreamsThroughOneTab' --explicit on</c>. One tab (maxConcurrency 1000) takes
    /// N concurrent streams of 60 words paced 20 ms a chunk by the simulator, from both replicas; the tab runs 6 at a time
    /// against the simulator's HTTP/1.1 (the browser's connection limit) and queues the rest. Figures go to
    /// artifacts/test-output/executors-e2e.txt.
    /// </summary>
    [Fact(Explicit = true)]
    public async Task MeasureConcurrentStreamsThroughOneTab()
    {
        await using var cluster = await fixture.StartClusterAsync(s_pongTimeout, BrowserExecutorTests.Model);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        var tab = await fixture.OpenTabAsync(cluster, 0, token, "tab-m", maxConcurrency: 1000);
        fixture.Sim.State.Latency = new() { ChunkIntervalMs = 20 };
        foreach (var count in new[] { 1, 6, 24, 96 })
        {
            var readyFile = Path.Combine(Path.GetTempPath(), $"executor-streams-{Guid.NewGuid():N}.json");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var results = (await BrowserExecutorFixture.RunNodeAsync(cluster, "executors.cjs", "streams", Settings(count, readyFile))).AsArray().Skip(1).Select(r => r!).ToList();
            var wall = clock.Elapsed;
            File.Delete(readyFile);
            var ok = results.Where(r => r["ok"]!.GetValue<bool>() && r["text"]!.GetValue<string>() == s_answer).ToList();
            var ms = ok.Select(r => r["ms"]!.GetValue<double>()).Order().ToList();
            BrowserExecutorFixture.Report($"ONE-TAB-STREAMS {count} concurrent: {ok.Count} whole, {results.Count - ok.Count} failed, wall {wall.TotalSeconds:0.00} s, per stream " +
                (ms.Count == 0 ? "-" : $"p50 {ms[ms.Count / 2]:0} ms, p99 {ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(ms.Count * 0.99) - 1)]:0} ms, max {ms[^1]:0} ms"));
        }

        // How many of one tab's streams reach the Gemini API at once: 16 streams held after their first chunk; the count
        // of held streams stops growing at the browser's connection limit (read twice, a second apart: a measurement).
        fixture.Sim.State.Latency = new();
        fixture.Sim.State.StreamHold.Set(StreamHold.AfterFirstChunk);
        var file = Path.Combine(Path.GetTempPath(), $"executor-streams-{Guid.NewGuid():N}.json");
        var held = BrowserExecutorFixture.RunNodeAsync(cluster, "executors.cjs", "streams", Settings(16, file));
        var before = -1;
        var now = 0;
        while (now != before || now == 0)
        {
            before = now;
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
            now = fixture.Sim.State.StreamHold.Held;
        }
        var inFlight = await tab.InFlightAsync();
        fixture.Sim.State.StreamHold.Set(StreamHold.None);
        var released = (await held).AsArray().Skip(1).Count(r => r!["ok"]!.GetValue<bool>());
        File.Delete(file);
        BrowserExecutorFixture.Report($"ONE-TAB-CONNECTIONS 16 streams through one tab: {inFlight} in flight at the tab, {now} at the Gemini API at once; {released} whole after release");
        Assert.True(await tab.ServedAsync() > 0);
    }

    public async ValueTask DisposeAsync() => await fixture.CloseTabsAsync();

    /// <summary>
    /// Holds the simulator's streams at <paramref name="hold"/>, starts <paramref name="count"/> streams (Gemini and
    /// OpenAI doors, alternating replicas) and, once every client has its first chunk (the script writes its ready
    /// file), reads how many streams the simulator holds and each tab's in-flight count, then lifts the hold.
    /// </summary>
    private async Task<HeldRun> RunHeldStreamsAsync(GatewayCluster cluster, int count, string hold, ExecutorTab[] tabs)
    {
        fixture.Sim.State.StreamHold.Set(hold);
        var readyFile = Path.Combine(Path.GetTempPath(), $"executor-streams-{Guid.NewGuid():N}.json");
        var run = BrowserExecutorFixture.RunNodeAsync(cluster, "executors.cjs", "streams", Settings(count, readyFile));
        int held;
        int[] inFlight;
        try
        {
            await Poll.UntilAsync(() => Task.FromResult(File.Exists(readyFile) || run.IsCompleted), done => done, TimeSpan.FromSeconds(120));
            held = fixture.Sim.State.StreamHold.Held;
            inFlight = await Task.WhenAll(tabs.Select(t => t.InFlightAsync()));
        }
        finally
        {
            fixture.Sim.State.StreamHold.Set(StreamHold.None);
        }

        var output = (await run).AsArray();
        File.Delete(readyFile);
        return new HeldRun(output[0]!["ready"]!, [.. output.Skip(1).Select(r => r!)], held, inFlight);
    }

    private static Dictionary<string, string> Settings(int count, string readyFile) => new()
    {
        ["STREAMS"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OPS"] = "stream,chatStream",
        ["WORDS"] = Words.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["READY_FILE"] = readyFile,
    };

    private static void AssertEveryStreamWhole(HeldRun run, int count)
    {
        // Every client had a chunk while every stream was held at the Gemini API: nothing was buffered whole.
        Assert.Equal((count, 0), (run.Ready["started"]!.GetValue<int>(), run.Ready["endedBeforeRelease"]!.GetValue<int>()));
        Assert.Equal(count, run.Held);
        Assert.Equal(count, run.Results.Count);
        Assert.All(run.Results, r => Assert.True(r["ok"]!.GetValue<bool>(), r.ToJsonString()));
        // In order and whole: the scripted answer is word1 … word60, in many chunks.
        Assert.All(run.Results, r => Assert.Equal(s_answer, r["text"]!.GetValue<string>()));
        Assert.All(run.Results, r => Assert.True(r["chunks"]!.GetValue<int>() > 1, r.ToJsonString()));
        Assert.Equal(["chatStream", "stream"], run.Results.Select(r => r["op"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal));
    }

    private sealed record HeldRun(JsonNode Ready, List<JsonNode> Results, int Held, int[] InFlight);
}
