using System.Text.Json;
using Antigravity.Gateway.Gemini.Files;
using Antigravity.Gateway.Gemini;
using Antigravity.Gateway.Keys;
using Antigravity.Gateway.Pipeline;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The Gemini Files API: upload (resumable, multipart or raw media) under <c>/upload/v1beta/files</c>, and
/// list, get and delete under <c>/v1beta/files</c>.</summary>
internal static class GeminiFilesApi
{
    /// <summary>Room for a multipart body's boundaries, part headers and metadata JSON beyond the file itself.</summary>
    private const long MultipartOverhead = 64 * 1024;

    public static void MapGeminiFiles(this IEndpointRouteBuilder upload, IEndpointRouteBuilder v1beta)
    {
        upload.MapPost("/files", UploadAsync);
        v1beta.MapGet("/files", ListAsync);
        v1beta.MapGet("/files/{id}", GetAsync);
        v1beta.MapDelete("/files/{id}", DeleteAsync);
    }

    private static async Task<IResult> UploadAsync(HttpContext http, GeminiFileStore store, ApiKeyGate keys)
    {
        var request = http.Request;
        var owner = (await keys.CheckAsync(request)).OwnerId;
        if (request.Query["upload_id"].ToString() is { Length: > 0 } uploadId)
        {
            return await UploadChunkAsync(http, store, owner, uploadId);
        }
        var protocol = request.Headers["X-Goog-Upload-Protocol"].ToString();
        if (protocol.Equals("resumable", StringComparison.OrdinalIgnoreCase))
        {
            return await StartResumableAsync(http, store, owner);
        }
        if (request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true)
        {
            return await MultipartAsync(http, store, owner);
        }
        using var bytes = await ReadBytesAsync(http, owner, store.MaxBytes);
        var file = await store.SaveAsync(owner, new GeminiFile { MimeType = request.ContentType }, bytes.Memory, BaseUrl(request));
        return TypedResults.Json(new GeminiFileEnvelope(file), GeminiJsonContext.Default.GeminiFileEnvelope);
    }

    private static async Task<IResult> StartResumableAsync(HttpContext http, GeminiFileStore store, string owner)
    {
        var request = http.Request;
        var command = request.Headers["X-Goog-Upload-Command"].ToString();
        if (!command.Equals("start", StringComparison.OrdinalIgnoreCase))
        {
            throw new RequestRefusedException(400, $"Invalid X-Goog-Upload-Command '{command}': a resumable upload begins with 'start'.");
        }
        var requested = request.ContentLength is > 0
            ? (await GeminiRequestReader.ReadJsonAsync(http, owner, GeminiJsonContext.Default.GeminiFileEnvelope)).File
            : null;
        if (!long.TryParse(request.Headers["X-Goog-Upload-Header-Content-Length"], out var size) || size < 0)
        {
            throw new RequestRefusedException(400, "Missing or invalid X-Goog-Upload-Header-Content-Length.");
        }
        var mimeType = requested?.MimeType ?? request.Headers["X-Goog-Upload-Header-Content-Type"].ToString();
        var id = await store.StartUploadAsync(owner, new GeminiFile { DisplayName = requested?.DisplayName, MimeType = mimeType is { Length: > 0 } ? mimeType : null }, size);
        http.Response.Headers["X-Goog-Upload-URL"] = $"{BaseUrl(request)}/upload/v1beta/files?upload_id={id}&upload_protocol=resumable";
        http.Response.Headers["X-Goog-Upload-Status"] = "active";
        http.Response.Headers["X-Goog-Upload-Chunk-Granularity"] = "8388608";
        return TypedResults.Ok();
    }

    private static async Task<IResult> UploadChunkAsync(HttpContext http, GeminiFileStore store, string owner, string uploadId)
    {
        var request = http.Request;
        var command = request.Headers["X-Goog-Upload-Command"].ToString().ToLowerInvariant();
        _ = long.TryParse(request.Headers["X-Goog-Upload-Offset"], out var offset);
        using var chunk = command.Contains("upload", StringComparison.Ordinal) ? await ReadBytesAsync(http, owner, store.MaxBytes) : null;
        var progress = await store.AppendAsync(owner, uploadId, offset, chunk?.Memory ?? ReadOnlyMemory<byte>.Empty)
            ?? throw new RequestRefusedException(404, $"Upload session '{uploadId}' was not found or has expired.");
        if (!command.Contains("finalize", StringComparison.Ordinal))
        {
            http.Response.Headers["X-Goog-Upload-Status"] = "active";
            http.Response.Headers["X-Goog-Upload-Size-Received"] = progress.Data.LongLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Ok();
        }
        var file = await store.SaveAsync(owner, progress.Requested, progress.Data, BaseUrl(request));
        await store.DeleteUploadAsync(owner, uploadId);
        http.Response.Headers["X-Goog-Upload-Status"] = "final";
        return TypedResults.Json(new GeminiFileEnvelope(file), GeminiJsonContext.Default.GeminiFileEnvelope);
    }

    /// <summary><c>multipart/related</c>: a JSON metadata part (<c>{"file":{…}}</c>) then the media part. The whole body is
    /// read (within the file limit plus room for the metadata) before it is split.</summary>
    private static async Task<IResult> MultipartAsync(HttpContext http, GeminiFileStore store, string owner)
    {
        var request = http.Request;
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            throw new RequestRefusedException(400, "Multipart upload without a boundary.");
        }
        using var body = await ReadBytesAsync(http, owner, store.MaxBytes + MultipartOverhead);
        using var content = body.AsStream();
        var reader = new MultipartReader(boundary, content);
        GeminiFile? metadata = null;
        byte[]? media = null;
        string? mediaType = null;
        try
        {
            while (await reader.ReadNextSectionAsync(http.RequestAborted) is { } section)
            {
                if (metadata is null && media is null && section.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
                {
                    try
                    {
                        metadata = (await JsonSerializer.DeserializeAsync(section.Body, GeminiJsonContext.Default.GeminiFileEnvelope, http.RequestAborted))?.File ?? new GeminiFile();
                    }
                    catch (Exception ex) when (ex is JsonException or ArgumentException)
                    {
                        throw new RequestRefusedException(400, "Invalid JSON payload received in the metadata part.");
                    }
                    continue;
                }
                using var part = new MemoryStream();
                await section.Body.CopyToAsync(part, http.RequestAborted);
                media = part.ToArray();
                mediaType = section.ContentType;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // A truncated body or a bad or over-long part header line (found by the fuzzer, issue 15).
            throw new RequestRefusedException(400, "Malformed multipart body: " + ex.Message);
        }

        if (media is null)
        {
            throw new RequestRefusedException(400, "Multipart upload without a media part.");
        }
        var file = await store.SaveAsync(owner, (metadata ?? new GeminiFile()) with { MimeType = metadata?.MimeType ?? mediaType }, media, BaseUrl(request));
        return TypedResults.Json(new GeminiFileEnvelope(file), GeminiJsonContext.Default.GeminiFileEnvelope);
    }

    private static async Task<IResult> ListAsync(HttpContext http, GeminiFileStore store, ApiKeyGate keys, string? pageSize, string? pageToken)
    {
        var owner = (await keys.CheckAsync(http.Request)).OwnerId;
        var list = await store.ListAsync(owner, Math.Clamp(GeminiRequestReader.PageSize(pageSize), 1, 100), pageToken);
        return TypedResults.Json(list, GeminiJsonContext.Default.GeminiFileList);
    }

    private static async Task<IResult> GetAsync(HttpContext http, GeminiFileStore store, ApiKeyGate keys, string id)
    {
        var owner = (await keys.CheckAsync(http.Request)).OwnerId;
        var file = await store.GetAsync(owner, id) ?? throw NotFound(id);
        return TypedResults.Json(file, GeminiJsonContext.Default.GeminiFile);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, GeminiFileStore store, ApiKeyGate keys, string id)
    {
        var owner = (await keys.CheckAsync(http.Request)).OwnerId;
        return await store.DeleteAsync(owner, id) ? TypedResults.Json(new EmptyBody(), GeminiJsonContext.Default.EmptyBody) : throw NotFound(id);
    }

    /// <summary>Google's answer for a file that does not exist or is not the caller's (it does not say which): 403.</summary>
    private static RequestRefusedException NotFound(string id) =>
        new(403, $"You do not have permission to access the File {id} or it may not exist.");

    private static async Task<Antigravity.Gateway.Pipeline.RequestBody> ReadBytesAsync(HttpContext http, string owner, long max)
    {
        if (http.Request.ContentLength > max)
        {
            throw new RequestRefusedException(413, $"File size {http.Request.ContentLength} bytes exceeds the limit of {max} bytes.");
        }
        return await GeminiRequestReader.ReadBodyAsync(http, owner, max);
    }

    internal static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}
