using System.Text.Json;

namespace Antigravity.Gateway.OpenAi.ChatCompletions;

/// <summary><c>POST /v1/chat/completions</c> body. Fields whose JSON type varies (string or array or object) stay
/// <see cref="JsonElement"/> and are read by the translator.</summary>
internal sealed record ChatCompletionRequest
{
    public string? Model { get; init; }
    public List<ChatMessage>? Messages { get; init; }
    public bool? Stream { get; init; }
    public StreamOptions? StreamOptions { get; init; }
    public List<ChatTool>? Tools { get; init; }
    /// <summary><c>"none" | "auto" | "required" | {"type":"function","function":{"name"}}</c>.</summary>
    public JsonElement? ToolChoice { get; init; }
    public bool? ParallelToolCalls { get; init; }
    /// <summary><c>{"type":"text"|"json_object"|"json_schema","json_schema":{"name","schema","strict"}}</c>.</summary>
    public ResponseFormat? ResponseFormat { get; init; }
    public int? MaxTokens { get; init; }
    public int? MaxCompletionTokens { get; init; }
    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    public int? TopK { get; init; }
    /// <summary>A string or an array of up to four strings.</summary>
    public JsonElement? Stop { get; init; }
    public int? N { get; init; }
    public int? Seed { get; init; }
    public double? PresencePenalty { get; init; }
    public double? FrequencyPenalty { get; init; }
    /// <summary><c>none | minimal | low | medium | high</c> (and <c>auto</c>, which some clients send).</summary>
    public string? ReasoningEffort { get; init; }
    public string? User { get; init; }
}

internal sealed record StreamOptions(bool? IncludeUsage);

internal sealed record ChatMessage
{
    public string? Role { get; init; }
    /// <summary>A string, an array of content parts, or null (assistant turns with tool calls).</summary>
    public JsonElement? Content { get; init; }
    public string? Name { get; init; }
    public List<ChatToolCall>? ToolCalls { get; init; }
    public string? ToolCallId { get; init; }
    /// <summary>Some clients send the reasoning of an earlier turn back; it is dropped (unsigned thinking cannot be replayed).</summary>
    public string? ReasoningContent { get; init; }
}

internal sealed record ChatTool(string? Type, ChatFunction? Function);

internal sealed record ChatFunction(string? Name, string? Description, JsonElement? Parameters, bool? Strict);

internal sealed record ChatToolCall
{
    public int? Index { get; init; }
    public string? Id { get; init; }
    public string? Type { get; init; }
    public ChatToolCallFunction? Function { get; init; }
    /// <summary>Gemini thought signatures travel here (<c>extra_content.google.thought_signature</c>), as other gateways do.</summary>
    public ExtraContent? ExtraContent { get; init; }
}

internal sealed record ChatToolCallFunction(string? Name, string? Arguments);

internal sealed record ExtraContent(GoogleExtra? Google);

internal sealed record GoogleExtra(string? ThoughtSignature);

internal sealed record ResponseFormat(string? Type, JsonSchemaFormat? JsonSchema);

internal sealed record JsonSchemaFormat(string? Name, string? Description, JsonElement? Schema, bool? Strict);
