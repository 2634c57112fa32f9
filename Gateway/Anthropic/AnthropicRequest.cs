using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Antigravity.Gateway.Anthropic;

// Anthropic Messages API request shapes (what Claude Code and the SDK send, clients.md). Unknown fields are ignored.

internal sealed class MessagesRequest
{
    public string? Model { get; set; }
    public List<InputMessage>? Messages { get; set; }
    [JsonConverter(typeof(BlocksConverter))]
    public List<ContentBlock>? System { get; set; }
    public int? MaxTokens { get; set; }
    public bool? Stream { get; set; }
    public double? Temperature { get; set; }
    public double? TopP { get; set; }
    public int? TopK { get; set; }
    public List<string>? StopSequences { get; set; }
    public List<ToolDefinition>? Tools { get; set; }
    public ToolChoice? ToolChoice { get; set; }
    public ThinkingParam? Thinking { get; set; }
    public OutputConfig? OutputConfig { get; set; }
    public RequestMetadata? Metadata { get; set; }
    public JsonNode? ContextManagement { get; set; }
}

internal sealed class InputMessage
{
    public string? Role { get; set; }
    [JsonConverter(typeof(BlocksConverter))]
    public List<ContentBlock>? Content { get; set; }
}

internal sealed class ContentBlock
{
    public string? Type { get; set; }
    public string? Text { get; set; }
    public BlockSource? Source { get; set; }
    public string? Id { get; set; }
    public string? Name { get; set; }
    public JsonNode? Input { get; set; }
    public string? ToolUseId { get; set; }
    [JsonConverter(typeof(BlocksConverter))]
    public List<ContentBlock>? Content { get; set; }
    public bool? IsError { get; set; }
    public string? Thinking { get; set; }
    public string? Signature { get; set; }
    public string? Data { get; set; }
    /// <summary>Non-standard: a Gemini thought signature some proxies attach to tool_use blocks.</summary>
    public string? ThoughtSignature { get; set; }
}

internal sealed class BlockSource
{
    public string? Type { get; set; }
    public string? MediaType { get; set; }
    public string? Data { get; set; }
    public string? Url { get; set; }
}

internal sealed class ToolDefinition
{
    public string? Type { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public JsonNode? InputSchema { get; set; }
}

internal sealed class ToolChoice
{
    public string? Type { get; set; }
    public string? Name { get; set; }
}

internal sealed class ThinkingParam
{
    /// <summary><c>enabled</c>, <c>disabled</c> or <c>adaptive</c>.</summary>
    public string? Type { get; set; }
    public int? BudgetTokens { get; set; }
}

internal sealed class OutputConfig
{
    public string? Effort { get; set; }
}

internal sealed class RequestMetadata
{
    /// <summary>Claude Code sends a JSON string <c>{"device_id","account_uuid","session_id"}</c>.</summary>
    public string? UserId { get; set; }
}

/// <summary>Content that is either a string (one text block) or an array of blocks.</summary>
internal sealed class BlocksConverter : JsonConverter<List<ContentBlock>>
{
    public override List<ContentBlock>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return [new ContentBlock { Type = "text", Text = reader.GetString() }];
            case JsonTokenType.StartArray:
                var list = new List<ContentBlock>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        list.Add(new ContentBlock { Type = "text", Text = reader.GetString() });
                        continue;
                    }

                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw new JsonException("Each content block must be an object.");
                    }

                    list.Add(JsonSerializer.Deserialize(ref reader, AnthropicJsonContext.Default.ContentBlock)!);
                }

                return list;
            default:
                throw new JsonException("Content must be a string or an array of content blocks.");
        }
    }

    public override void Write(Utf8JsonWriter writer, List<ContentBlock> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, AnthropicJsonContext.Default.ListContentBlock);
}
