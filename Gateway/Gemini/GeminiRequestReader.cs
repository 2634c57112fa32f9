using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Antigravity.Gateway.Pipeline;

namespace Antigravity.Gateway.Gemini;

/// <summary>Reads the API key and JSON bodies of Gemini API requests, with Google's wording for malformed input.</summary>
internal static class GeminiRequestReader
{
    /// <summary><c>x-goog-api-key</c> (the SDK), <c>?key=</c> (REST users), or a Bearer token.</summary>
    public static string? ApiKey(HttpRequest request)
    {
        if (request.Headers["x-goog-api-key"].ToString() is { Length: > 0 } header)
        {
            return header;
        }
        if (request.Query["key"].ToString() is { Length: > 0 } query)
        {
            return query;
        }
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    /// <summary>A JSON body of at most <paramref name="limit"/> bytes (Gateway:MaxRequestBodyBytes).</summary>
    public static async Task<T> ReadAsync<T>(HttpContext http, JsonTypeInfo<T> typeInfo, long limit) where T : class
    {
        var bytes = await RequestBody.ReadAsync(http, limit) ?? throw new GoogleApiException(413, $"Request payload size exceeds the limit: {limit} bytes.");
        if (bytes.Length == 0)
        {
            throw new GoogleApiException(400, "Invalid JSON payload received. The request body is empty.");
        }
        if (!Utf8.IsValid(bytes))
        {
            throw new GoogleApiException(400, "Invalid JSON payload received. The body is not valid UTF-8.");
        }
        try
        {
            return JsonSerializer.Deserialize(bytes, typeInfo) ?? throw new GoogleApiException(400, "Invalid JSON payload received. Expected an object, got null.");
        }
        catch (JsonException ex)
        {
            throw new GoogleApiException(400, $"Invalid JSON payload received. {(RequestBody.IsWellFormedJson(bytes) ? Describe(ex) : "Unexpected token or malformed JSON.")}");
        }
    }

    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(request.Body, typeInfo, cancellationToken)
                ?? throw new GoogleApiException(400, "Invalid JSON payload received. Expected an object, got null.");
        }
        catch (JsonException ex)
        {
            throw new GoogleApiException(400, $"Invalid JSON payload received. {Describe(ex)}");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new GoogleApiException(413, "Request payload size exceeds the limit.");
        }
    }

    private static string Describe(JsonException ex) => ex.Path is { Length: > 1 } path
        ? $"Invalid value at '{path.TrimStart('$', '.')}'."
        : "Unexpected token or malformed JSON.";
}
