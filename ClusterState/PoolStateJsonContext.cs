using System.Text.Json;
using System.Text.Json.Serialization;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Routing;

namespace Antigravity.ClusterState;

/// <summary>
/// Source-generated JSON (web defaults: camelCase) for the pool state values QuotaWorker writes and the Gateway reads:
/// <see cref="ModelQuota"/> in <see cref="RedisKeys.Quota"/> and <see cref="CatalogModel"/> in <see cref="RedisKeys.Catalog"/>.
/// Writer and readers must use this context so the field names agree.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelQuota))]
[JsonSerializable(typeof(CatalogModel))]
public sealed partial class PoolStateJsonContext : JsonSerializerContext;
