using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Antigravity.Gateway.Anthropic;

// Anthropic Messages API response and SSE event shapes (cloudcode.md §11.1, clients.md).

internal sealed class MessageResponse
{
    public required string Id { get; init; }
    public string Type { get; init; } = "message";
    public string Role { get; init; } = "assistant";
    public required string Model { get; init; }
    public List<ResponseBlock> Content { get; init; } = [];
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? StopReason { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? StopSequence { get; set; }
    public required AnthropicUsage Usage { get; set; }
}

internal sealed class ResponseBlock
{
    public required string Type { get; init; }
    public string? Id { get; init; }
    public string? Name { get; init; }
    public JsonNode? Input { get; set; }
    public string? Text { get; set; }
    public string? Thinking { get; set; }
    public string? Signature { get; set; }
    public ImageSource? Source { get; init; }
}

internal sealed record ImageSource(string Type, string MediaType, string Data);

internal sealed class AnthropicUsage
{
    public int InputTokens { get; set; }
    public int OutputTokens { get; set; }
    public int CacheCreationInputTokens { get; set; }
    public int CacheReadInputTokens { get; set; }
}

internal sealed record MessageStartEvent(MessageResponse Message)
{
    public string Type => "message_start";
}

internal sealed record ContentBlockStartEvent(int Index, ResponseBlock ContentBlock)
{
    public string Type => "content_block_start";
}

internal sealed record ContentBlockDeltaEvent(int Index, BlockDelta Delta)
{
    public string Type => "content_block_delta";
}

internal sealed record BlockDelta(string Type, string? Text = null, string? Thinking = null, string? Signature = null, string? PartialJson = null);

internal sealed record ContentBlockStopEvent(int Index)
{
    public string Type => "content_block_stop";
}

internal sealed record MessageDeltaEvent(MessageDelta Delta, AnthropicUsage Usage)
{
    public string Type => "message_delta";
}

internal sealed record MessageDelta(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? StopReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? StopSequence);

internal sealed record TypeOnlyEvent(string Type);

internal sealed record ErrorEvent(ErrorDetail Error)
{
    public string Type => "error";
}

internal sealed record ErrorDetail(string Type, string Message);

internal sealed record CountTokensResult(int InputTokens);

internal sealed record ModelList(List<ModelEntry> Data, bool HasMore, string? FirstId, string? LastId)
{
    public string Object => "list";
}

internal sealed record ModelEntry(string Id, string DisplayName, string CreatedAt, long Created)
{
    public string Type => "model";
    public string Object => "model";
    public string OwnedBy => "antigravity";
}
