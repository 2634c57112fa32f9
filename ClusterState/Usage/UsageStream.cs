using System.Text.Json;
using System.Text.Json.Serialization;
using Antigravity.ClusterState.Messages;
using StackExchange.Redis;

namespace Antigravity.ClusterState.Usage;

/// <summary>
/// The usage and request-log records on their way from the Gateway to QuotaWorker: a Redis stream
/// (<see cref="RedisKeys.UsageRecords"/>) that every replica appends to (<c>XADD</c>) and QuotaWorker reads with one consumer
/// group (<see cref="Group"/>). An entry is acknowledged and deleted by the same script that counts it, so a record is in
/// the stream until it is counted, whoever stops meanwhile; an entry read by a worker that died is claimed by another.
/// One entry: <see cref="RecordField"/> (the <see cref="RequestCompleted"/> JSON) and, when the request was traced,
/// <see cref="TraceParentField"/> (W3C <c>traceparent</c>) so the worker's span links to the request's trace.
/// </summary>
public static class UsageStream
{
    /// <summary>The consumer group QuotaWorker replicas share.</summary>
    public const string Group = "quota-worker";

    public const string RecordField = "r";

    public const string TraceParentField = "tp";

    /// <summary>The fields of one stream entry.</summary>
    public static NameValueEntry[] ToEntry(RequestCompleted record, string? traceParent)
    {
        ArgumentNullException.ThrowIfNull(record);
        var json = JsonSerializer.SerializeToUtf8Bytes(record, UsageJsonContext.Default.RequestCompleted);
        return traceParent is null
            ? [new(RecordField, json)]
            : [new(RecordField, json), new(TraceParentField, traceParent)];
    }

    /// <summary>The record of a stream entry; null when the entry is not one (a malformed or foreign entry).</summary>
    public static RequestCompleted? Parse(StreamEntry entry)
    {
        var json = entry[RecordField];
        if (json.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize((byte[])json!, UsageJsonContext.Default.RequestCompleted);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Source-generated JSON for the usage records (web defaults: camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RequestCompleted))]
public sealed partial class UsageJsonContext : JsonSerializerContext;
