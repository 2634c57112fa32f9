using System.Globalization;

namespace Antigravity.AdminClient;

public sealed partial class AdminApiClient
{
    /// <summary>
    /// Copies usage for the UTC days <paramref name="from"/> to <paramref name="to"/> (both included, at most 366 days) as
    /// CSV to <paramref name="destination"/>: one row per day and <paramref name="by"/> (<c>key</c>, <c>user</c>,
    /// <c>team</c> or <c>model</c>), with a header row (issue 20).
    /// </summary>
    public async Task ExportUsageCsvAsync(DateOnly from, DateOnly to, string by, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(by);
        ArgumentNullException.ThrowIfNull(destination);
        var path = $"api/usage/export?from={Day(from)}&to={Day(to)}&by={Uri.EscapeDataString(by)}";
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentType?.MediaType is not "text/csv")
        {
            throw new AdminApiException((int)response.StatusCode, null,
                $"{(int)response.StatusCode} {response.ReasonPhrase} with {response.Content.Headers.ContentType?.MediaType ?? "no content type"}, not CSV", wrongService: true);
        }

        await response.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
