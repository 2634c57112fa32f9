using System.Buffers;
using System.Text;
using System.Text.Json;
using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Gemini;

/// <summary>Writes <c>streamGenerateContent</c>: with <c>alt=sse</c> each chunk is <c>data: &lt;json&gt;\r\n\r\n</c> with no
/// <c>event:</c> lines (the SDK drops anything else, clients.md); without it, one JSON array streamed element by element.</summary>
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
                await WriteItemAsync(body, sse, first, JsonSerializer.SerializeToUtf8Bytes(chunk, UpstreamJsonContext.Default.GenerateContentResponse), cancellationToken);
                first = false;
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
