using System.Text.Json;
using System.Text.Json.Serialization;
using Antigravity.ClusterState.Usage;

namespace Antigravity.QuotaWorker.Api;

/// <summary>Source-generated JSON for the read API and the stored request-log entries (web defaults: camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RequestLogEntry))]
[JsonSerializable(typeof(StatsSummary))]
[JsonSerializable(typeof(UsageSeriesResponse))]
[JsonSerializable(typeof(KeyUsage))]
[JsonSerializable(typeof(LogPage))]
[JsonSerializable(typeof(PoolView))]
[JsonSerializable(typeof(ScanRequested))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
