using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Antigravity.Gateway.OpenAi.ChatCompletions;
using Antigravity.Gateway.OpenAi.Embeddings;
using Antigravity.Gateway.OpenAi.Responses;

namespace Antigravity.Gateway.OpenAi;

/// <summary>Source-generated JSON for the OpenAI wire types (snake_case, nulls omitted unless a type says otherwise).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    // A client body naming a field twice is refused as a 400: last-wins would hide which one counts, and a JsonObject
    // holding duplicates throws when a rule reads it (found by the fuzzer, issue 15).
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletion))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(OpenAiErrorBody))]
[JsonSerializable(typeof(OpenAiModelList))]
[JsonSerializable(typeof(ResponsesRequest))]
[JsonSerializable(typeof(EmbeddingsRequest))]
[JsonSerializable(typeof(ResponseObject))]
[JsonSerializable(typeof(ResponseItem))]
[JsonSerializable(typeof(ResponseEvent))]
[JsonSerializable(typeof(StoredResponse))]
[JsonSerializable(typeof(DeletedResponse))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class OpenAiJsonContext : JsonSerializerContext;

/// <summary><c>{"error":{"message","type","param","code"}}</c>.</summary>
internal sealed record OpenAiErrorBody(OpenAiError Error);

internal sealed record OpenAiError(
    string Message,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Param,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Code);
