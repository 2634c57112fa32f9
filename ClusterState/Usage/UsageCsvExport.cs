using System.Globalization;
using System.Text;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Users;
using StackExchange.Redis;

namespace Antigravity.ClusterState.Usage;

/// <summary>
/// Writes usage for a period as CSV (RFC 4180: comma-separated, CRLF line ends, a field with a comma, quote, CR or LF in
/// double quotes with its quotes doubled; UTF-8 without a byte order mark; a header row). One row per UTC day and id that
/// had any use that day, days ascending, then by name. Read from QuotaWorker's daily counters
/// (<see cref="RedisKeys.UsageDay"/>), names from the key, user and team hashes; a deleted key, user or team keeps its id
/// with an empty name. QuotaWorker (<c>/api/stats/usage/export</c>) and AccountService's admin API
/// (<c>/api/usage/export</c>, for the CLI) both serve it.
/// </summary>
public static class UsageCsvExport
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>The id that counters use for "no key/user/team" (the bootstrap key, a key without a user…).</summary>
    private const string None = "-";

    // Days read per round trip: a month at a time keeps memory bounded whatever the range.
    private const int DaysPerBatch = 31;

    // QuotaWorker's counter metrics (UsageKeys.Metrics), in the order of the CSV's columns.
    private static readonly string[] s_metrics = ["requests", "input", "output", "cached", "thinking", "errors", "latencyMs"];

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The header row's fields for <paramref name="by"/>.</summary>
    public static IReadOnlyList<string> Header(string by) =>
    [
        "date",
        .. by == "model" ? ["model"] : new[] { $"{by}_id", $"{by}_name" },
        "requests", "input_tokens", "output_tokens", "cached_tokens", "thinking_tokens", "errors", "avg_latency_ms",
    ];

    public static async Task WriteAsync(IDatabase db, UsageExportQuery query, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(query);
        var writer = new StreamWriter(output, s_utf8, bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await using var _ = writer.ConfigureAwait(false);
        await WriteRowAsync(writer, Header(query.By)).ConfigureAwait(false);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var first = 0; first < query.Days; first += DaysPerBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var days = Enumerable.Range(first, Math.Min(DaysPerBatch, query.Days - first)).Select(query.From.AddDays).ToList();
            var batch = db.CreateBatch();
            var reads = days.Select(d => batch.HashGetAllAsync(RedisKeys.UsageDay(new DateTimeOffset(d, TimeOnly.MinValue, TimeSpan.Zero), query.By))).ToList();
            batch.Execute();
            var counted = new List<Dictionary<string, long[]>>(days.Count);
            foreach (var read in reads)
            {
                counted.Add(Parse(await read.ConfigureAwait(false)));
            }

            await ReadNamesAsync(db, query.By, counted.SelectMany(c => c.Keys).Distinct(StringComparer.Ordinal).Where(id => !names.ContainsKey(id)).ToList(), names).ConfigureAwait(false);
            for (var d = 0; d < days.Count; d++)
            {
                foreach (var (id, sums) in counted[d].OrderBy(c => names[c.Key], StringComparer.Ordinal).ThenBy(c => c.Key, StringComparer.Ordinal))
                {
                    await WriteRowAsync(writer, Row(query, days[d], id, names[id], sums)).ConfigureAwait(false);
                }
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One field as RFC 4180 writes it.</summary>
    public static string Quote(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>
    /// A name or model as a spreadsheet reads it as text: one starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or
    /// a CR gets a leading apostrophe, so a client's model name such as <c>=HYPERLINK(…)</c> is never run as a formula
    /// (OWASP, "CSV Injection").
    /// </summary>
    public static string Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
    }

    private static List<string> Row(UsageExportQuery query, DateOnly day, string id, string name, long[] sums)
    {
        var row = new List<string>(10) { UsageExportQuery.Day(day) };
        if (query.By == "model")
        {
            row.Add(Text(id));
        }
        else
        {
            row.Add(id);
            row.Add(Text(name));
        }

        for (var m = 0; m < 6; m++)
        {
            row.Add(sums[m].ToString(CultureInfo.InvariantCulture));
        }

        row.Add(sums[0] == 0 ? "0" : Math.Round((double)sums[6] / sums[0], 1).ToString("0.#", CultureInfo.InvariantCulture));
        return row;
    }

    private static Task WriteRowAsync(StreamWriter writer, IEnumerable<string> fields) =>
        writer.WriteLineAsync(string.Join(',', fields.Select(Quote)));

    // id → the metrics' values, from fields "<id>|<metric>" (an id may contain '|': the metric follows the last one).
    private static Dictionary<string, long[]> Parse(HashEntry[] entries)
    {
        var sums = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var field = entry.Name.ToString();
            var separator = field.LastIndexOf('|');
            var metric = separator < 0 ? -1 : Array.IndexOf(s_metrics, field[(separator + 1)..]);
            if (metric < 0 || !entry.Value.TryParse(out long value))
            {
                continue;
            }

            var id = field[..separator];
            if (!sums.TryGetValue(id, out var values))
            {
                sums[id] = values = new long[s_metrics.Length];
            }

            values[metric] += value;
        }

        return sums;
    }

    private static async Task ReadNamesAsync(IDatabase db, string by, List<string> ids, Dictionary<string, string> names)
    {
        if (by == "model")
        {
            ids.ForEach(id => names[id] = id);
            return;
        }

        // The hashes are in as many slots as ids on a cluster: one HGET each, pipelined.
        var batch = db.CreateBatch();
        var reads = ids.Select(id => id == None ? Task.FromResult(RedisValue.Null) : batch.HashGetAsync(by switch
        {
            "key" => RedisKeys.ApiKey(id),
            "user" => RedisKeys.User(id),
            _ => RedisKeys.Team(id),
        }, by == "key" ? ApiKeyFields.Name : UserFields.Name)).ToList();
        batch.Execute();
        for (var i = 0; i < ids.Count; i++)
        {
            var name = await reads[i].ConfigureAwait(false);
            names[ids[i]] = ids[i] == None ? NoneName(by) : name.IsNullOrEmpty ? "" : name.ToString();
        }
    }

    private static string NoneName(string by) => by switch
    {
        "key" => "(bootstrap key)",
        "user" => "(no user)",
        _ => "(no team)",
    };
}
