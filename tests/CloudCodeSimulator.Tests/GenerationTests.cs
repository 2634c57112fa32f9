using System.Text.Json.Nodes;
using static Antigravity.CloudCodeSimulator.Tests.SimTestHost;

namespace Antigravity.CloudCodeSimulator.Tests;

public sealed class GenerationTests
{
    [Fact]
    public async Task GenerateContent_PlainPrompt_AnswersDeterministicTextNamingModel()
    {
        await using var host = await StartAsync();

        var (status, body) = await host.CallAsync("/v1internal:generateContent", Envelope("claude-sonnet-4-6", UserText("hello")));

        Assert.Equal(200, status);
        var response = body!["response"]!;
        Assert.Equal("Hello from the Cloud Code simulator, answering as claude-sonnet-4-6. I received 0 image(s) and 0 tool(s).",
            (string?)response["candidates"]![0]!["content"]!["parts"]![0]!["text"]);
        Assert.Equal("STOP", (string?)response["candidates"]![0]!["finishReason"]);
        Assert.StartsWith("msg_vrtx_", (string?)response["responseId"]);
        Assert.Equal("claude-sonnet-4-6", (string?)response["modelVersion"]);
        Assert.NotNull(body["traceId"]);
        Assert.True((int)response["usageMetadata"]!["promptTokenCount"]! > 0);
    }

    [Fact]
    public async Task StreamGenerateContent_ClaudeThinkingToolMarker_ThinksThenCallsToolWithSignatureLast()
    {
        await using var host = await StartAsync();
        var body = Envelope("claude-opus-4-6-thinking", UserText("read it [[tool:Read {\"file_path\":\"/a.txt\"}]]"), extra: new JsonObject
        {
            ["tools"] = new JsonArray(ReadTool),
            ["generationConfig"] = new JsonObject { ["maxOutputTokens"] = 40000, ["thinkingConfig"] = new JsonObject { ["include_thoughts"] = true, ["thinking_budget"] = 32000 } },
        });

        var (status, events, _) = await host.StreamAsync(body);

        Assert.Equal(200, status);
        var parts = events.SelectMany(e => e["response"]!["candidates"]![0]!["content"]!["parts"]!.AsArray()).ToList();
        var signatureIndex = parts.FindIndex(p => p!["thoughtSignature"] is not null);
        Assert.True(signatureIndex > 0);
        Assert.All(parts.Take(signatureIndex + 1), p => Assert.True((bool?)p!["thought"]));
        var call = parts[^1]!["functionCall"]!;
        Assert.Equal("Read", (string?)call["name"]);
        Assert.StartsWith("toolu_vrtx_", (string?)call["id"]);
        Assert.Equal("/a.txt", (string?)call["args"]!["file_path"]);
        Assert.True(((string)parts[signatureIndex]!["thoughtSignature"]!).Length >= 50);
        Assert.All(events.SkipLast(1), e => Assert.Null(e["response"]!["usageMetadata"]));
        Assert.NotNull(events[^1]["response"]!["usageMetadata"]!["thoughtsTokenCount"]);
        Assert.NotNull(events[^1]["response"]!["candidates"]![0]!["finishReason"]);
    }
}
