using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Antigravity.ClusterState.Usage;

namespace Antigravity.WebUi.Clients;

/// <summary>Typed client of QuotaWorker's statistics and request-log API (<c>/api/stats/…</c>, <c>/api/logs</c>, <c>/api/pool</c>).</summary>
public sealed class StatsClient(HttpClient http)
{
    public const string Service = "QuotaWorker";

    private static readonly ClientJsonContext Json = ClientJsonContext.Default;

    public Task<StatsSummary> GetSummaryAsync(CancellationToken cancellationToken) =>
        GetAsync("/api/stats/summary", Json.StatsSummary, cancellationToken);

    /// <summary>Hourly (or daily) series over [<paramref name="from"/>, <paramref name="to"/>], one per model/account/key or one in all.</summary>
    public Task<UsageSeriesResponse> GetUsageAsync(DateTimeOffset from, DateTimeOffset to, string? groupBy, string granularity, CancellationToken cancellationToken) =>
        GetAsync(Query("/api/stats/usage", ("from", Time(from)), ("to", Time(to)), ("groupBy", groupBy), ("granularity", granularity)),
            Json.UsageSeriesResponse, cancellationToken);

    public Task<KeyUsage> GetKeyUsageAsync(string keyId, CancellationToken cancellationToken) =>
        GetAsync($"/api/stats/keys/{Uri.EscapeDataString(keyId)}", Json.KeyUsage, cancellationToken);

    public Task<LogPage> GetLogsAsync(LogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var path = Query("/api/logs",
            ("model", query.Model), ("account", query.Account), ("key", query.Key), ("user", query.User), ("team", query.Team), ("status", query.Status),
            ("from", query.From is { } f ? Time(f) : null), ("to", query.To is { } t ? Time(t) : null),
            ("page", query.Page.ToString(CultureInfo.InvariantCulture)), ("pageSize", query.PageSize.ToString(CultureInfo.InvariantCulture)));
        return GetAsync(path, Json.LogPage, cancellationToken);
    }

    public Task<RequestLogEntry> GetLogAsync(string requestId, CancellationToken cancellationToken) =>
        GetAsync($"/api/logs/{Uri.EscapeDataString(requestId)}", Json.RequestLogEntry, cancellationToken);

    /// <summary>Usage for the UTC days [<paramref name="from"/>, <paramref name="to"/>] as CSV, one row per day and
    /// <paramref name="by"/> (<c>key</c>, <c>user</c>, <c>team</c>, <c>model</c>); at most 366 days, so it fits in memory.</summary>
    public async Task<byte[]> ExportUsageCsvAsync(DateOnly from, DateOnly to, string by, CancellationToken cancellationToken)
    {
        var path = Query("/api/stats/usage/export", ("from", Day(from)), ("to", Day(to)), ("by", by));
        using var response = await http.GetAsync(path, cancellationToken);
        await Backend.EnsureSuccessAsync(Service, response, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    public Task<PoolView> GetPoolAsync(CancellationToken cancellationToken) =>
        GetAsync("/api/pool", Json.PoolView, cancellationToken);

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        await Backend.EnsureSuccessAsync(Service, response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(type, cancellationToken)
            ?? throw new System.Text.Json.JsonException($"{path} answered an empty body");
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static string Query(string path, params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!.Trim())}").ToList();
        return present.Count == 0 ? path : $"{path}?{string.Join('&', present)}";
    }
}
