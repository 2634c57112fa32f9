using System.Text.Json.Serialization;
using Antigravity.ClusterState.Routing;

namespace Antigravity.Gateway.State;

/// <summary>JSON of the cluster-state records the Gateway reads from Redis (written by AccountService and QuotaWorker
/// with web defaults: camelCase; enums as names or numbers).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, UseStringEnumConverter = true, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(GatewaySettings))]
[JsonSerializable(typeof(ModelGroup))]
[JsonSerializable(typeof(CatalogModel))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
