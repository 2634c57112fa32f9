using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator.Faults;

namespace Antigravity.CloudCodeSimulator.GeminiApi;

/// <summary>The Files API: the resumable upload protocol under <c>/upload/v1beta/files</c> (<c>start</c>, then
/// <c>upload</c> chunks at offsets, the last with <c>finalize</c>), and list, get and delete under <c>/v1beta/files</c>.</summary>
internal static class GeminiFiles
{
    private const string Granularity = "8388608";

    public static async Task UploadAsync(HttpContext http, SimulatorState state)
    {
        var request = http.Request;
        var command = request.Headers["X-Goog-Upload-Command"].ToString().ToLowerInvariant();
        if (request.Query["upload_id"].ToString() is { Length: > 0 } uploadId)
        {
            await ContinueAsync(http, state, uploadId, command);
            return;
        }
        if (!request.Headers["X-Goog-Upload-Protocol"].ToString().Equals("resumable", StringComparison.OrdinalIgnoreCase) || command != "start")
        {
            await GoogleErrors.InvalidArgumentAsync(http, "Uploads use the resumable protocol: X-Goog-Upload-Protocol: resumable and X-Goog-Upload-Command: start.");
            return;
        }
        JsonObject? file = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            if (await GeminiJson.ReadObjectAsync(http) is not { } body)
            {
                return;
            }
            file = body["file"] as JsonObject;
        }
        _ = long.TryParse(request.Headers["X-Goog-Upload-Header-Content-Length"], CultureInfo.InvariantCulture, out var size);
        var mimeType = (string?)file?["mimeType"] ?? request.Headers["X-Goog-Upload-Header-Content-Type"].ToString();
        var id = state.NextRandom().Base62String(24);
        state.Gemini.Uploads[id] = new PendingUpload((string?)file?["displayName"], mimeType.Length > 0 ? mimeType : null, size);
        http.Response.Headers["X-Goog-Upload-URL"] = $"{BaseUrl(request)}/upload/v1beta/files?upload_id={id}&upload_protocol=resumable";
        http.Response.Headers["X-Goog-Upload-Status"] = "active";
        http.Response.Headers["X-Goog-Upload-Chunk-Granularity"] = Granularity;
        http.Response.StatusCode = 200;
    }

    private static async Task ContinueAsync(HttpContext http, SimulatorState state, string uploadId, string command)
    {
        if (!state.Gemini.Uploads.TryGetValue(uploadId, out var upload))
        {
            await GoogleErrors.WriteAsync(http, 404, "NOT_FOUND", "Upload session not found or expired.");
            return;
        }
        using var chunk = new MemoryStream();
        await http.Request.Body.CopyToAsync(chunk, http.RequestAborted);
        _ = long.TryParse(http.Request.Headers["X-Goog-Upload-Offset"], CultureInfo.InvariantCulture, out var offset);
        long received;
        lock (upload.Gate)
        {
            if (command.Contains("upload", StringComparison.Ordinal))
            {
                upload.Data.Position = Math.Min(offset, upload.Data.Length);
                chunk.Position = 0;
                chunk.CopyTo(upload.Data);
            }
            received = upload.Data.Length;
        }
        if (!command.Contains("finalize", StringComparison.Ordinal))
        {
            http.Response.Headers["X-Goog-Upload-Status"] = "active";
            http.Response.Headers["X-Goog-Upload-Size-Received"] = received.ToString(CultureInfo.InvariantCulture);
            http.Response.StatusCode = 200;
            return;
        }
        state.Gemini.Uploads.TryRemove(uploadId, out _);
        var data = upload.Data.ToArray();
        var now = state.TimeProvider.GetUtcNow();
        var id = state.NextRandom().Base62String(12).ToLowerInvariant();
        var resource = new JsonObject
        {
            ["name"] = "files/" + id,
            ["displayName"] = upload.DisplayName,
            ["mimeType"] = upload.MimeType ?? "application/octet-stream",
            ["sizeBytes"] = data.LongLength.ToString(CultureInfo.InvariantCulture),
            ["createTime"] = GeminiJson.Timestamp(now),
            ["updateTime"] = GeminiJson.Timestamp(now),
            ["expirationTime"] = GeminiJson.Timestamp(now + GeminiStore.FileLifetime),
            ["sha256Hash"] = Convert.ToBase64String(SHA256.HashData(data)),
            ["uri"] = $"{BaseUrl(http.Request)}/v1beta/files/{id}",
            ["state"] = "ACTIVE",
            ["source"] = "UPLOADED",
        };
        if (upload.DisplayName is null)
        {
            resource.Remove("displayName");
        }
        state.Gemini.Files[id] = new StoredFile(resource, data, now + GeminiStore.FileLifetime);
        http.Response.Headers["X-Goog-Upload-Status"] = "final";
        await GeminiJson.WriteAsync(http, new JsonObject { ["file"] = resource.DeepClone() });
    }

    public static Task ListAsync(HttpContext http, SimulatorState state)
    {
        var now = state.TimeProvider.GetUtcNow();
        var files = state.Gemini.Files.Values.Where(f => f.ExpiresAt > now)
            .OrderByDescending(f => (string?)f.Resource["createTime"], StringComparer.Ordinal).Select(f => (JsonNode)f.Resource).ToList();
        return GeminiJson.WriteAsync(http, GeminiJson.Page(files, "files", http.Request, defaultSize: 10, maxSize: 100));
    }

    public static Task GetAsync(HttpContext http, string id, SimulatorState state) =>
        Find(state, id) is { } file ? GeminiJson.WriteAsync(http, file.Resource.DeepClone()) : NotFoundAsync(http, id);

    public static Task DeleteAsync(HttpContext http, string id, SimulatorState state) =>
        Find(state, id) is not null && state.Gemini.Files.TryRemove(id, out _) ? GeminiJson.WriteAsync(http, new JsonObject()) : NotFoundAsync(http, id);

    private static StoredFile? Find(SimulatorState state, string id) =>
        state.Gemini.Files.TryGetValue(id, out var file) && file.ExpiresAt > state.TimeProvider.GetUtcNow() ? file : null;

    /// <summary>Google answers 403 for a file that does not exist (or is someone else's).</summary>
    private static Task NotFoundAsync(HttpContext http, string id) =>
        GoogleErrors.WriteAsync(http, 403, "PERMISSION_DENIED", $"You do not have permission to access the File {id} or it may not exist.");

    private static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}
