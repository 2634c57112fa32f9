using System.Text.Json.Serialization;

namespace Antigravity.Gateway.Upstream;

/// <summary>Source-generated JSON for the Gemini/v1internal wire types (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    // A client body naming a field twice is refused as a 400: last-wins would hide which one counts, and a JsonObject
    // holding duplicates throws when a rule reads it (found by the fuzzer, issue 15).
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(GenerateContentRequest))]
[JsonSerializable(typeof(GenerateContentResponse))]
[JsonSerializable(typeof(RequestEnvelope))]
[JsonSerializable(typeof(CountTokensEnvelope))]
[JsonSerializable(typeof(CountTokensResponse))]
[JsonSerializable(typeof(GoogleErrorBody))]
internal sealed partial class UpstreamJsonContext : JsonSerializerContext;
