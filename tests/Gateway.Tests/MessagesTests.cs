using System.Net;
using System.Text.Json.Nodes;
using Antigravity.Gateway.Tests.Infrastructure;

namespace Antigravity.Gateway.Tests;

public sealed class MessagesTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private static readonly CancellationToken s_ct = TestContext.Current.CancellationToken;

    private const string ReadTool = """{"name":"Read","description":"Read a file","input_schema":{"type":"object","properties":{"file_path":{"type":"string","description":"Absolute path"},"limit":{"type":["integer","null"]}},"required":["file_path"],"additionalProperties":false,"$schema":"http://json-schema.org/draft-07/schema#"}}""";

    [Fact]
    public async Task Messages_NonStreaming_ReturnsAnthropicMessageWithUsage()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = cluster.Client();

        using var response = await GatewayCluster.PostMessagesAsync(client, JsonNode.Parse("""
            {"model":"claude-sonnet-4-6","max_tokens":1024,"messages":[{"role":"user","content":"Say hello"}]}
            """)!);

        await Http.AssertOkAsync(response);
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync(s_ct))!;
        Assert.Equal("message", message["type"]!.GetValue<string>());
        Assert.Equal("assistant", message["role"]!.GetValue<string>());
        Assert.StartsWith("msg_", message["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("claude-sonnet-4-6", message["model"]!.GetValue<string>());
        Assert.Equal("end_turn", message["stop_reason"]!.GetValue<string>());
        Assert.Contains("claude-sonnet-4-6", message["content"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(message["usage"]!["input_tokens"]!.GetValue<int>() > 0);
        Assert.True(message["usage"]!["output_tokens"]!.GetValue<int>() > 0);
        var upstream = Assert.Single(cluster.Generations());
        var body = JsonNode.Parse(upstream.Body!)!;
        Assert.Equal("agent", body["requestType"]!.GetValue<string>());
        Assert.StartsWith("agent-", body["requestId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Antigravity", body["request"]!["systemInstruction"]!["parts"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(body["request"]!["sessionId"]);
    }

    [Fact]
    public async Task Messages_StreamingClaudeThinking_EmitsAnthropicEventSequence()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = cluster.Client();

        using var response = await GatewayCluster.PostMessagesAsync(client, JsonNode.Parse("""
            {"model":"claude-opus-4-6-thinking","max_tokens":4096,"stream":true,"thinking":{"type":"enabled","budget_tokens":2048},
             "messages":[{"role":"user","content":"Think, then answer"}]}
            """)!);

        await Http.AssertOkAsync(response);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = Sse.Parse(await response.Content.ReadAsStringAsync(s_ct));
        var names = events.Select(e => e.Name).Where(n => n != "ping").ToList();
        Assert.Equal("message_start", names[0]);
        Assert.Equal(["message_delta", "message_stop"], names[^2..]);
        var blocks = Sse.Rebuild(events);
        Assert.Equal("thinking", blocks[0]!["type"]!.GetValue<string>());
        Assert.True(blocks[0]!["signature"]!.GetValue<string>().Length >= 50);
        Assert.Contains(events, e => e.Name == "content_block_delta" && e.Data["delta"]!["type"]!.GetValue<string>() == "signature_delta");
        Assert.Equal("text", blocks[1]!["type"]!.GetValue<string>());
        var delta = events.Single(e => e.Name == "message_delta").Data;
        Assert.Equal("end_turn", delta["delta"]!["stop_reason"]!.GetValue<string>());
        Assert.True(delta["usage"]!["output_tokens"]!.GetValue<int>() > 0);
    }

    [Theory]
    [InlineData("claude-opus-4-6-thinking")]
    [InlineData("gemini-3-flash")]
    public async Task Conversation_ThinkingAndToolsReplayedLikeClaudeCode_EveryTurnSucceeds(string model)
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = cluster.Client();
        client.DefaultRequestHeaders.Add("x-claude-code-session-id", Guid.NewGuid().ToString());
        var messages = new JsonArray(JsonNode.Parse("""{"role":"user","content":[{"type":"text","text":"<system-reminder>ctx</system-reminder>","cache_control":{"type":"ephemeral"}},{"type":"text","text":"Read it [[tool:Read {\"file_path\":\"/a.txt\"}]]"}]}"""));

        // Turn 1: thinking, then a tool call.
        var first = await StreamTurnAsync(client, model, messages);
        var toolUse = first.Single(b => b!["type"]!.GetValue<string>() == "tool_use")!;
        Assert.Equal("Read", toolUse["name"]!.GetValue<string>());
        Assert.Equal("/a.txt", toolUse["input"]!["file_path"]!.GetValue<string>());

        // Turn 2: Claude Code replays the assistant turn as received (thinking with signature, tool_use) plus the tool result.
        messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = first.DeepClone() });
        messages.Add(JsonNode.Parse($$$"""{"role":"user","content":[{"type":"tool_result","tool_use_id":"{{{toolUse["id"]}}}","content":"file contents: 42","cache_control":{"type":"ephemeral"}}]}"""));
        var second = await StreamTurnAsync(client, model, messages);
        var answer = second.Single(b => b!["type"]!.GetValue<string>() == "text")!["text"]!.GetValue<string>();
        Assert.Contains("file contents: 42", answer, StringComparison.Ordinal);
        var replay = JsonNode.Parse(cluster.Generations()[^1].Body!)!["request"]!["contents"]!.AsArray();
        var replayedCall = replay.SelectMany(c => c!["parts"]!.AsArray()).First(p => p!["functionCall"] is not null)!;
        if (model.StartsWith("claude", StringComparison.Ordinal))
        {
            // The signed thinking block was replayed as is (not dropped and papered over by closing the tool loop).
            Assert.Contains(replay.SelectMany(c => c!["parts"]!.AsArray()), p => p!["thought"]?.GetValue<bool>() == true && p["thoughtSignature"] is not null);
            Assert.DoesNotContain("[Continue]", replay.ToJsonString(), StringComparison.Ordinal);
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(replayedCall["thoughtSignature"]?.GetValue<string>()));
        }

        // Turn 3: a new user message after the whole loop, with every earlier block replayed.
        messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = second.DeepClone() });
        messages.Add(JsonNode.Parse("""{"role":"user","content":"Thanks. [[words:5]]"}"""));
        var third = await StreamTurnAsync(client, model, messages);
        Assert.Contains(third, b => b!["type"]!.GetValue<string>() == "text" && b["text"]!.GetValue<string>().Contains("word5", StringComparison.Ordinal));
        Assert.All(cluster.Generations(), r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task Conversation_ClientStripsSignatures_ToolLoopStillSucceeds()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = cluster.Client();
        var messages = new JsonArray(JsonNode.Parse("""{"role":"user","content":"[[tool:Read {\"file_path\":\"/b.txt\"}]]"}"""));
        var first = await StreamTurnAsync(client, "claude-opus-4-6-thinking", messages);
        foreach (var block in first)
        {
            (block as JsonObject)?.Remove("signature");
        }

        var toolUse = first.Single(b => b!["type"]!.GetValue<string>() == "tool_use")!;
        messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = first.DeepClone() });
        messages.Add(JsonNode.Parse($$"""{"role":"user","content":[{"type":"tool_result","tool_use_id":"{{toolUse["id"]}}","content":"B"}]}"""));

        var second = await StreamTurnAsync(client, "claude-opus-4-6-thinking", messages);

        Assert.Contains(second, b => b!["type"]!.GetValue<string>() == "text");
    }

    [Fact]
    public async Task Messages_ImageAndPdf_ReachTheUpstreamAsInlineData()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = cluster.Client();
        const string png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
        var pdf = Convert.ToBase64String("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"u8.ToArray());

        using var response = await GatewayCluster.PostMessagesAsync(client, JsonNode.Parse("""
            {"model":"gemini-3-flash","max_tokens":512,"messages":[{"role":"user","content":[
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"PNG"}},
              {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"PDF"},"cache_control":{"type":"ephemeral"}},
              {"type":"text","text":"What is in these?"}]}]}
            """.Replace("PNG", png, StringComparison.Ordinal).Replace("PDF", pdf, StringComparison.Ordinal))!);

        await Http.AssertOkAsync(response);
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync(s_ct))!;
        Assert.Contains("1 image(s)", message["content"]!.AsArray().Last(b => b!["type"]!.GetValue<string>() == "text")!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var parts = JsonNode.Parse(Assert.Single(cluster.Generations()).Body!)!["request"]!["contents"]![0]!["parts"]!.AsArray();
        Assert.Equal("image/png", parts[0]!["inlineData"]!["mimeType"]!.GetValue<string>());
        Assert.Equal("application/pdf", parts[1]!["inlineData"]!["mimeType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Messages_ClaudeCodeRequestShape_IsAccepted()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = cluster.Client(apiKey: null);
        client.DefaultRequestHeaders.Authorization = new("Bearer", GatewayCluster.Key);
        client.DefaultRequestHeaders.Add("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14,context-1m-2025-08-07,context-management-2025-06-27");

        using var response = await GatewayCluster.PostMessagesAsync(client, JsonNode.Parse($$$"""
            {"model":"claude-opus-4-8[1m]","max_tokens":64000,"stream":true,"thinking":{"type":"adaptive"},"output_config":{"effort":"high"},
             "context_management":{"edits":[{"type":"clear_thinking_20251015","keep":"all"}]},
             "metadata":{"user_id":"{\"device_id\":\"d1\",\"account_uuid\":\"\",\"session_id\":\"s-42\"}"},
             "system":[{"type":"text","text":"You are Claude Code."},{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}}],
             "tools":[{{{ReadTool}}}],
             "messages":[{"role":"user","content":[{"type":"text","text":"hi","cache_control":{"type":"ephemeral"}}]},
                         {"role":"system","content":"The user changed directory."},
                         {"role":"user","content":"go on"}]}
            """)!, "/v1/messages?beta=true");

        await Http.AssertOkAsync(response);
        var events = Sse.Parse(await response.Content.ReadAsStringAsync(s_ct));
        Assert.Equal("message_stop", events[^1].Name);
        var upstream = JsonNode.Parse(Assert.Single(cluster.Generations()).Body!)!;
        Assert.Equal("claude-opus-4-6-thinking", upstream["model"]!.GetValue<string>());
        Assert.DoesNotContain("cache_control", upstream.ToJsonString(), StringComparison.Ordinal);
        Assert.True(upstream["request"]!["generationConfig"]!["thinkingConfig"]!["thinkingBudget"]!.GetValue<int>() >= 1024);
    }

    [Fact]
    public async Task CountTokens_ThroughUpstream_ReturnsInputTokens()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = cluster.Client();

        using var response = await GatewayCluster.PostMessagesAsync(client, JsonNode.Parse($$$"""
            {"model":"claude-sonnet-4-6","tools":[{{{ReadTool}}}],"messages":[{"role":"user","content":"count these words please"}]}
            """)!, "/v1/messages/count_tokens?beta=true");

        await Http.AssertOkAsync(response);
        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync(s_ct))!;
        Assert.True(result["input_tokens"]!.GetValue<int>() > 0);
        Assert.Contains(fixture.Sim.State.GetRequests(), r => r.Method == "countTokens");
    }

    [Fact]
    public async Task Models_WithoutCatalog_ListsConfiguredModelsInAnthropicShape()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = cluster.Client();

        var list = JsonNode.Parse(await client.GetStringAsync("/v1/models", s_ct))!;

        var data = list["data"]!.AsArray();
        Assert.Contains(data, m => m!["id"]!.GetValue<string>() == "claude-opus-4-6-thinking" && m["type"]!.GetValue<string>() == "model");
        Assert.False(list["has_more"]!.GetValue<bool>());
        Assert.Equal(data[0]!["id"]!.GetValue<string>(), list["first_id"]!.GetValue<string>());
        Assert.Equal(data[^1]!["id"]!.GetValue<string>(), list["last_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task HeadRoot_ClaudeCodeWarmup_Answers200()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = cluster.Client(apiKey: null);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"), s_ct);

        await Http.AssertOkAsync(response);
    }

    private static async Task<JsonArray> StreamTurnAsync(HttpClient client, string model, JsonArray messages)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["max_tokens"] = 8192,
            ["stream"] = true,
            ["thinking"] = JsonNode.Parse("""{"type":"enabled","budget_tokens":4096}"""),
            ["tools"] = new JsonArray(JsonNode.Parse(ReadTool)),
            ["messages"] = messages.DeepClone(),
        };
        using var response = await GatewayCluster.PostMessagesAsync(client, body);
        var text = await response.Content.ReadAsStringAsync(s_ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var events = Sse.Parse(text);
        Assert.DoesNotContain(events, e => e.Name == "error");
        return Sse.Rebuild(events);
    }
}
