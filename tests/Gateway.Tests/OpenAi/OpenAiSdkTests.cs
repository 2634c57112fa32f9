using System.Text.Json;
using Antigravity.Gateway.Tests.FrontDoors;

namespace Antigravity.Gateway.Tests.OpenAi;

/// <summary>The official OpenAI SDK (npm <c>openai</c>) against the gateway's OpenAI front door over loopback.</summary>
public sealed class OpenAiSdkTests(FrontDoorGateway gateway) : IClassFixture<FrontDoorGateway>
{
    private async Task<JsonElement> RunAsync(string scenario, string model = "gemini-3-flash") =>
        JsonDocument.Parse(await gateway.RunNodeAsync("openai.cjs", scenario, model)).RootElement;

    [Fact]
    public async Task ChatCompletions_NonStreaming_AnswersTextAndUsage()
    {
        var result = await RunAsync("chat", "claude-sonnet-4-6");

        Assert.Equal("chat.completion", result.GetProperty("object").GetString());
        Assert.Contains("claude-sonnet-4-6", result.GetProperty("content").GetString());
        Assert.Equal("stop", result.GetProperty("finish").GetString());
        Assert.Equal("claude-sonnet-4-6", result.GetProperty("model").GetString());
        var usage = result.GetProperty("usage");
        Assert.True(usage.GetProperty("prompt_tokens").GetInt32() > 0);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task ChatCompletions_StreamingWithReasoning_StreamsReasoningContentTextAndAFinalUsageChunk()
    {
        var result = await RunAsync("stream");

        Assert.Contains("gemini-3-flash", result.GetProperty("content").GetString());
        Assert.NotEmpty(result.GetProperty("reasoning").GetString()!);
        Assert.Equal("stop", result.GetProperty("finish").GetString());
        Assert.Equal(1, result.GetProperty("emptyChoiceChunks").GetInt32());
        Assert.True(result.GetProperty("usage").GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task ChatCompletions_ParallelToolCallRoundTrip_AssemblesCallsByIndexAndQuotesResults()
    {
        var result = await RunAsync("tools");

        var first = result.GetProperty("first");
        Assert.Equal("tool_calls", first.GetProperty("finish").GetString());
        var calls = first.GetProperty("calls").EnumerateArray().ToList();
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Equal("weather", c.GetProperty("name").GetString()));
        Assert.Equal(["Paris", "Rome"], calls.Select(c => JsonDocument.Parse(c.GetProperty("arguments").GetString()!).RootElement.GetProperty("city").GetString()));
        Assert.Equal(2, calls.Select(c => c.GetProperty("id").GetString()).Distinct().Count());
        var second = result.GetProperty("second");
        Assert.Contains("sunny in Paris", second.GetProperty("content").GetString());
        Assert.Contains("sunny in Rome", second.GetProperty("content").GetString());
    }

    [Fact]
    public async Task ChatCompletions_ImagesAsDataUrlAndBareBase64_ReachTheModel()
    {
        var result = await RunAsync("image");

        Assert.Contains("2 image(s)", result.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Models_OpenAiClient_GetsTheOpenAiListShape()
    {
        var result = await RunAsync("models");

        Assert.Contains("gemini-3-flash", result.GetProperty("ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["model"], result.GetProperty("objects").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ChatCompletions_BadInput_AnswersOpenAiErrorsWithTheirStatuses()
    {
        var result = await RunAsync("errors");

        var unknown = result.GetProperty("unknownModel");
        Assert.Equal((404, "model_not_found"), (unknown.GetProperty("status").GetInt32(), unknown.GetProperty("code").GetString()));
        var badRole = result.GetProperty("badRole");
        Assert.Equal((400, "invalid_request_error", "messages[0].role"),
            (badRole.GetProperty("status").GetInt32(), badRole.GetProperty("type").GetString(), badRole.GetProperty("param").GetString()));
        Assert.Equal(401, result.GetProperty("badKey").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Responses_FunctionCallConversationOverFourTurns_StreamsTypedEventsAndContinuesFromStoredResponses()
    {
        var result = await RunAsync("responses");

        var events = result.GetProperty("events").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal("response.created", events[0]);
        Assert.Equal("response.in_progress", events[1]);
        Assert.Equal("response.completed", events[^1]);
        Assert.Contains("response.reasoning_summary_text.delta", events);
        Assert.Contains("response.function_call_arguments.delta", events);
        Assert.Contains("response.function_call_arguments.done", events);
        Assert.True(events.IndexOf("response.output_item.added") < events.IndexOf("response.output_item.done"));
        Assert.Equal("weather", result.GetProperty("call").GetProperty("name").GetString());
        Assert.Contains("Oslo", result.GetProperty("call").GetProperty("arguments").GetString());
        Assert.Contains("snow, -3C", result.GetProperty("secondText").GetString());
        Assert.Contains("Bergen", result.GetProperty("thirdCall").GetString());
        Assert.Contains("rain", result.GetProperty("fourthText").GetString());
        Assert.StartsWith("resp_", result.GetProperty("fetchedId").GetString());
        Assert.True(result.GetProperty("usage").GetProperty("input_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task Responses_BadInput_AnswersOpenAiErrors()
    {
        var result = await RunAsync("responsesErrors");

        var previous = result.GetProperty("unknownPrevious");
        Assert.Equal((404, "previous_response_id"), (previous.GetProperty("status").GetInt32(), previous.GetProperty("param").GetString()));
        var orphan = result.GetProperty("orphanOutput");
        Assert.Equal((400, "invalid_request_error"), (orphan.GetProperty("status").GetInt32(), orphan.GetProperty("type").GetString()));
        Assert.Contains("call_x", orphan.GetProperty("message").GetString());
    }
}
