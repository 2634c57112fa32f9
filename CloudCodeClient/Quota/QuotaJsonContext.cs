using System.Text.Json.Serialization;

namespace Antigravity.CloudCodeClient.Quota;

/// <summary>Source-generated JSON for the quota wire types. Numbers sent as strings are accepted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AvailableModels))]
[JsonSerializable(typeof(FetchAvailableModelsRequest))]
[JsonSerializable(typeof(UpstreamErrorEnvelope))]
public sealed partial class QuotaJsonContext : JsonSerializerContext;
