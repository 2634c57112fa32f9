using System.Text.Json.Serialization.Metadata;

namespace Antigravity.WebUi.Clients;

/// <summary>Typed client of QuotaWorker's statistics and request-log API (<c>/api/stats/…</c>, <c>/api/logs</c>).</summary>
public sealed class StatsClient(HttpClient http)
{
    public const string Service = "QuotaWorker";

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        await Backend.EnsureSuccessAsync(Service, response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(type, cancellationToken)
            ?? throw new System.Text.Json.JsonException($"{path} answered an empty body");
    }
}
