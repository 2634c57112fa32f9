using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Antigravity.Cluster.Benchmarks.Load;

/// <summary>One request's result: how long until the whole response was read, and what went wrong if anything.</summary>
internal readonly record struct Outcome(double Milliseconds, string? Error, string? Replica);

/// <summary><c>POST /v1/messages</c> through the gateway's shared endpoint, as Claude Code sends it.</summary>
internal sealed class GatewayRequests(Uri gateway, string apiKey)
{
    private const string Prompt = "Say hello [[words:20]]"; // the simulator answers 20 words: 5 stream chunks upstream
    private readonly Uri _messages = new(gateway, "/v1/messages");

    public Task<Outcome> UnaryAsync(HttpClient http) => SendAsync(http, stream: false);

    public Task<Outcome> StreamAsync(HttpClient http) => SendAsync(http, stream: true);

    private Task<Outcome> SendAsync(HttpClient http, bool stream)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _messages)
        {
            Content = Body.Json($$"""{"model":"claude-sonnet-4-6","max_tokens":256,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{Prompt}}"}]}"""),
        };
        request.Headers.Add("x-api-key", apiKey);
        request.Headers.Add("anthropic-version", "2023-06-01");
        return Body.SendAsync(http, request, complete: stream ? "message_stop" : "end_turn");
    }
}

/// <summary>
/// The same generation straight to the simulator: <c>streamGenerateContent?alt=sse</c>, which is what the gateway sends
/// upstream for unary and streaming requests alike.
/// </summary>
internal sealed class DirectRequests(Uri simulator, string accessToken, string project)
{
    private readonly Uri _stream = new(simulator, "/v1internal:streamGenerateContent?alt=sse");

    public string AccessToken => accessToken;

    public string Project => project;

    public Task<Outcome> StreamAsync(HttpClient http)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _stream)
        {
            Content = Body.Json($$$"""{"project":"{{{project}}}","model":"claude-sonnet-4-6","userAgent":"antigravity","requestType":"agent","requestId":"agent-{{{Guid.NewGuid()}}}","request":{"systemInstruction":{"role":"user","parts":[{"text":"You are Antigravity."}]},"contents":[{"role":"user","parts":[{"text":"Say hello [[words:20]]"}]}],"generationConfig":{"maxOutputTokens":256},"sessionId":"-1"}}"""),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.TryAddWithoutValidation("User-Agent", "antigravity/2.9.1 darwin/arm64");
        return Body.SendAsync(http, request, complete: "finishReason");
    }
}

/// <summary>Sends, reads the whole body, and checks that it ends as a complete answer does.</summary>
internal static class Body
{
    public static ByteArrayContent Json(string json)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public static async Task<Outcome> SendAsync(HttpClient http, HttpRequestMessage request, string complete)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            using (request)
            using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
            {
                var tail = await ReadTailAsync(response);
                var replica = response.Headers.TryGetValues("x-gateway-replica", out var values) ? values.FirstOrDefault() : null;
                var error = response.StatusCode != HttpStatusCode.OK ? $"HTTP {(int)response.StatusCode}: {tail[..Math.Min(160, tail.Length)]}"
                    : !tail.Contains(complete, StringComparison.Ordinal) ? "incomplete response"
                    : null;
                return new Outcome(Stopwatch.GetElapsedTime(start).TotalMilliseconds, error, replica);
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return new Outcome(Stopwatch.GetElapsedTime(start).TotalMilliseconds, $"{e.GetType().Name}: {e.Message}", null);
        }
    }

    /// <summary>The body's last bytes (where the end of a stream or the stop reason is), without keeping the rest.</summary>
    private static async Task<string> ReadTailAsync(HttpResponseMessage response)
    {
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[16 * 1024];
        var tail = new byte[1024];
        var length = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            var keep = Math.Min(tail.Length, length + read);
            var fromOld = keep - Math.Min(read, keep);
            Array.Copy(tail, length - fromOld, tail, 0, fromOld);
            Array.Copy(buffer, read - (keep - fromOld), tail, fromOld, keep - fromOld);
            length = keep;
        }

        return Encoding.UTF8.GetString(tail, 0, length);
    }
}
