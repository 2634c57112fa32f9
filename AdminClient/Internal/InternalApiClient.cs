using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Antigravity.AdminClient.Internal;

/// <summary>
/// AccountService's internal API (<c>/internal/...</c>) as the Gateway and QuotaWorker call it, one named
/// <see cref="HttpClient"/> per call. Register with <c>services.AddInternalApiClient()</c>, which reads
/// <see cref="InternalApiOptions"/> from AccountService's Aspire service reference and <c>Internal:ApiKey</c>.
/// </summary>
public sealed class InternalApiClient(IHttpClientFactory httpFactory, IOptions<InternalApiOptions> options)
{
    /// <summary>The named <see cref="HttpClient"/> (tests add handlers to it).</summary>
    public const string HttpClientName = "accountservice";

    /// <summary>False when AccountService's address is not configured: then nothing can be sent.</summary>
    public bool IsConfigured => options.Value.BaseAddress.Length > 0;

    /// <summary>True when a bearer key is configured.</summary>
    public bool HasKey => options.Value.ApiKey.Length > 0;

    /// <summary>
    /// <c>POST /internal/accounts/{id}/refresh</c>: AccountService answers 200 once a fresh access token is in Redis
    /// (single-flight across its replicas). With <paramref name="staleBefore"/>, a token obtained before that instant
    /// (the one the upstream just rejected) does not count as fresh.
    /// </summary>
    /// <exception cref="HttpRequestException">AccountService is unreachable.</exception>
    /// <exception cref="UriFormatException">The configured address is not a URI.</exception>
    public async Task<HttpStatusCode> RefreshAsync(string accountId, DateTimeOffset? staleBefore, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var settings = options.Value;
        var query = staleBefore is { } at ? $"?staleBefore={at.ToUnixTimeMilliseconds()}" : "";
        using var request = new HttpRequestMessage(
            HttpMethod.Post, new Uri($"{settings.BaseAddress.TrimEnd('/')}/internal/accounts/{Uri.EscapeDataString(accountId)}/refresh{query}"));
        if (settings.ApiKey.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        }

        using var http = httpFactory.CreateClient(HttpClientName);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.StatusCode;
    }
}
