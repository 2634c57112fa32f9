using System.Text.Json;
using System.Text.Json.Serialization;
using Antigravity.ClusterState.Usage;

namespace Antigravity.WebUi.Clients;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(StatsSummary))]
[JsonSerializable(typeof(UsageSeriesResponse))]
[JsonSerializable(typeof(KeyUsage))]
[JsonSerializable(typeof(LogPage))]
[JsonSerializable(typeof(RequestLogEntry))]
[JsonSerializable(typeof(PoolView))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;

/// <summary>The parts of an RFC 9457 ProblemDetails (or a plain <c>{"error": …}</c>) that the panel shows.</summary>
internal sealed record ProblemBody(string? Title, string? Detail, string? Error);

/// <summary>The Anthropic Messages wire format (snake_case) for "try it".</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TryItRequest))]
[JsonSerializable(typeof(TryItResponse))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
