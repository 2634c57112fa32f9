using System.Text.Json;
using Antigravity.Gateway.Gemini;
using Antigravity.Gateway.Gemini.Files;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The Gemini Files API: upload (resumable, multipart or raw media) under <c>/upload/v1beta/files</c>, and
/// list, get and delete under <c>/v1beta/files</c>.</summary>
internal static class GeminiFilesApi
{
    public static void MapGeminiFiles(this IEndpointRouteBuilder upload, IEndpointRouteBuilder v1beta)
    {
        upload.MapPost("/files", UploadAsync);
        v1beta.MapGet("/files", ListAsync);
        v1beta.MapGet("/files/{id}", GetAsync);
        v1beta.MapDelete("/files/{id}", DeleteAsync);
    }

    private static async Task<IResult> UploadAsync(HttpContext http, GeminiFileStore store, GeminiKeyCheck keys)
    {
        var request = http.Request;
        await keys.CheckAsync(request);
        if (request.Query["upload_id"].ToString() is { Length: > 0 } uploadId)
        {
            return await UploadChunkAsync(http, store, uploadId);
        }
        var protocol = request.Headers["X-Goog-Upload-Protocol"].ToString();
        if (protocol.Equals("resumable", StringComparison.OrdinalIgnoreCase))
        {
            return await StartResumableAsync(http, store);
        }
        if (request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true)
        {
            return await MultipartAsync(http, store);
        }
        var bytes = await ReadBytesAsync(request, store.MaxBytes, http.RequestAborted);
        var file = await store.SaveAsync(new GeminiFile { MimeType = request.ContentType }, bytes, BaseUrl(request));
        return TypedResults.Json(new GeminiFileEnvelope(file), GeminiJsonContext.Default.GeminiFileEnvelope);
    }

    private static async Task<IResult> StartResumableAsync(HttpContext http, GeminiFileStore store)
    {
        var request = http.Request;
        var command = request.Headers["X-Goog-Upload-Command"].ToString();
        if (!command.Equals("start", StringComparison.OrdinalIgnoreCase))
        {
            throw new GoogleApiException(400, $"Invalid X-Goog-Upload-Command '{command}': a resumable upload begins with 'start'.");
        }
        var requested = request.ContentLength is > 0
            ? (await GeminiRequestReader.ReadAsync(request, GeminiJsonContext.Default.GeminiFileEnvelope, http.RequestAborted)).File
            : null;
        if (!long.TryParse(request.Headers["X-Goog-Upload-Header-Content-Length"], out var size) || size < 0)
        {
            throw new GoogleApiException(400, "Missing or invalid X-Goog-Upload-Header-Content-Length.");
        }
        var mimeType = requested?.MimeType ?? request.Headers["X-Goog-Upload-Header-Content-Type"].ToString();
        var id = await store.StartUploadAsync(new GeminiFile { DisplayName = requested?.DisplayName, MimeType = mimeType is { Length: > 0 } ? mimeType : null }, size);
        http.Response.Headers["X-Goog-Upload-URL"] = $"{BaseUrl(request)}/upload/v1beta/files?upload_id={id}&upload_protocol=resumable";
        http.Response.Headers["X-Goog-Upload-Status"] = "active";
        http.Response.Headers["X-Goog-Upload-Chunk-Granularity"] = "8388608";
        return TypedResults.Ok();
    }

    private static async Task<IResult> UploadChunkAsync(HttpContext http, GeminiFileStore store, string uploadId)
    {
        var request = http.Request;
        var command = request.Headers["X-Goog-Upload-Command"].ToString().ToLowerInvariant();
        _ = long.TryParse(request.Headers["X-Goog-Upload-Offset"], out var offset);
        var chunk = command.Contains("upload", StringComparison.Ordinal) ? await ReadBytesAsync(request, store.MaxBytes, http.RequestAborted) : [];
        var progress = await store.AppendAsync(uploadId, offset, chunk)
            ?? throw new GoogleApiException(404, $"Upload session '{uploadId}' was not found or has expired.");
        if (!command.Contains("finalize", StringComparison.Ordinal))
        {
            http.Response.Headers["X-Goog-Upload-Status"] = "active";
            http.Response.Headers["X-Goog-Upload-Size-Received"] = progress.Data.LongLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Ok();
        }
        var file = await store.SaveAsync(progress.Requested, progress.Data, BaseUrl(request));
        await store.DeleteUploadAsync(uploadId);
        http.Response.Headers["X-Goog-Upload-Status"] = "final";
        return TypedResults.Json(new GeminiFileEnvelope(file), GeminiJsonContext.Default.GeminiFileEnvelope);
    }

    /// <summary><c>multipart/related</c>: a JSON metadata part (<c>{"file":{…}}</c>) then the media part.</summary>
    private static async Task<IResult> MultipartAsync(HttpContext http, GeminiFileStore store)
    {
        var request = http.Request;
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            throw new GoogleApiException(400, "Multipart upload without a boundary.");
        }
        var reader = new MultipartReader(boundary, request.Body);
        GeminiFile? metadata = null;
        byte[]? media = null;
        string? mediaType = null;
        while (await reader.ReadNextSectionAsync(http.RequestAborted) is { } section)
        {
            if (metadata is null && media is null && section.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                metadata = (await JsonSerializer.DeserializeAsync(section.Body, GeminiJsonContext.Default.GeminiFileEnvelope, http.RequestAborted))?.File ?? new GeminiFile();
                continue;
            }
            media = await ReadLimitedAsync(section.Body, store.MaxBytes, http.RequestAborted);
            mediaType = section.ContentType;
        }
        if (media is null)
        {
            throw new GoogleApiException(400, "Multipart upload without a media part.");
        }
        var file = await store.SaveAsync((metadata ?? new GeminiFile()) with { MimeType = metadata?.MimeType ?? mediaType }, media, BaseUrl(request));
        return TypedResults.Json(new GeminiFileEnvelope(file), GeminiJsonContext.Default.GeminiFileEnvelope);
    }

    private static async Task<IResult> ListAsync(HttpContext http, GeminiFileStore store, GeminiKeyCheck keys, int? pageSize, string? pageToken)
    {
        await keys.CheckAsync(http.Request);
        var list = await store.ListAsync(Math.Clamp(pageSize ?? 10, 1, 100), pageToken);
        return TypedResults.Json(list, GeminiJsonContext.Default.GeminiFileList);
    }

    private static async Task<IResult> GetAsync(HttpContext http, GeminiFileStore store, GeminiKeyCheck keys, string id)
    {
        await keys.CheckAsync(http.Request);
        var file = await store.GetAsync(id) ?? throw NotFound(id);
        return TypedResults.Json(file, GeminiJsonContext.Default.GeminiFile);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, GeminiFileStore store, GeminiKeyCheck keys, string id)
    {
        await keys.CheckAsync(http.Request);
        return await store.DeleteAsync(id) ? TypedResults.Json(new EmptyBody(), GeminiJsonContext.Default.EmptyBody) : throw NotFound(id);
    }

    private static GoogleApiException NotFound(string id) =>
        new(404, $"File files/{id} was not found or has expired.");

    private static async Task<byte[]> ReadBytesAsync(HttpRequest request, long max, CancellationToken cancellationToken)
    {
        if (request.ContentLength > max)
        {
            throw new GoogleApiException(413, $"File size {request.ContentLength} bytes exceeds the limit of {max} bytes.");
        }
        return await ReadLimitedAsync(request.Body, max, cancellationToken);
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream body, long max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new GoogleApiException(413, $"File size exceeds the limit of {max} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    internal static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}
