using System.Buffers;
using System.Text;
using System.Text.Json;
using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Gemini;

/// <summary>Writes <c>streamGenerateContent</c>: with <c>alt=sse</c> each chunk is <c>data: &lt;json&gt;\r\n\r\n</c> with no
/// <c>event:</c> lines (the SDK drops anything else, clients.md); without it, one JSON array streamed element by element.
/// A failure after the stream started, and an upstream stream that ends before its last chunk (<see cref="Incomplete"/>),
/// end it with Google's error object as the last element, which the Gemini API sends mid-stream and <c>@google/genai</c>
/// throws as an <c>ApiError</c>.</summary>
internal static class GeminiStreamWriter
{
    private static readonly byte[] s_data = "data: "u8.ToArray();
    private static readonly byte[] s_eventEnd = "\r\n\r\n"u8.ToArray();

    public static async Task WriteAsync(HttpResponse http, PipelineResponse response, bool sse, CancellationToken cancellationToken)
    {
        http.StatusCode = 200;
        http.ContentType = sse ? "text/event-stream" : "application/json; charset=UTF-8";
        http.Headers.CacheControl = "no-cache";
        http.Headers["X-Accel-Buffering"] = "no";
        var body = http.BodyWriter;
        var first = true;
        var blocked = false;
        if (!sse)
        {
            await body.WriteAsync("["u8.ToArray(), cancellationToken);
        }
        try
        {
            await foreach (var chunk in response.ReadChunksAsync(cancellationToken))
            {
                // Like the Gemini API, every chunk carries usageMetadata: the upstream's latest, else the prompt's estimate.
                chunk.UsageMetadata ??= response.CurrentUsage;
                blocked |= chunk.PromptFeedback is not null;
                await WriteItemAsync(body, sse, first, JsonSerializer.SerializeToUtf8Bytes(chunk, UpstreamJsonContext.Default.GenerateContentResponse), cancellationToken);
                first = false;
            }

            if (Incomplete(response, blocked) is { } incomplete)
            {
                throw new PipelineStreamException(incomplete);
            }
        }
        catch (PipelineStreamException ex)
        {
            response.MarkFailed(ex.Error.Reason);
            var error = GoogleErrors.Body(GoogleErrors.Code(ex.Error), ex.Error.Message);
            await WriteItemAsync(body, sse, first, JsonSerializer.SerializeToUtf8Bytes(error, UpstreamJsonContext.Default.GoogleErrorBody), cancellationToken);
        }
        if (!sse)
        {
            await body.WriteAsync("]"u8.ToArray(), cancellationToken);
        }
        await body.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// For a response read to its end: the error when the upstream stopped before its last chunk, with no finishReason
    /// (the Gemini API ends every complete answer with one; a blocked prompt has <c>promptFeedback</c> instead), else
    /// null. Passed on as it came, the cut answer looked complete to Gemini clients, which do not check finishReason
    /// (issue 15). The Anthropic and OpenAI doors close such a stream with their normal end instead (stop reason
    /// <c>end_turn</c> / <c>stop</c>, cloudcode.md §8.7).
    /// </summary>
    internal static PipelineError? Incomplete(PipelineResponse response, bool blocked) => response.FinishReason is null && !blocked
        ? new PipelineError(PipelineErrorKind.Upstream, 502, "The upstream response ended before it was complete (no finishReason); please try again.", "upstream_truncated")
        : null;

    private static async Task WriteItemAsync(System.IO.Pipelines.PipeWriter body, bool sse, bool first, byte[] json, CancellationToken cancellationToken)
    {
        if (sse)
        {
            body.Write(s_data);
            body.Write(json);
            body.Write(s_eventEnd);
        }
        else
        {
            if (!first)
            {
                body.Write(Encoding.ASCII.GetBytes(",\r\n"));
            }
            body.Write(json);
        }
        await body.FlushAsync(cancellationToken);
    }
}
