using System.Text.Json.Serialization;

namespace Antigravity.Gateway.Upstream;

/// <summary>Source-generated JSON for the Gemini/v1internal wire types (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(GenerateContentRequest))]
[JsonSerializable(typeof(GenerateContentResponse))]
[JsonSerializable(typeof(RequestEnvelope))]
[JsonSerializable(typeof(CountTokensEnvelope))]
[JsonSerializable(typeof(CountTokensResponse))]
[JsonSerializable(typeof(GoogleErrorBody))]
internal sealed partial class UpstreamJsonContext : JsonSerializerContext;
