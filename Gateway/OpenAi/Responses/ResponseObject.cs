using System.Text.Json;
using System.Text.Json.Serialization;

namespace Antigravity.Gateway.OpenAi.Responses;

/// <summary>The Responses-API <c>response</c> object.</summary>
internal sealed record ResponseObject
{
    public required string Id { get; init; }
    public string Object => "response";
    public long CreatedAt { get; init; }
    /// <summary><c>in_progress</c>, <c>completed</c>, <c>incomplete</c> or <c>failed</c>.</summary>
    public required string Status { get; init; }
    public required string Model { get; init; }
    public List<ResponseItem> Output { get; init; } = [];
    public ResponsesUsage? Usage { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Instructions { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? PreviousResponseId { get; init; }
    public ResponsesReasoning? Reasoning { get; init; }
    public List<ResponsesTool> Tools { get; init; } = [];
    public JsonElement? ToolChoice { get; init; }
    public bool ParallelToolCalls { get; init; } = true;
    public bool Store { get; init; }
    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    public int? MaxOutputTokens { get; init; }
    public ResponsesText? Text { get; init; }
    public string Truncation => "disabled";
    public JsonElement? Metadata { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ResponseFailure? Error { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public IncompleteDetails? IncompleteDetails { get; init; }
}

/// <summary>An output (or replayed input) item: <c>message</c>, <c>reasoning</c> or <c>function_call</c>; the fields of
/// the other kinds stay null and are not written.</summary>
internal sealed record ResponseItem
{
    public required string Type { get; init; }
    public string? Id { get; init; }
    public string? Status { get; init; }
    public string? Role { get; init; }
    public List<ResponsePart>? Content { get; init; }
    public List<ResponsePart>? Summary { get; init; }
    public string? CallId { get; init; }
    public string? Name { get; init; }
    public string? Arguments { get; init; }
}

/// <summary><c>output_text</c> (with annotations) or <c>summary_text</c>.</summary>
internal sealed record ResponsePart(string Type, string Text)
{
    public List<JsonElement>? Annotations { get; init; }
}

internal sealed record ResponsesUsage(long InputTokens, InputTokensDetails InputTokensDetails, long OutputTokens, OutputTokensDetails OutputTokensDetails, long TotalTokens);

internal sealed record InputTokensDetails(long CachedTokens);

internal sealed record OutputTokensDetails(long ReasoningTokens);

internal sealed record ResponseFailure(string Code, string Message);

internal sealed record IncompleteDetails(string Reason);

/// <summary>One typed streaming event (<c>response.created</c>, <c>response.output_text.delta</c>…); only the fields its type uses are set.</summary>
internal sealed record ResponseEvent(string Type)
{
    public int SequenceNumber { get; set; }
    public ResponseObject? Response { get; init; }
    public int? OutputIndex { get; init; }
    public ResponseItem? Item { get; init; }
    public string? ItemId { get; init; }
    public int? ContentIndex { get; init; }
    public int? SummaryIndex { get; init; }
    public ResponsePart? Part { get; init; }
    public string? Delta { get; init; }
    public string? Text { get; init; }
    public string? Arguments { get; init; }
    public string? Code { get; init; }
    public string? Message { get; init; }
}

/// <summary>What <c>store: true</c> keeps: the response and the whole conversation as input items, so a later
/// <c>previous_response_id</c> continues it.</summary>
internal sealed record StoredResponse(ResponseObject Response, List<JsonElement> Conversation);

internal sealed record DeletedResponse(string Id, bool Deleted)
{
    public string Object => "response.deleted";
}
