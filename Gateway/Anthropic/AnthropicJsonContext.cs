using System.Text.Json.Serialization;

namespace Antigravity.Gateway.Anthropic;

/// <summary>Source-generated JSON for the Anthropic wire types (snake_case, nulls omitted unless marked).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MessagesRequest))]
[JsonSerializable(typeof(ContentBlock))]
[JsonSerializable(typeof(List<ContentBlock>))]
[JsonSerializable(typeof(MessageResponse))]
[JsonSerializable(typeof(MessageStartEvent))]
[JsonSerializable(typeof(ContentBlockStartEvent))]
[JsonSerializable(typeof(ContentBlockDeltaEvent))]
[JsonSerializable(typeof(ContentBlockStopEvent))]
[JsonSerializable(typeof(MessageDeltaEvent))]
[JsonSerializable(typeof(TypeOnlyEvent))]
[JsonSerializable(typeof(ErrorEvent))]
[JsonSerializable(typeof(CountTokensResult))]
[JsonSerializable(typeof(ModelList))]
internal sealed partial class AnthropicJsonContext : JsonSerializerContext;
