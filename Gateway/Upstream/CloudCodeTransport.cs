using System.Net;
using System.Net.Http.Headers;
using Antigravity.CloudCodeClient;
using Microsoft.Extensions.Options;

namespace Antigravity.Gateway.Upstream;

/// <summary>
/// The upstream HTTP path, YARP style (STYLE.md rule 8): one long-lived <see cref="HttpMessageInvoker"/> over a tuned
/// <see cref="SocketsHttpHandler"/> — no redirects, cookies, proxy or decompression, no blanket retries or total timeout.
/// Idle timeouts are enforced by the stream reader; responses are read as they arrive, never buffered whole.
/// </summary>
internal sealed class CloudCodeTransport : IDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly CloudCodeOptions _options;

    public CloudCodeTransport(IOptions<CloudCodeOptions> cloudCode, IOptions<GatewayOptions> gateway)
    {
        _options = cloudCode.Value;
        _invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = gateway.Value.UpstreamConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            EnableMultipleHttp2Connections = true,
            // Each upstream call is a client span in the request's trace (the dashboard shows gateway → Redis → upstream),
            // but no trace headers go to Google: the no-output propagator keeps the span and sends nothing.
            ActivityHeadersPropagator = System.Diagnostics.DistributedContextPropagator.CreateNoOutputPropagator(),
        }, disposeHandler: true);
    }

    /// <summary>The generation hosts in fallback order (daily, then prod).</summary>
    public IReadOnlyList<string> BaseUrls => _options.BaseUrls;

    /// <summary>Sends one v1internal call and returns as soon as the response headers arrive.</summary>
    public Task<HttpResponseMessage> SendAsync(string baseUrl, string method, HttpContent body, string accessToken, bool claudeThinking, CancellationToken cancellationToken)
    {
        var stream = method == "streamGenerateContent";
        var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl.TrimEnd('/')}/v1internal:{method}{(stream ? "?alt=sse" : "")}")
        {
            Content = body,
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
        };
        var headers = request.Headers;
        headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        headers.TryAddWithoutValidation("X-Client-Name", "antigravity");
        headers.TryAddWithoutValidation("X-Client-Version", _options.ClientVersion);
        if (stream)
        {
            headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        }

        if (claudeThinking)
        {
            headers.TryAddWithoutValidation("anthropic-beta", "interleaved-thinking-2025-05-14");
        }

        return _invoker.SendAsync(request, cancellationToken);
    }

    public void Dispose() => _invoker.Dispose();
}
