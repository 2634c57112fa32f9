using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Antigravity.Gateway.Pipeline;

namespace Antigravity.Gateway.OpenAi;

/// <summary>Reads an OpenAI request body (key first, then size, then JSON), failing with OpenAI's wording.</summary>
internal static class OpenAiBody
{
    /// <summary><c>Authorization: Bearer</c> (the SDK), or <c>x-api-key</c>.</summary>
    public static string? ApiKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }
        return request.Headers["x-api-key"].ToString() is { Length: > 0 } key ? key : null;
    }

    public static async Task<T> ReadAsync<T>(HttpContext http, JsonTypeInfo<T> typeInfo, long limit) where T : class
    {
        if (ApiKey(http.Request) is null)
        {
            throw new OpenAiRequestException("You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                status: 401, code: "missing_api_key");
        }
        byte[]? bytes;
        try
        {
            bytes = await RequestBody.ReadAsync(http, limit);
        }
        catch (BadHttpRequestException ex)
        {
            throw new OpenAiRequestException("The request body could not be read: " + ex.Message);
        }
        if (bytes is null)
        {
            throw new OpenAiRequestException($"The request body exceeds the limit of {limit} bytes.", status: 413, code: "request_too_large");
        }
        if (bytes.Length == 0)
        {
            throw new OpenAiRequestException("We could not parse the JSON body of your request: the body is empty. The OpenAI API expects a JSON payload.");
        }
        if (!Utf8.IsValid(bytes))
        {
            // Checked first: fields kept as JsonElement would carry the invalid bytes past the serializer into the translators.
            throw new OpenAiRequestException("We could not parse the JSON body of your request: it is not valid UTF-8. The OpenAI API expects a UTF-8 encoded JSON payload.");
        }
        try
        {
            return JsonSerializer.Deserialize(bytes, typeInfo)
                ?? throw new OpenAiRequestException("We could not parse the JSON body of your request: expected a JSON object.");
        }
        catch (JsonException ex)
        {
            var param = ex.Path is { Length: > 1 } p && RequestBody.IsWellFormedJson(bytes) ? p.TrimStart('$', '.') : null;
            throw new OpenAiRequestException(param is null
                ? "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)"
                : $"Invalid type for '{param}'.", param);
        }
    }
}
