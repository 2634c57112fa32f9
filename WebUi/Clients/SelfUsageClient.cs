using System.Globalization;
using System.Text.Json.Serialization.Metadata;

namespace Antigravity.WebUi.Clients;

/// <summary>Typed client of QuotaWorker's self-service routes (<c>/api/self/usage</c>, <c>/api/self/logs</c>): the
/// signed-in user's own usage and requests, filtered to her by QuotaWorker whatever is asked (issue 20).</summary>
public sealed class SelfUsageClient(HttpClient http)
{
    private static readonly ClientJsonContext Json = ClientJsonContext.Default;

    /// <summary>Daily usage over [<paramref name="from"/>, <paramref name="to"/>], in all or per key of hers (<paramref name="perKey"/>).</summary>
    public Task<UsageSeriesResponse> GetUsageAsync(DateTimeOffset from, DateTimeOffset to, bool perKey, CancellationToken cancellationToken) =>
        GetAsync($"/api/self/usage?granularity=day&from={Time(from)}&to={Time(to)}{(perKey ? "&groupBy=key" : "")}", Json.UsageSeriesResponse, cancellationToken);

    public Task<LogPage> GetLogsAsync(int page, int pageSize, CancellationToken cancellationToken) =>
        GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/self/logs?page={page}&pageSize={pageSize}"), Json.LogPage, cancellationToken);

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        await Backend.EnsureSuccessAsync(Backend.QuotaWorker, response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(type, cancellationToken)
            ?? throw new System.Text.Json.JsonException($"{path} answered an empty body");
    }

    private static string Time(DateTimeOffset at) => Uri.EscapeDataString(at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
}
