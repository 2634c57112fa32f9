using System.Text.Json.Nodes;
using static Antigravity.CloudCodeSimulator.Tests.SimTestHost;

namespace Antigravity.CloudCodeSimulator.Tests;

public sealed class GenerationTests(SimFixture fixture) : IClassFixture<SimFixture>
{
    [Fact]
    public async Task GenerateContent_PlainPrompt_AnswersDeterministicTextNamingModel()
    {
        var host = fixture.Fresh();

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
        var host = fixture.Fresh();
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
        var final = events[^1]["response"]!["usageMetadata"]!;
        Assert.NotNull(final["thoughtsTokenCount"]);
        Assert.Equal((int)final["promptTokenCount"]!, (int)events[0]["response"]!["usageMetadata"]!["promptTokenCount"]!);
        Assert.Null(events[0]["response"]!["usageMetadata"]!["candidatesTokenCount"]);
        Assert.All(events.Skip(1).SkipLast(1), e => Assert.Null(e["response"]!["usageMetadata"]));
        Assert.NotNull(events[^1]["response"]!["candidates"]![0]!["finishReason"]);
    }
}

public sealed class GenerationDetailTests(SimFixture fixture) : IClassFixture<SimFixture>
{
    [Fact]
    public async Task Stream_Framing_ExactlyDataLinesWithBlankLineNoDoneNoEventNames()
    {
        var host = fixture.Fresh();

        var (_, events, raw) = await host.StreamAsync(Envelope("gemini-2.5-flash", UserText("[[words:30]]")));

        Assert.DoesNotContain("[DONE]", raw);
        Assert.DoesNotContain("event:", raw);
        Assert.StartsWith("data: {\"response\":{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[", raw);
        Assert.True(events.Count > 3);
        var text = string.Concat(events.SelectMany(ScriptedHistoryTests.Parts).Select(p => (string?)p["text"]));
        Assert.Equal(string.Join(" ", Enumerable.Range(1, 30).Select(i => "word" + i)), text);
        Assert.All(events, e => Assert.NotNull(e["traceId"]));
        Assert.Equal("STOP", (string?)events[^1]["response"]!["candidates"]![0]!["finishReason"]);
        var usage = events[^1]["response"]!["usageMetadata"]!;
        Assert.Equal((int)usage["promptTokenCount"]! + (int)usage["candidatesTokenCount"]! + ((int?)usage["thoughtsTokenCount"] ?? 0), (int)usage["totalTokenCount"]!);
    }

    [Fact]
    public async Task Stream_WithoutAltSse_StreamsOneJsonArray()
    {
        var host = fixture.Fresh();

        using var response = await host.PostAsync("/v1internal:streamGenerateContent", Envelope("claude-sonnet-4-6", UserText("[[words:20]]")));
        var array = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsArray();

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(array.Count > 1);
        Assert.NotNull(array[^1]!["response"]!["usageMetadata"]);
    }

    [Fact]
    public async Task Generate_GoogleSearchTool_GroundingMetadataOnAnswer()
    {
        var host = fixture.Fresh();

        var (_, body) = await host.CallAsync("/v1internal:generateContent", Envelope("gemini-2.5-flash", UserText("weather in Paris"),
            extra: new JsonObject { ["tools"] = new JsonArray(new JsonObject { ["googleSearch"] = new JsonObject() }) }));

        var grounding = body!["response"]!["candidates"]![0]!["groundingMetadata"]!;
        Assert.Equal("weather in Paris", (string?)grounding["webSearchQueries"]![0]);
        Assert.NotEmpty(grounding["groundingChunks"]!.AsArray());
    }

    [Fact]
    public async Task Generate_JsonResponseMimeType_AnswersJson()
    {
        var host = fixture.Fresh();

        var (_, body) = await host.CallAsync("/v1internal:generateContent", Envelope("gemini-3-flash", UserText("hi"),
            extra: new JsonObject { ["generationConfig"] = new JsonObject { ["responseMimeType"] = "application/json" } }));

        var text = (string)body!["response"]!["candidates"]![0]!["content"]!["parts"]!.AsArray().Last(p => p!["thought"] is null)!["text"]!;
        Assert.StartsWith("Hello from the Cloud Code simulator", (string?)JsonNode.Parse(text)!["answer"]);
    }

    [Fact]
    public async Task Generate_ImagesAndTools_CountedInDefaultAnswer()
    {
        var host = fixture.Fresh();
        var contents = new JsonArray(new JsonObject
        {
            ["role"] = "user",
            ["parts"] = new JsonArray(
                new JsonObject { ["text"] = "what is this" },
                new JsonObject { ["inlineData"] = new JsonObject { ["mimeType"] = "image/png", ["data"] = "iVBORw0KGgo=" } },
                new JsonObject { ["fileData"] = new JsonObject { ["mimeType"] = "image/jpeg", ["fileUri"] = "https://example.com/a.jpg" } }),
        });

        var (_, body) = await host.CallAsync("/v1internal:generateContent", Envelope("claude-sonnet-4-6", contents, extra: new JsonObject { ["tools"] = new JsonArray(ReadTool) }));

        Assert.EndsWith("I received 2 image(s) and 1 tool(s).", (string?)body!["response"]!["candidates"]![0]!["content"]!["parts"]![0]!["text"]);
    }

    [Fact]
    public async Task Generate_ToolMarkerForToolNotOffered_AnswersText()
    {
        var host = fixture.Fresh();

        var (_, body) = await host.CallAsync("/v1internal:generateContent", Envelope("claude-sonnet-4-6", UserText("[[tool:Write {}]]"), extra: new JsonObject { ["tools"] = new JsonArray(ReadTool) }));

        var parts = body!["response"]!["candidates"]![0]!["content"]!["parts"]!.AsArray();
        Assert.All(parts, p => Assert.Null(p!["functionCall"]));
    }

    [Fact]
    public async Task Generate_UnaryClaudeThinking_NoThoughtPartsButThoughtTokens()
    {
        var host = fixture.Fresh();
        var config = new JsonObject { ["generationConfig"] = new JsonObject { ["maxOutputTokens"] = 40000, ["thinkingConfig"] = new JsonObject { ["thinkingBudget"] = 2048 } } };

        var (_, body) = await host.CallAsync("/v1internal:generateContent", Envelope("claude-opus-4-6-thinking", UserText("hi"), extra: config));

        var response = body!["response"]!;
        Assert.All(response["candidates"]![0]!["content"]!["parts"]!.AsArray(), p => Assert.Null(p!["thought"]));
        Assert.True((int)response["usageMetadata"]!["thoughtsTokenCount"]! > 0);
    }

    [Fact]
    public async Task Generate_MaxOutputTokensBelowAnswer_MaxTokensFinish()
    {
        var host = fixture.Fresh();
        var config = new JsonObject { ["generationConfig"] = new JsonObject { ["maxOutputTokens"] = 5 } };

        var (_, body) = await host.CallAsync("/v1internal:generateContent", Envelope("claude-sonnet-4-6", UserText("[[words:100]]"), extra: config));

        Assert.Equal("MAX_TOKENS", (string?)body!["response"]!["candidates"]![0]!["finishReason"]);
        Assert.Equal(5, (int)body["response"]!["usageMetadata"]!["candidatesTokenCount"]!);
    }

    [Fact]
    public async Task Generate_ImageModel_ReturnsInlineImage()
    {
        var host = fixture.Fresh();

        var (_, body) = await host.CallAsync("/v1internal:generateContent", Envelope("gemini-3.1-flash-image", UserText("a cat")));

        var parts = body!["response"]!["candidates"]![0]!["content"]!["parts"]!.AsArray();
        Assert.Contains(parts, p => (string?)p!["inlineData"]?["mimeType"] == "image/png");
    }

    [Fact]
    public async Task PromptCache_SameAccountAndSessionRepeatsPrefix_CachedTokensReported()
    {
        var host = fixture.Fresh();
        var extra = new JsonObject { ["sessionId"] = "-42", ["systemInstruction"] = new JsonObject { ["role"] = "user", ["parts"] = new JsonArray(new JsonObject { ["text"] = new string('s', 4000) }) } };
        var turn1 = UserText("first question");
        var turn2 = turn1.DeepClone().AsArray();
        turn2.Add(new JsonObject { ["role"] = "model", ["parts"] = new JsonArray(new JsonObject { ["text"] = "answer" }) });
        turn2.Add(new JsonObject { ["role"] = "user", ["parts"] = new JsonArray(new JsonObject { ["text"] = "second" }) });

        var (_, first) = await host.CallAsync("/v1internal:generateContent", Envelope("claude-sonnet-4-6", turn1, extra: extra));
        var (_, second) = await host.CallAsync("/v1internal:generateContent", Envelope("claude-sonnet-4-6", turn2, extra: extra));
        extra["sessionId"] = "-43";
        var (_, otherSession) = await host.CallAsync("/v1internal:generateContent", Envelope("claude-sonnet-4-6", turn2, extra: extra));

        Assert.Null(first!["response"]!["usageMetadata"]!["cachedContentTokenCount"]);
        var usage = second!["response"]!["usageMetadata"]!;
        Assert.True((int)usage["cachedContentTokenCount"]! > 1000);
        Assert.True((int)usage["cachedContentTokenCount"]! < (int)usage["promptTokenCount"]!);
        Assert.Null(otherSession!["response"]!["usageMetadata"]!["cachedContentTokenCount"]);
    }

    [Fact]
    public async Task SameSeed_SameRequests_IdenticalResponses()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        var body = Envelope("gemini-3-flash", UserText("x [[tool:Read {}]]"), extra: new JsonObject { ["tools"] = new JsonArray(ReadTool), ["sessionId"] = "s" });

        var (_, _, rawA) = await a.StreamAsync(body);
        var (_, _, rawB) = await b.StreamAsync(body);

        Assert.Equal(rawA, rawB);
    }
}
