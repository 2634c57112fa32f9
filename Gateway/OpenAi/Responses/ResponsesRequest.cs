using System.Text.Json;

namespace Antigravity.Gateway.OpenAi.Responses;

/// <summary><c>POST /v1/responses</c> body (the fields this gateway honours; others are accepted and ignored).</summary>
internal sealed record ResponsesRequest
{
    public string? Model { get; init; }
    /// <summary>A string, or an array of input items (messages, <c>function_call</c>, <c>function_call_output</c>, <c>reasoning</c>).</summary>
    public JsonElement? Input { get; init; }
    public string? Instructions { get; init; }
    public List<ResponsesTool>? Tools { get; init; }
    public JsonElement? ToolChoice { get; init; }
    public bool? ParallelToolCalls { get; init; }
    public ResponsesReasoning? Reasoning { get; init; }
    public int? MaxOutputTokens { get; init; }
    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    public bool? Stream { get; init; }
    /// <summary>Default true, as on OpenAI: the response is kept for <c>previous_response_id</c>.</summary>
    public bool? Store { get; init; }
    public string? PreviousResponseId { get; init; }
    public ResponsesText? Text { get; init; }
    public JsonElement? Metadata { get; init; }
    public string? User { get; init; }
    public string? PromptCacheKey { get; init; }
}

/// <summary>A function tool (<c>{"type":"function","name","description","parameters"}</c>); hosted tools are skipped.</summary>
internal sealed record ResponsesTool(string? Type, string? Name, string? Description, JsonElement? Parameters, bool? Strict);

internal sealed record ResponsesReasoning(string? Effort, string? Summary);

internal sealed record ResponsesText(ResponsesTextFormat? Format);

internal sealed record ResponsesTextFormat(string? Type, string? Name, JsonElement? Schema, bool? Strict, string? Description);
