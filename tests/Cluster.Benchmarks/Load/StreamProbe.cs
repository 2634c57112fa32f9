using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Antigravity.Cluster.Benchmarks.Load;

/// <summary>What one stream gave: its outcome, how many content chunks arrived, and the gaps between them (ms).</summary>
internal sealed record StreamOutcome(Outcome Outcome, int Chunks, float[] Gaps);

/// <summary>
/// One SSE stream, read line by line as a client reads it, noting when each content chunk arrives: through the gateway
/// an Anthropic <c>content_block_delta</c> event (one per upstream chunk), straight from the simulator a <c>data:</c> event.
/// </summary>
internal sealed class StreamProbe(Uri url, Action<HttpRequestMessage> authorize, string body, string chunkLine, string complete)
{
    public static StreamProbe Gateway(Uri gateway, string apiKey, int words) => new(
        new Uri(gateway, "/v1/messages"),
        r =>
        {
            r.Headers.Add("x-api-key", apiKey);
            r.Headers.Add("anthropic-version", "2023-06-01");
        },
        $$"""{"model":"claude-sonnet-4-6","max_tokens":4096,"stream":true,"messages":[{"role":"user","content":"Tell a story [[words:{{words}}]]"}]}""",
        "event: content_block_delta",
        "message_stop");

    public static StreamProbe Direct(Uri simulator, string accessToken, string project, int words) => new(
        new Uri(simulator, "/v1internal:streamGenerateContent?alt=sse"),
        r =>
        {
            r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            r.Headers.TryAddWithoutValidation("User-Agent", "antigravity/2.9.1 darwin/arm64");
        },
        $$$"""{"project":"{{{project}}}","model":"claude-sonnet-4-6","userAgent":"antigravity","requestType":"agent","requestId":"agent-bench","request":{"contents":[{"role":"user","parts":[{"text":"Tell a story [[words:{{{words}}}]]"}]}],"generationConfig":{"maxOutputTokens":4096},"sessionId":"-1"}}""",
        "data: ",
        "finishReason");

    public async Task<StreamOutcome> RunAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var gaps = new List<float>(64);
        var chunks = 0;
        var completed = false;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Body.Json(body) };
            authorize(request);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var replica = response.Headers.TryGetValues("x-gateway-replica", out var values) ? values.FirstOrDefault() : null;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                return new StreamOutcome(new Outcome(Elapsed(start), $"HTTP {(int)response.StatusCode}: {text[..Math.Min(160, text.Length)]}", replica), 0, []);
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            var last = 0L;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith(chunkLine, StringComparison.Ordinal))
                {
                    var now = Stopwatch.GetTimestamp();
                    if (chunks++ > 0)
                    {
                        gaps.Add((float)Stopwatch.GetElapsedTime(last, now).TotalMilliseconds);
                    }

                    last = now;
                }

                completed |= line.Contains(complete, StringComparison.Ordinal);
            }

            return new StreamOutcome(new Outcome(Elapsed(start), completed ? null : "incomplete stream", replica), chunks, [.. gaps]);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return new StreamOutcome(new Outcome(Elapsed(start), $"{e.GetType().Name}: {e.Message}", null), chunks, [.. gaps]);
        }
    }

    private static double Elapsed(long start) => Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}
