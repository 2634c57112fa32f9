using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;

namespace Antigravity.AdminClient;

/// <summary>
/// Typed client of AccountService's admin API (<c>/api/...</c>). The <see cref="HttpClient"/> carries the base address
/// and the <c>Authorization: Bearer &lt;Admin:ApiKey&gt;</c> header (<see cref="Create"/> or
/// <c>services.AddAdminApiClient()</c> set both). Errors throw <see cref="AdminApiException"/>.
/// </summary>
public sealed partial class AdminApiClient(HttpClient http)
{
    private static readonly AdminJsonContext Json = AdminJsonContext.Default;

    /// <summary>A client of its own (for tools); services should use <c>services.AddAdminApiClient()</c>.</summary>
    public static AdminApiClient Create(Uri baseAddress, string adminApiKey, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentException.ThrowIfNullOrEmpty(adminApiKey);
        var client = handler is null ? new HttpClient() : new HttpClient(handler);
        client.BaseAddress = WithTrailingSlash(baseAddress);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminApiKey);
        client.Timeout = TimeSpan.FromMinutes(5);
        return new AdminApiClient(client);
    }

    internal static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    private static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return Uri.EscapeDataString(value);
    }

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, type, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TResponse> SendAsync<TRequest, TResponse>(
        HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, requestType) };
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, responseType, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TResponse> PostAsync<TResponse>(string path, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(path, content: null, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, responseType, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentType?.MediaType is { } mediaType && !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            throw new AdminApiException((int)response.StatusCode, null, $"{(int)response.StatusCode} {response.ReasonPhrase} with {mediaType}, not JSON", wrongService: true);
        }

        return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
            ?? throw new AdminApiException((int)response.StatusCode, null, "The admin API answered with an empty body.");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        AdminProblem? problem = null;
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                problem = await response.Content.ReadFromJsonAsync(Json.AdminProblem, cancellationToken).ConfigureAwait(false);
            }
            catch (System.Text.Json.JsonException)
            {
                // Not a ProblemDetails body: fall back to the status line below.
            }

            if (problem is { Title: null, Status: null })
            {
                problem = null; // some other JSON error format: another service answered
            }
        }

        var status = (int)response.StatusCode;
        var message = problem is null
            ? $"{status} {response.ReasonPhrase}" + (response.StatusCode == HttpStatusCode.Unauthorized ? ": check the admin key (Admin:ApiKey)." : "")
            : string.Join(": ", new[] { problem.Title, problem.Detail }.Where(s => !string.IsNullOrEmpty(s)))
              + (problem.Errors is { Count: > 0 } errors ? " (" + string.Join("; ", errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"))) + ")" : "");
        throw new AdminApiException(status, problem, message, wrongService: status == 404 && problem?.Detail is null);
    }
}
