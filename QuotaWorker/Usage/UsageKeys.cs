using System.Globalization;
using Antigravity.ClusterState;

namespace Antigravity.QuotaWorker.Usage;

/// <summary>
/// Every usage and request-log key, all under <see cref="RedisKeys.UsagePrefix"/> and one hash tag (<c>{stats}</c>), because
/// the recording script touches the counters, the dedupe marker and the log together (Redis Cluster needs one slot).
/// Owner: QuotaWorker. Times are UTC.
/// <list type="table">
/// <item><term><c>usage:{stats}:seen:&lt;requestId&gt;</c></term><description>STRING <c>1</c>: the event was counted. TTL <see cref="UsageOptions.DedupeWindow"/> (2 days).</description></item>
/// <item><term><c>usage:{stats}:h:&lt;yyyyMMddHH&gt;:&lt;dim&gt;</c></term><description>HASH <c>&lt;id&gt;|&lt;metric&gt;</c> → integer, one per hour and
/// dimension (<c>all</c> with id <c>*</c>, <c>model</c>, <c>account</c>, <c>key</c>, <c>user</c>, <c>team</c>; issue 20). TTL <see cref="UsageOptions.HourlyRetention"/> (14 days).</description></item>
/// <item><term><c>usage:{stats}:d:&lt;yyyyMMdd&gt;:&lt;dim&gt;</c></term><description>HASH, the same per day. TTL <see cref="UsageOptions.DailyRetention"/> (400 days).</description></item>
/// <item><term><c>usage:{stats}:log</c></term><description>ZSET request id → start time (unix ms): the request log, newest last. No TTL;
/// trimmed to <c>RequestLog:MaxEntries</c> and <c>RequestLog:MaxAge</c> by the retention service.</description></item>
/// <item><term><c>usage:{stats}:log:e:&lt;requestId&gt;</c></term><description>STRING <c>RequestLogEntry</c> JSON. TTL <c>RequestLog:MaxAge</c>; deleted by retention.</description></item>
/// <item><term><c>usage:{stats}:log:i:&lt;field&gt;:&lt;value&gt;</c></term><description>ZSET request id → start time: a filter index by <c>model</c>, <c>account</c>,
/// <c>key</c>, <c>status</c> (HTTP code) and <c>outcome</c> (<c>ok</c>/<c>error</c>). No TTL; trimmed with the log, dropped when empty.</description></item>
/// <item><term><c>usage:{stats}:log:indexes</c></term><description>SET of the index suffixes (<c>&lt;field&gt;:&lt;value&gt;</c>) that exist, for retention. No TTL.</description></item>
/// <item><term><c>usage:{stats}:log:tmp:&lt;guid&gt;</c></term><description>ZSET, the intersection of several indexes for one query. TTL 30 s; deleted after the query.</description></item>
/// </list>
/// Ids with no value (no account tried, the bootstrap key) are counted under <see cref="None"/>.
/// </summary>
internal static class UsageKeys
{
    public const string None = "-";
    private const string Root = RedisKeys.UsagePrefix + "{stats}:";

    /// <summary>The counter metrics, in the order the recording script receives them.</summary>
    public static readonly string[] Metrics = ["requests", "input", "output", "cached", "thinking", "errors", "latencyMs"];

    /// <summary>The counter dimensions.</summary>
    public static readonly string[] Dimensions = ["all", "model", "account", "key", "user", "team"];

    public static string Seen(string requestId) => $"{Root}seen:{requestId}";

    public static string Hour(DateTimeOffset at, string dimension) => $"{Root}h:{at.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture)}:{dimension}";

    public static string Day(DateTimeOffset at, string dimension) => RedisKeys.UsageDay(at, dimension);

    public const string Log = Root + "log";

    public static string LogEntry(string requestId) => $"{Root}log:e:{requestId}";

    /// <summary>An index key from its suffix <c>&lt;field&gt;:&lt;value&gt;</c>.</summary>
    public static string LogIndex(string suffix) => $"{Root}log:i:{suffix}";

    public const string LogIndexes = Root + "log:indexes";

    public static string LogTemp() => $"{Root}log:tmp:{Guid.NewGuid():N}";

    /// <summary>The field of a counter hash.</summary>
    public static string Field(string id, string metric) => RedisKeys.UsageField(id, metric);
}
