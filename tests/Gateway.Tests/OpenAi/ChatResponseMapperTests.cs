using System.Text.Json;
using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.OpenAi.ChatCompletions;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Tests.OpenAi;

public sealed class ChatResponseMapperTests
{
    private static readonly string[] s_thinkingToolStream =
    [
        """{"candidates":[{"content":{"role":"model","parts":[{"text":"Let me","thought":true}]}}]}""",
        """{"candidates":[{"content":{"role":"model","parts":[{"text":" check.","thought":true},{"text":"","thought":true,"thoughtSignature":"sig"}]}}]}""",
        """{"candidates":[{"content":{"role":"model","parts":[{"text":"Checking both."}]}}]}""",
        """{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"id":"toolu_1","name":"weather","args":{"city":"Paris"}},"thoughtSignature":"fc-sig"},{"functionCall":{"id":"toolu_2","name":"weather","args":{"city":"Rome"}}}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":100,"candidatesTokenCount":20,"thoughtsTokenCount":7,"cachedContentTokenCount":64,"totalTokenCount":127}}""",
    ];

    private static IEnumerable<GenerateContentResponse> Chunks(params string[] json) =>
        json.Select(j => JsonSerializer.Deserialize(j, UpstreamJsonContext.Default.GenerateContentResponse)!);

    [Fact]
    public void Map_ThinkingThenParallelToolCalls_StreamsReasoningAndIndexedToolCallsThenUsage()
    {
        var mapper = new ChatResponseMapper("chatcmpl-1", 1, "gpt-x", ThinkingOutputMode.ReasoningContent);

        var chunks = Chunks(s_thinkingToolStream).Select(mapper.Map).OfType<ChatCompletionChunk>().Concat(mapper.Finish(includeUsage: true)).ToList();

        var deltas = chunks.SelectMany(c => c.Choices).Select(c => c.Delta).ToList();
        Assert.Equal("assistant", deltas[0].Role);
        Assert.Equal("Let me check.", string.Concat(deltas.Select(d => d.ReasoningContent)));
        Assert.Equal("Checking both.", string.Concat(deltas.Select(d => d.Content)));
        var calls = deltas.SelectMany(d => d.ToolCalls ?? []).ToList();
        Assert.Equal([0, 1], calls.Select(c => c.Index!.Value));
        Assert.Equal(["toolu_1", "toolu_2"], calls.Select(c => c.Id));
        Assert.Equal("""{"city":"Rome"}""", calls[1].Function!.Arguments);
        Assert.Equal("fc-sig", calls[0].ExtraContent!.Google!.ThoughtSignature);
        Assert.Equal("tool_calls", chunks[^2].Choices.Single().FinishReason);
        var usage = Assert.Single(chunks, c => c.Choices.Count == 0).Usage!;
        Assert.Equal((100, 27, 127), (usage.PromptTokens, usage.CompletionTokens, usage.TotalTokens));
        Assert.Equal((64, 7), (usage.PromptTokensDetails!.CachedTokens, usage.CompletionTokensDetails!.ReasoningTokens));
    }

    [Fact]
    public void Map_ThinkTagsMode_WrapsThoughtsInTheContent()
    {
        var mapper = new ChatResponseMapper("chatcmpl-1", 1, "gpt-x", ThinkingOutputMode.ThinkTags);

        var chunks = Chunks(s_thinkingToolStream[..3]).Select(mapper.Map).OfType<ChatCompletionChunk>().Concat(mapper.Finish(false)).ToList();

        var deltas = chunks.SelectMany(c => c.Choices).Select(c => c.Delta).ToList();
        Assert.Equal("<think>Let me check.</think>\n\nChecking both.", string.Concat(deltas.Select(d => d.Content)));
        Assert.All(deltas, d => Assert.Null(d.ReasoningContent));
        Assert.Equal("stop", chunks[^1].Choices.Single().FinishReason);
    }

    [Fact]
    public async Task CompleteAsync_BothMode_AggregatesOneMessageWithReasoningTagsAndToolCalls()
    {
        var mapper = new ChatResponseMapper("chatcmpl-1", 1, "gpt-x", ThinkingOutputMode.Both);

        var completion = await mapper.CompleteAsync(Chunks(s_thinkingToolStream).ToAsyncEnumerable(), TestContext.Current.CancellationToken);

        var choice = Assert.Single(completion.Choices);
        Assert.Equal("<think>Let me check.</think>\n\nChecking both.", choice.Message.Content);
        Assert.Equal("Let me check.", choice.Message.ReasoningContent);
        Assert.Equal(2, choice.Message.ToolCalls!.Count);
        Assert.All(choice.Message.ToolCalls, c => Assert.Null(c.Index));
        Assert.Equal("tool_calls", choice.FinishReason);
        Assert.Equal(127, completion.Usage!.TotalTokens);
    }

    [Fact]
    public async Task CompleteAsync_MaxTokensWithoutText_AnswersLengthAndEmptyContent()
    {
        var mapper = new ChatResponseMapper("chatcmpl-1", 1, "gpt-x", ThinkingOutputMode.ReasoningContent);

        var completion = await mapper.CompleteAsync(
            Chunks("""{"candidates":[{"content":{"role":"model","parts":[{"text":"Trunc"}]},"finishReason":"MAX_TOKENS"}]}""").ToAsyncEnumerable(),
            TestContext.Current.CancellationToken);

        Assert.Equal(("Trunc", "length"), (completion.Choices[0].Message.Content, completion.Choices[0].FinishReason));
    }
}
