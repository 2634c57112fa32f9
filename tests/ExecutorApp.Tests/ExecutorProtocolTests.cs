using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator;
using Antigravity.CloudCodeSimulator.Control;
using Antigravity.ExecutorApp.Tests.Infrastructure;
using Antigravity.TestEnvironment;
using static Microsoft.Playwright.Assertions;

namespace Antigravity.ExecutorApp.Tests;

/// <summary>The executor app in Chromium against the gateway's side of docs/executors.md (protocol version 1) and the
/// simulator's public Gemini API on another origin.</summary>
public sealed class ExecutorProtocolTests(ExecutorFixture fixture) : IClassFixture<ExecutorFixture>
{
    private static readonly string[] s_operations =
    [
        "generateContent", "streamGenerateContent", "countTokens", "embedContent", "models.list", "models.get",
        "files.upload", "files.list", "files.get", "files.delete",
        "caches.create", "caches.list", "caches.get", "caches.update", "caches.delete",
    ];

    [Fact]
    public async Task Hello_FirstFrame_CarriesTokenModelsOperationsAndVersion_AndPingsArePonged()
    {
        await using var gateway = await FakeGateway.StartAsync();
        var page = await fixture.OpenAsync(gateway, query: "&models=gemini-2.5-flash,%20gemini-3-flash&maxConcurrency=4");
        var socket = await gateway.NextAsync();

        var hello = await socket.AcceptAsync();
        await socket.SendAsync(new JsonObject { ["type"] = "ping", ["id"] = "p-1" });
        var pong = await socket.ReceiveAsync();

        Assert.Equal("hello", (string?)hello["type"]);
        Assert.Equal("agx_test-token", (string?)hello["token"]);
        Assert.Equal("tab-1", (string?)hello["name"]);
        Assert.Equal(1, (int)hello["version"]!);
        Assert.Equal(["gemini-2.5-flash", "gemini-3-flash"], hello["models"]!.AsArray().Select(m => (string?)m));
        Assert.Equal(s_operations, hello["operations"]!.AsArray().Select(o => (string?)o));
        Assert.Equal(4, (int)hello["maxConcurrency"]!);
        Assert.Equal("pong", (string?)pong["type"]);
        Assert.Equal("p-1", (string?)pong["id"]);
        await Expect(page.Locator("#state")).ToHaveTextAsync("connected");
        await Expect(page.Locator("#log")).Not.ToContainTextAsync("agx_test-token");
    }

    [Fact]
    public async Task GenerateContentTask_AgainstTheGeminiApi_ResultIsRestJson()
    {
        await using var gateway = await FakeGateway.StartAsync();
        var page = await fixture.OpenAsync(gateway);
        var socket = await gateway.NextAsync();
        await socket.AcceptAsync();

        await socket.SendAsync(Task("t-1", "generateContent", "gemini-2.5-flash", new JsonObject
        {
            ["contents"] = Contents("Say hi"),
            ["generationConfig"] = new JsonObject { ["maxOutputTokens"] = 500 },
        }));
        var result = await socket.ReceiveAsync();

        Assert.Equal("result", (string?)result["type"]);
        Assert.Equal("t-1", (string?)result["id"]);
        var data = result["data"]!.AsObject();
        Assert.False(data.ContainsKey("sdkHttpResponse"));
        Assert.StartsWith("Hello from the Cloud Code simulator, answering as gemini-2.5-flash", (string?)data["candidates"]![0]!["content"]!["parts"]!.AsArray().Last()!["text"], StringComparison.Ordinal);
        Assert.Equal("STOP", (string?)data["candidates"]![0]!["finishReason"]);
        Assert.True((int)data["usageMetadata"]!["totalTokenCount"]! > 0);
        Assert.Equal("gemini-2.5-flash", (string?)data["modelVersion"]);
        var received = fixture.Sim.State.GetRequests().Last(r => r.Host == "generativelanguage" && r.Method == "generateContent");
        Assert.Contains("\"maxOutputTokens\":500", received.Body, StringComparison.Ordinal);
        await Expect(page.Locator("#served")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task StreamTask_SendsEachChunkThenAResultWithoutData()
    {
        await using var gateway = await FakeGateway.StartAsync();
        await fixture.OpenAsync(gateway);
        var socket = await gateway.NextAsync();
        await socket.AcceptAsync();

        await socket.SendAsync(Task("t-2", "streamGenerateContent", "gemini-3-flash", new JsonObject { ["contents"] = Contents("[[words:40]]") }));
        var frames = await socket.ReceiveUntilAsync(f => (string?)f["type"] != "chunk");

        Assert.Equal("result", (string?)frames[^1]["type"]);
        Assert.Null(frames[^1]["data"]);
        var chunks = frames[..^1];
        Assert.True(chunks.Count > 5, $"{chunks.Count} chunks");
        Assert.All(chunks, c => Assert.Equal("t-2", (string?)c["id"]));
        Assert.All(chunks, c => Assert.False(c["data"]!.AsObject().ContainsKey("sdkHttpResponse")));
        var text = string.Concat(chunks.SelectMany(c => c["data"]!["candidates"]![0]!["content"]!["parts"]?.AsArray() ?? [])
            .Where(p => p!["thought"] is null).Select(p => (string?)p!["text"]));
        Assert.Equal(40, text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal("STOP", (string?)chunks[^1]["data"]!["candidates"]![0]!["finishReason"]);
    }

    [Fact]
    public async Task CountTokensTask_SendsContentsOrAGenerateContentRequest_NeverBoth()
    {
        await using var gateway = await FakeGateway.StartAsync();
        await fixture.OpenAsync(gateway);
        var socket = await gateway.NextAsync();
        await socket.AcceptAsync();
        var before = fixture.Sim.State.GetRequests().Count;

        // What the gateway sends (docs/executors.md): the whole request, system instruction included.
        await socket.SendAsync(Task("t-c1", "countTokens", "gemini-2.5-flash", new JsonObject
        {
            ["generateContentRequest"] = new JsonObject
            {
                ["model"] = "models/gemini-2.5-flash",
                ["contents"] = Contents("How many tokens is this?"),
                ["systemInstruction"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["text"] = "You are a careful counter of many tokens." }) },
            },
        }));
        var whole = await socket.ReceiveAsync();
        await socket.SendAsync(Task("t-c2", "countTokens", "gemini-2.5-flash", new JsonObject { ["contents"] = Contents("How many tokens is this?") }));
        var contentsOnly = await socket.ReceiveAsync();

        Assert.True((string?)whole["type"] == "result", whole.ToJsonString());
        Assert.True((string?)contentsOnly["type"] == "result", contentsOnly.ToJsonString());
        Assert.True((int)whole["data"]!["totalTokens"]! > (int)contentsOnly["data"]!["totalTokens"]!, "the system instruction was counted");
        var sent = fixture.Sim.State.GetRequests().Skip(before).Where(r => r.Method == "countTokens").Select(r => JsonNode.Parse(r.Body!)!.AsObject()).ToList();
        Assert.Equal(2, sent.Count);
        Assert.Equal((true, false), (sent[0].ContainsKey("generateContentRequest"), sent[0].ContainsKey("contents")));
        Assert.Equal((false, true), (sent[1].ContainsKey("generateContentRequest"), sent[1].ContainsKey("contents")));
    }

    [Fact]
    public async Task FailingTask_ReportsTheApisStatusAndGoogleError()
    {
        await using var gateway = await FakeGateway.StartAsync();
        var page = await fixture.OpenAsync(gateway);
        var socket = await gateway.NextAsync();
        await socket.AcceptAsync();

        await socket.SendAsync(Task("t-3", "generateContent", "no-such-model", new JsonObject { ["contents"] = Contents("hi") }));
        var error = await socket.ReceiveAsync();

        Assert.Equal("error", (string?)error["type"]);
        Assert.Equal("t-3", (string?)error["id"]);
        Assert.Equal(404, (int)error["status"]!);
        Assert.Equal(404, (int)error["error"]!["code"]!);
        Assert.Equal("NOT_FOUND", (string?)error["error"]!["status"]);
        Assert.Contains("models/no-such-model is not found", (string?)error["error"]!["message"], StringComparison.Ordinal);
        await Expect(page.Locator("#failed")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task WrongApiKey_TaskErrorCarriesApiKeyInvalid()
    {
        await using var gateway = await FakeGateway.StartAsync();
        var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{gateway.Url}/executor/?token=agx_t&apiBaseUrl={Uri.EscapeDataString(fixture.Sim.BaseUrl)}&apiKey=wrong");
        var socket = await gateway.NextAsync();
        await socket.AcceptAsync();

        await socket.SendAsync(Task("t-4", "countTokens", "gemini-2.5-flash", new JsonObject { ["contents"] = Contents("hi") }));
        var error = await socket.ReceiveAsync();

        Assert.Equal(400, (int)error["status"]!);
        Assert.Equal("API_KEY_INVALID", (string?)error["error"]!["details"]![0]!["reason"]);
    }

    [Fact]
    public async Task Cancel_AbortsTheRunningStream()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { QuotaCostPerRequest = 0 }, TestContext.Current.CancellationToken);
        sim.State.Latency = new LatencySettings { ChunkIntervalMs = 100 };
        await using var gateway = await FakeGateway.StartAsync();
        var page = await fixture.OpenAsync(gateway, sim);
        var socket = await gateway.NextAsync();
        await socket.AcceptAsync();

        await socket.SendAsync(Task("t-5", "streamGenerateContent", "gemini-3-flash", new JsonObject { ["contents"] = Contents("[[words:400]]") }));
        var first = await socket.ReceiveAsync();
        await socket.SendAsync(new JsonObject { ["type"] = "cancel", ["id"] = "t-5" });
        // The simulator records a stream when its handler ends: at once when the caller aborts, else after ~100 chunks.
        var recorded = await Poll.UntilAsync(() => System.Threading.Tasks.Task.FromResult(sim.State.GetRequests().Where(r => r.Method == "streamGenerateContent").ToList()),
            r => r.Count == 1, TimeSpan.FromSeconds(60));
        await socket.SendAsync(new JsonObject { ["type"] = "ping", ["id"] = "after-cancel" });
        var frames = await socket.ReceiveUntilAsync(f => (string?)f["type"] == "pong");

        Assert.Equal("chunk", (string?)first["type"]);
        Assert.DoesNotContain(frames, f => (string?)f["type"] is "result" or "error");
        Assert.True(frames.Count + 1 < 100, $"{frames.Count + 1} chunks arrived: the stream ran to its end");
        Assert.Single(recorded);
        await Expect(page.Locator("#cancelled")).ToHaveTextAsync("1");
        await Expect(page.Locator("#inflight")).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task ServerClose_ExecutorReconnectsAndSaysHelloAgain()
    {
        await using var gateway = await FakeGateway.StartAsync();
        var page = await fixture.OpenAsync(gateway);
        var first = await gateway.NextAsync();
        await first.AcceptAsync();
        await Expect(page.Locator("#state")).ToHaveTextAsync("connected");

        await first.CloseAsync(1001, "replica shutting down");
        var second = await gateway.NextAsync();
        var hello = await second.AcceptAsync();

        Assert.Equal("hello", (string?)hello["type"]);
        Assert.Equal("agx_test-token", (string?)hello["token"]);
        await Expect(page.Locator("#state")).ToHaveTextAsync("connected");
        await Expect(page.Locator("#log")).ToContainTextAsync("close code 1001");
    }

    [Theory]
    [InlineData(4401)]
    [InlineData(4403)]
    public async Task RefusedToken_ExecutorDoesNotReconnect(int code)
    {
        await using var gateway = await FakeGateway.StartAsync();
        var page = await fixture.OpenAsync(gateway);
        var socket = await gateway.NextAsync();
        await socket.ReceiveAsync();

        await socket.CloseAsync(code, "token");

        await Expect(page.Locator("#state")).ToHaveTextAsync("refused");
        await Expect(page.Locator("#log")).ToContainTextAsync("not reconnecting");
        Assert.Equal(1, gateway.Connections);
    }

    private static JsonObject Task(string id, string operation, string model, JsonObject request) => new()
    {
        ["type"] = "task",
        ["id"] = id,
        ["operation"] = operation,
        ["model"] = model,
        ["request"] = request,
    };

    private static JsonArray Contents(string text) =>
        [new JsonObject { ["role"] = "user", ["parts"] = new JsonArray(new JsonObject { ["text"] = text }) }];
}
