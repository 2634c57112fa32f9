using System.Text.Json.Serialization;
using Antigravity.Gateway.Gemini.Caching;
using Antigravity.Gateway.Gemini.Files;

namespace Antigravity.Gateway.Gemini;

/// <summary>Source-generated JSON for the Gemini API's own resources (camelCase, nulls omitted). Generation requests and
/// responses use the upstream types of <see cref="Upstream.UpstreamJsonContext"/>, which share Gemini's shape.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    // A client body naming a field twice is refused as a 400: last-wins would hide which one counts, and a JsonObject
    // holding duplicates throws when a rule reads it (found by the fuzzer, issue 15).
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(GeminiFile))]
[JsonSerializable(typeof(GeminiFileEnvelope))]
[JsonSerializable(typeof(GeminiFileList))]
[JsonSerializable(typeof(CachedContent))]
[JsonSerializable(typeof(CachedContentList))]
[JsonSerializable(typeof(GeminiModel))]
[JsonSerializable(typeof(GeminiModelList))]
[JsonSerializable(typeof(CountTokensRequestBody))]
[JsonSerializable(typeof(GeminiTokenCount))]
[JsonSerializable(typeof(EmptyBody))]
[JsonSerializable(typeof(EmbedContentBody))]
[JsonSerializable(typeof(BatchEmbedContentsBody))]
internal sealed partial class GeminiJsonContext : JsonSerializerContext;

/// <summary><c>{}</c>: the answer to a delete.</summary>
internal sealed record EmptyBody;

/// <summary>A Gemini <c>Model</c> resource.</summary>
internal sealed record GeminiModel(string Name, string BaseModelId, string Version, string DisplayName, string Description,
    int InputTokenLimit, int OutputTokenLimit, List<string> SupportedGenerationMethods, bool Thinking);

internal sealed record GeminiModelList(List<GeminiModel> Models);

/// <summary><c>countTokens</c> body: <c>contents</c>, or a whole <c>generateContentRequest</c>.</summary>
internal sealed record CountTokensRequestBody(List<Upstream.Content>? Contents, Upstream.GenerateContentRequest? GenerateContentRequest);

internal sealed record GeminiTokenCount(int TotalTokens);
