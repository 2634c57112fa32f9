using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Antigravity.CloudCodeClient.CodeAssist;

/// <summary>
/// Project and tier discovery (cloudcode.md §6.2, §6.3): <c>loadCodeAssist</c> (prod first) and <c>onboardUser</c>, a
/// long-running operation polled until done. Moves to the next base URL on 408, 404, 5xx and network errors (§1.1);
/// any other refusal throws <see cref="CodeAssistException"/>. Register as a typed <see cref="HttpClient"/>.
/// </summary>
public sealed class CodeAssistClient(HttpClient http, IOptions<CloudCodeOptions> options, TimeProvider time)
{
    public Task<LoadCodeAssistResponse> LoadCodeAssistAsync(string accessToken, string? projectId, CancellationToken cancellationToken) =>
        PostAsync(options.Value.LoadCodeAssistBaseUrls, "v1internal:loadCodeAssist", accessToken,
            new LoadCodeAssistRequest { CloudaicompanionProject = projectId, Metadata = new ClientMetadata { DuetProject = projectId } },
            CodeAssistJsonContext.Default.LoadCodeAssistRequest, CodeAssistJsonContext.Default.LoadCodeAssistResponse, cancellationToken);

    /// <summary>
    /// Provisions the managed project: POSTs onboardUser, then polls the operation (<c>GET v1internal/{name}</c>, or re-POSTs
    /// when the operation has no name) every <paramref name="pollInterval"/> until done, at most <paramref name="maxPolls"/> times.
    /// Returns the project id, or null when the operation never finished.
    /// </summary>
    public async Task<string?> OnboardUserAsync(
        string accessToken, string tierId, string? projectId, TimeSpan pollInterval, int maxPolls, CancellationToken cancellationToken)
    {
        var request = new OnboardUserRequest { TierId = tierId, CloudaicompanionProject = projectId, Metadata = new ClientMetadata { DuetProject = projectId } };
        var baseUrls = options.Value.BaseUrls;
        OnboardOperation? operation = null;
        operation = await Polling(pollInterval, maxPolls).ExecuteAsync(async ct => operation = operation?.Name is { Length: > 0 } name
            ? await GetAsync(baseUrls, $"v1internal/{name}", accessToken, CodeAssistJsonContext.Default.OnboardOperation, ct).ConfigureAwait(false)
            : await PostAsync(baseUrls, "v1internal:onboardUser", accessToken, request,
                CodeAssistJsonContext.Default.OnboardUserRequest, CodeAssistJsonContext.Default.OnboardOperation, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

        return operation.Done ? ProjectIds.Read(operation.Response?.CloudaicompanionProject ?? default) : null;
    }

    /// <summary>Repeats the call after <paramref name="pollInterval"/> while the operation is not done, at most
    /// <paramref name="maxPolls"/> times; errors are not retried (the host fallback already ran).</summary>
    private ResiliencePipeline<OnboardOperation> Polling(TimeSpan pollInterval, int maxPolls) => maxPolls < 1
        ? ResiliencePipeline<OnboardOperation>.Empty
        : new ResiliencePipelineBuilder<OnboardOperation> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<OnboardOperation>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { Done: false }),
                MaxRetryAttempts = maxPolls,
                Delay = pollInterval,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
            })
            .Build();

    private Task<TResponse> PostAsync<TRequest, TResponse>(
        IReadOnlyList<string> baseUrls, string path, string accessToken, TRequest body,
        JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) =>
        SendAsync(baseUrls, baseUrl => new HttpRequestMessage(HttpMethod.Post, $"{baseUrl.TrimEnd('/')}/{path}")
        {
            Content = JsonContent.Create(body, requestType),
        }, accessToken, responseType, cancellationToken);

    private Task<TResponse> GetAsync<TResponse>(
        IReadOnlyList<string> baseUrls, string path, string accessToken, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) =>
        SendAsync(baseUrls, baseUrl => new HttpRequestMessage(HttpMethod.Get, $"{baseUrl.TrimEnd('/')}/{path}"), accessToken, responseType, cancellationToken);

    private async Task<TResponse> SendAsync<TResponse>(
        IReadOnlyList<string> baseUrls, Func<string, HttpRequestMessage> createRequest, string accessToken,
        JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var baseUrl in baseUrls)
        {
            using var request = createRequest(baseUrl);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            request.Headers.UserAgent.ParseAdd(options.Value.UserAgent);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                last = e;
                continue;
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadFromJsonAsync(responseType, cancellationToken).ConfigureAwait(false)
                        ?? throw new CodeAssistException((int)response.StatusCode, null, "The upstream answered with an empty body.", null);
                }

                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                last = CodeAssistException.FromBody((int)response.StatusCode, body);
                if (!TryNextHost(response.StatusCode))
                {
                    throw last;
                }
            }
        }

        throw last ?? new InvalidOperationException("CloudCode:BaseUrls is empty.");
    }

    private static bool TryNextHost(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.NotFound || (int)status >= 500;
}
