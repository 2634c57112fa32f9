using System.Text.Json.Serialization;

namespace Antigravity.Gateway.Anthropic;

/// <summary>Source-generated JSON for the Anthropic wire types (snake_case, nulls omitted unless marked).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    // A client body naming a field twice is refused as a 400: last-wins would hide which one counts, and a JsonObject
    // holding duplicates throws when a rule reads it (found by the fuzzer, issue 15).
    AllowDuplicateProperties = false)]
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
