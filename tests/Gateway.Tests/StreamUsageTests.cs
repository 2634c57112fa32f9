using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Antigravity.Gateway.Tests.Infrastructure;

namespace Antigravity.Gateway.Tests;

/// <summary>Usage in streams agrees with the upstream's usageMetadata from the first event on (issue 17).</summary>
public sealed class StreamUsageTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private static readonly string s_system = string.Concat(Enumerable.Repeat("You are a careful assistant. ", 200));

    [Fact]
    public async Task AnthropicStream_RepeatedPrefix_MessageStartCarriesUpstreamInputAndCacheReads()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = cluster.Client();
        client.DefaultRequestHeaders.Add("x-claude-code-session-id", "usage-" + Guid.NewGuid());
        var body = new JsonObject
        {
            ["model"] = "claude-opus-4-6-thinking",
            ["max_tokens"] = 4096,
            ["stream"] = true,
            ["thinking"] = new JsonObject { ["type"] = "enabled", ["budget_tokens"] = 2048 },
            ["system"] = s_system,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "[[words:30]]" }),
        };
        await ReadEventsAsync(client, body);

        var events = await ReadEventsAsync(client, body);

        var upstream = cluster.Generations()[^1].Usage!;
        Assert.True(upstream.CachedContentTokenCount > 0);
        var start = events[0].Data["message"]!["usage"]!;
        var delta = events.Single(e => e.Name == "message_delta").Data["usage"]!;
        Assert.Equal("message_start", events[0].Name);
        Assert.Equal(upstream.PromptTokenCount - upstream.CachedContentTokenCount, start["input_tokens"]!.GetValue<int>());
        Assert.Equal(upstream.CachedContentTokenCount, start["cache_read_input_tokens"]!.GetValue<int>());
        Assert.Equal(start["input_tokens"]!.GetValue<int>(), delta["input_tokens"]!.GetValue<int>());
        Assert.Equal(upstream.CachedContentTokenCount, delta["cache_read_input_tokens"]!.GetValue<int>());
        Assert.Equal(upstream.CandidatesTokenCount + upstream.ThoughtsTokenCount, delta["output_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnthropicStream_FirstUpstreamChunkWithoutUsage_MessageStartCarriesTheRequestEstimate()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        cluster.Sim.State.UsageOnFirstChunk = false;
        try
        {
            using var client = cluster.Client();
            var events = await ReadEventsAsync(client, new JsonObject
            {
                ["model"] = "claude-sonnet-4-6",
                ["max_tokens"] = 256,
                ["stream"] = true,
                ["system"] = s_system,
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "[[words:30]]" }),
            });

            var upstream = cluster.Generations()[^1].Usage!;
            var estimate = events[0].Data["message"]!["usage"]!["input_tokens"]!.GetValue<int>();
            Assert.InRange(estimate, upstream.PromptTokenCount / 2, upstream.PromptTokenCount * 2);
            Assert.Equal(upstream.PromptTokenCount - upstream.CachedContentTokenCount, events.Single(e => e.Name == "message_delta").Data["usage"]!["input_tokens"]!.GetValue<int>());
        }
        finally
        {
            cluster.Sim.State.UsageOnFirstChunk = true;
        }
    }

    [Fact]
    public async Task OpenAiChatStream_IncludeUsage_FinalChunkIsTheUpstreamUsage()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = Bearer(cluster);
        var body = new JsonObject
        {
            ["model"] = "claude-sonnet-4-6",
            ["stream"] = true,
            ["stream_options"] = new JsonObject { ["include_usage"] = true },
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "system", ["content"] = s_system }, new JsonObject { ["role"] = "user", ["content"] = "[[words:30]]" }),
        };
        await PostAsync(client, "/v1/chat/completions", body);

        var chunks = DataLines(await PostAsync(client, "/v1/chat/completions", body));

        var upstream = cluster.Generations()[^1].Usage!;
        var usage = chunks.Single(c => c["usage"] is JsonObject)["usage"]!;
        Assert.Empty(chunks.Single(c => c["usage"] is JsonObject)["choices"]!.AsArray());
        Assert.True(upstream.CachedContentTokenCount > 0);
        Assert.Equal(upstream.PromptTokenCount, usage["prompt_tokens"]!.GetValue<int>());
        Assert.Equal(upstream.CachedContentTokenCount, usage["prompt_tokens_details"]!["cached_tokens"]!.GetValue<int>());
        Assert.Equal(upstream.CandidatesTokenCount + upstream.ThoughtsTokenCount, usage["completion_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task OpenAiResponsesStream_CompletedEventCarriesTheUpstreamUsage()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = Bearer(cluster);

        var text = await PostAsync(client, "/v1/responses", new JsonObject
        {
            ["model"] = "gemini-3-flash",
            ["stream"] = true,
            ["instructions"] = s_system,
            ["input"] = "[[words:30]]",
        });

        var upstream = cluster.Generations()[^1].Usage!;
        var completed = DataLines(text).Single(e => e["type"]!.GetValue<string>() == "response.completed")["response"]!["usage"]!;
        Assert.Equal(upstream.PromptTokenCount, completed["input_tokens"]!.GetValue<int>());
        Assert.Equal(upstream.CachedContentTokenCount, completed["input_tokens_details"]!["cached_tokens"]!.GetValue<int>());
        Assert.Equal(upstream.CandidatesTokenCount + upstream.ThoughtsTokenCount, completed["output_tokens"]!.GetValue<int>());
        Assert.Equal(upstream.ThoughtsTokenCount, completed["output_tokens_details"]!["reasoning_tokens"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GeminiStream_EveryChunkCarriesUsage_FirstThePromptLastTheUpstreamFinal(bool usageOnFirstChunk)
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        cluster.Sim.State.UsageOnFirstChunk = usageOnFirstChunk;
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(cluster.Urls[0]) };
            client.DefaultRequestHeaders.Add("x-goog-api-key", GatewayCluster.Key);

            var text = await PostAsync(client, "/v1beta/models/gemini-3-flash:streamGenerateContent?alt=sse", new JsonObject
            {
                ["systemInstruction"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["text"] = s_system }) },
                ["contents"] = new JsonArray(new JsonObject { ["role"] = "user", ["parts"] = new JsonArray(new JsonObject { ["text"] = "[[words:30]]" }) }),
            });

            var upstream = cluster.Generations()[^1].Usage!;
            var chunks = DataLines(text);
            Assert.True(chunks.Count > 2);
            Assert.All(chunks, c => Assert.True(c["usageMetadata"]!["promptTokenCount"]!.GetValue<int>() > 0));
            if (usageOnFirstChunk)
            {
                Assert.Equal(upstream.PromptTokenCount, chunks[0]["usageMetadata"]!["promptTokenCount"]!.GetValue<int>());
            }

            var last = chunks[^1]["usageMetadata"]!;
            Assert.Equal(upstream.PromptTokenCount, last["promptTokenCount"]!.GetValue<int>());
            Assert.Equal(upstream.CandidatesTokenCount, last["candidatesTokenCount"]!.GetValue<int>());
            Assert.Equal(upstream.ThoughtsTokenCount, last["thoughtsTokenCount"]!.GetValue<int>());
        }
        finally
        {
            cluster.Sim.State.UsageOnFirstChunk = true;
        }
    }

    private static HttpClient Bearer(GatewayCluster cluster)
    {
        var client = new HttpClient { BaseAddress = new Uri(cluster.Urls[0]) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayCluster.Key);
        return client;
    }

    private static async Task<List<SseEvent>> ReadEventsAsync(HttpClient client, JsonObject body)
    {
        using var response = await GatewayCluster.PostMessagesAsync(client, body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        return [.. Sse.Parse(text).Where(e => e.Name != "ping")];
    }

    private static async Task<string> PostAsync(HttpClient client, string path, JsonObject body)
    {
        using var response = await client.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        return text;
    }

    /// <summary>The JSON of every <c>data:</c> line (OpenAI, Responses and Gemini framing), without <c>[DONE]</c>.</summary>
    private static List<JsonNode> DataLines(string text) =>
        [.. text.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal) && l != "data: [DONE]").Select(l => JsonNode.Parse(l["data: ".Length..].TrimEnd('\r'))!)];
}
