using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Antigravity.Gateway.Pipeline;

/// <summary>Reads a client request body up to the configured limit (default 50 MB), for every front door.</summary>
internal static class RequestBody
{
    /// <summary>The body bytes, or null when it exceeds <paramref name="limit"/> (answer 413).</summary>
    public static async Task<byte[]?> ReadAsync(HttpContext http, long limit)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            // Kestrel's own limit (30 MB) would answer a bare 413; this one answers in the client's format.
            sizeFeature.MaxRequestBodySize = null;
        }

        var request = http.Request;
        if (request.ContentLength is { } length)
        {
            if (length > limit)
            {
                return null;
            }

            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, http.RequestAborted);
            return exact;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// For a body the serializer refused: true when it is nonetheless well-formed JSON, so a field had the wrong type;
    /// false when the JSON itself is broken (truncated, a missing colon…). Runs only on the failure path.
    /// </summary>
    public static bool IsWellFormedJson(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The error for an oversize body.</summary>
    public static PipelineError TooLarge(long limit) =>
        new(PipelineErrorKind.RequestTooLarge, 413, $"Request body is too large: the limit is {limit / (1024 * 1024)} MB.", "request_too_large");
}
