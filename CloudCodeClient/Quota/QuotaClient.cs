using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Antigravity.CloudCodeClient.Quota;

/// <summary>
/// Calls <c>v1internal:fetchAvailableModels</c> (cloudcode.md §7.1) with host fallback (§1.1: the next base URL on
/// 408, 404, 5xx and network errors) and, as AM does, one retry without <c>project</c> on a plain 403.
/// Register it as a typed <see cref="HttpClient"/>; it never retries on its own beyond that.
/// </summary>
public sealed class QuotaClient(HttpClient http, IOptions<CloudCodeOptions> options)
{
    private const string Method = "v1internal:fetchAvailableModels";

    /// <summary>Fetches one account's model catalogue and quota.</summary>
    /// <param name="accessToken">The account's Google access token.</param>
    /// <param name="projectId">The account's Cloud Code project, when known (more accurate quota).</param>
    public async Task<FetchAvailableModelsResult> FetchAvailableModelsAsync(string accessToken, string? projectId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);

        var result = await FetchAsync(accessToken, projectId, cancellationToken).ConfigureAwait(false);
        if (result.Status == HttpStatusCode.Forbidden && projectId is not null && !result.ValidationRequired && !result.Banned)
        {
            result = await FetchAsync(accessToken, null, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<FetchAvailableModelsResult> FetchAsync(string accessToken, string? projectId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        FetchAvailableModelsResult? last = null;
        foreach (var baseUrl in settings.BaseUrls)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl.TrimEnd('/')}/{Method}")
            {
                Content = JsonContent.Create(new FetchAvailableModelsRequest(projectId), QuotaJsonContext.Default.FetchAvailableModelsRequest),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            request.Headers.UserAgent.ParseAdd(settings.UserAgent);

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                last = new FetchAvailableModelsResult { Reason = "network_error", Message = ex.Message };
                continue;
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadFromJsonAsync(QuotaJsonContext.Default.AvailableModels, cancellationToken).ConfigureAwait(false);
                    return new FetchAvailableModelsResult { Models = (body ?? new AvailableModels()).Unwrap() };
                }

                last = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
                if (!TryNextHost(response.StatusCode))
                {
                    return last;
                }
            }
        }

        return last ?? new FetchAvailableModelsResult { Reason = "no_base_url" };
    }

    private static bool TryNextHost(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.NotFound || (int)status >= 500;

    private static async Task<FetchAvailableModelsResult> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        UpstreamErrorBody? error = null;
        try
        {
            var envelope = await response.Content.ReadFromJsonAsync(QuotaJsonContext.Default.UpstreamErrorEnvelope, cancellationToken).ConfigureAwait(false);
            error = envelope?.Error;
        }
        catch (JsonException)
        {
            // Not a Google RPC body (a proxy's HTML page, an empty 502): the status alone classifies it.
        }

        var info = error?.Details?.FirstOrDefault(d => d.Reason is not null);
        return new FetchAvailableModelsResult
        {
            Status = response.StatusCode,
            Reason = info?.Reason ?? error?.Status,
            Message = error?.Message ?? response.ReasonPhrase,
            Url = info?.MetadataValue("validation_url") ?? info?.MetadataValue("appeal_url"),
        };
    }
}
