using System.Text.Json.Serialization;

namespace Antigravity.Gateway.OpenAi.ChatCompletions;

/// <summary>A non-streamed chat completion.</summary>
internal sealed record ChatCompletion(string Id, long Created, string Model, List<ChatChoice> Choices, ChatUsage? Usage)
{
    public string Object => "chat.completion";
}

internal sealed record ChatChoice(int Index, ChatResponseMessage Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FinishReason);

internal sealed record ChatResponseMessage
{
    public string Role => "assistant";
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Content { get; init; }
    public string? ReasoningContent { get; init; }
    public List<ChatToolCall>? ToolCalls { get; init; }
}

/// <summary>One <c>chat.completion.chunk</c>; <see cref="Choices"/> is empty on the final usage chunk.</summary>
internal sealed record ChatCompletionChunk(string Id, long Created, string Model, List<ChatChunkChoice> Choices)
{
    public string Object => "chat.completion.chunk";
    public ChatUsage? Usage { get; init; }
}

internal sealed record ChatChunkChoice(int Index, ChatDelta Delta,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FinishReason);

internal sealed record ChatDelta
{
    public string? Role { get; init; }
    public string? Content { get; init; }
    public string? ReasoningContent { get; init; }
    public List<ChatToolCall>? ToolCalls { get; init; }
}

internal sealed record ChatUsage(long PromptTokens, long CompletionTokens, long TotalTokens)
{
    public PromptTokensDetails? PromptTokensDetails { get; init; }
    public CompletionTokensDetails? CompletionTokensDetails { get; init; }
}

internal sealed record PromptTokensDetails(long CachedTokens);

internal sealed record CompletionTokensDetails(long ReasoningTokens);
