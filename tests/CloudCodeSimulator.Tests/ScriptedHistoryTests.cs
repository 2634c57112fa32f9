using System.Text.Json.Nodes;
using static Antigravity.CloudCodeSimulator.Tests.SimTestHost;

namespace Antigravity.CloudCodeSimulator.Tests;

/// <summary>Multi-turn tool loops replaying what the simulator issued, as a correct gateway would.</summary>
public sealed class ScriptedHistoryTests(SimFixture fixture) : IClassFixture<SimFixture>
{
    private static readonly JsonObject s_claudeThinking = new()
    {
        ["tools"] = new JsonArray(ReadTool),
        ["generationConfig"] = new JsonObject { ["maxOutputTokens"] = 40000, ["thinkingConfig"] = new JsonObject { ["includeThoughts"] = true, ["thinkingBudget"] = 32000 } },
    };

    [Fact]
    public async Task ClaudeToolLoop_ReplayingMergedSignedThinking_AnswersQuotingToolResult()
    {
        var host = fixture.Fresh();
        var first = UserText("go [[tool:Read {\"file_path\":\"/a.txt\"}]]");
        var (_, events, _) = await host.StreamAsync(Envelope("claude-opus-4-6-thinking", first, extra: s_claudeThinking));
        var (thinking, signature, call) = Collect(events);

        var history = History(first, thinking, signature, call, "file body");
        var (status, reply, _) = await host.StreamAsync(Envelope("claude-opus-4-6-thinking", history, extra: s_claudeThinking));

        Assert.Equal(200, status);
        var text = string.Concat(reply.SelectMany(Parts).Where(p => p["thought"] is null).Select(p => (string?)p["text"]));
        Assert.Equal("Tool Read returned: {\"result\":\"file body\"}", text);
    }

    [Fact]
    public async Task ClaudeReplay_EditedThinkingText_InvalidSignature()
    {
        var host = fixture.Fresh();
        var first = UserText("go [[tool:Read {}]]");
        var (_, events, _) = await host.StreamAsync(Envelope("claude-opus-4-6-thinking", first, extra: s_claudeThinking));
        var (thinking, signature, call) = Collect(events);

        var (status, body) = await host.CallAsync("/v1internal:generateContent",
            Envelope("claude-opus-4-6-thinking", History(first, thinking + " (edited)", signature, call, "x"), extra: s_claudeThinking));

        Assert.Equal(400, status);
        Assert.Contains("messages.1.content.0: Invalid `signature` in `thinking` block", (string?)body!["error"]!["message"]);
    }

    [Fact]
    public async Task ClaudeReplay_GeminiSignatureOnThinking_RejectedAsForeign()
    {
        var host = fixture.Fresh();
        var (_, gemini, _) = await host.StreamAsync(Envelope("gemini-3-flash", UserText("x [[tool:Read {}]]"), extra: new JsonObject { ["tools"] = new JsonArray(ReadTool) }));
        var geminiSignature = (string)gemini.SelectMany(Parts).First(p => p["thoughtSignature"] is not null)["thoughtSignature"]!;
        var first = UserText("go [[tool:Read {}]]");
        var (_, events, _) = await host.StreamAsync(Envelope("claude-opus-4-6-thinking", first, extra: s_claudeThinking));
        var (thinking, _, call) = Collect(events);

        var (status, body) = await host.CallAsync("/v1internal:generateContent",
            Envelope("claude-opus-4-6-thinking", History(first, thinking, geminiSignature, call, "x"), extra: s_claudeThinking));

        Assert.Equal(400, status);
        Assert.Contains("Invalid `signature` in `thinking` block", (string?)body!["error"]!["message"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("skip_thought_signature_validator")]
    public async Task Gemini3ToolLoop_IssuedSignatureOrSkipSentinel_Accepted(string? replacement)
    {
        var host = fixture.Fresh();
        var tools = new JsonObject { ["tools"] = new JsonArray(ReadTool) };
        var first = UserText("x [[tool:Read {\"file_path\":\"/b\"}]]");
        var (_, events, _) = await host.StreamAsync(Envelope("gemini-3.1-pro-high", first, extra: tools));
        var callPart = events.SelectMany(Parts).Single(p => p["functionCall"] is not null);
        Assert.True(((string)callPart["thoughtSignature"]!).Length >= 50);
        var replayed = callPart.DeepClone();
        if (replacement is not null)
        {
            replayed["thoughtSignature"] = replacement;
        }
        var history = first.DeepClone().AsArray();
        history.Add(new JsonObject { ["role"] = "model", ["parts"] = new JsonArray(replayed) });
        history.Add(new JsonObject { ["role"] = "user", ["parts"] = new JsonArray(new JsonObject { ["functionResponse"] = new JsonObject { ["name"] = "Read", ["response"] = new JsonObject { ["result"] = "B" } } }) });

        var (status, body) = await host.CallAsync("/v1internal:generateContent", Envelope("gemini-3.1-pro-high", history, extra: tools));

        Assert.Equal(200, status);
        Assert.Equal("Tool Read returned: {\"result\":\"B\"}", (string?)body!["response"]!["candidates"]![0]!["content"]!["parts"]![0]!["text"]);
    }

    internal static IEnumerable<JsonNode> Parts(JsonNode e) => e["response"]!["candidates"]![0]!["content"]!["parts"]?.AsArray().Select(p => p!) ?? [];

    private static (string Thinking, string Signature, JsonNode Call) Collect(List<JsonNode> events)
    {
        var parts = events.SelectMany(Parts).ToList();
        var thinking = string.Concat(parts.Where(p => (bool?)p["thought"] == true).Select(p => (string?)p["text"]));
        var signature = (string)parts.Last(p => p["thoughtSignature"] is not null)["thoughtSignature"]!;
        return (thinking, signature, parts.Single(p => p["functionCall"] is not null)["functionCall"]!);
    }

    private static JsonArray History(JsonArray first, string thinking, string signature, JsonNode call, string result)
    {
        var history = first.DeepClone().AsArray();
        history.Add(new JsonObject
        {
            ["role"] = "model",
            ["parts"] = new JsonArray(
                new JsonObject { ["text"] = thinking, ["thought"] = true, ["thoughtSignature"] = signature },
                new JsonObject { ["functionCall"] = call.DeepClone() }),
        });
        history.Add(new JsonObject
        {
            ["role"] = "user",
            ["parts"] = new JsonArray(new JsonObject
            {
                ["functionResponse"] = new JsonObject { ["id"] = call["id"]!.DeepClone(), ["name"] = "Read", ["response"] = new JsonObject { ["result"] = result } },
            }),
        });
        return history;
    }
}
