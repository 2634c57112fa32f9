using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Antigravity.Gateway.Keys;
using Antigravity.Gateway.Pipeline;
using Microsoft.Extensions.Options;

namespace Antigravity.Gateway.Gemini;

/// <summary>Reads the JSON bodies of Gemini API requests once the key is checked, with Google's wording for malformed input.</summary>
internal static class GeminiRequestReader
{
    /// <summary>The key first (a wrong key costs no body read, issue 15), then a JSON body of at most
    /// <paramref name="limit"/> bytes (Gateway:MaxRequestBodyBytes); returns the body and the authenticated caller.</summary>
    public static async Task<(T Body, Caller Caller)> ReadAsync<T>(HttpContext http, ApiKeyGate keys, JsonTypeInfo<T> typeInfo, long limit) where T : class
    {
        var caller = await keys.AuthenticateAsync(http.Request);
        return (await ReadJsonAsync(http, caller.OwnerId, typeInfo, limit), caller);
    }

    /// <summary>A JSON body of at most Gateway:MaxRequestBodyBytes, once the key (<paramref name="owner"/>, the caller's
    /// <see cref="Caller.OwnerId"/>) has been checked.</summary>
    public static Task<T> ReadJsonAsync<T>(HttpContext http, string owner, JsonTypeInfo<T> typeInfo) where T : class =>
        ReadJsonAsync(http, owner, typeInfo, http.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxRequestBodyBytes);

    /// <summary>The whole body into pooled memory (<see cref="RequestBody"/>), or Google's error for a body over
    /// <paramref name="limit"/>, a key or replica holding too many bodies or a broken upload; dispose it.</summary>
    public static async Task<RequestBody> ReadBodyAsync(HttpContext http, string owner, long limit)
    {
        RequestBody? body;
        PipelineError? error;
        try
        {
            (body, error) = await RequestBody.ReadAsync(http, owner, limit);
        }
        catch (BadHttpRequestException ex)
        {
            throw new RequestRefusedException(400, "The request body could not be read: " + ex.Message);
        }
        return error switch
        {
            null => body!,
            { Kind: PipelineErrorKind.RequestTooLarge } => throw new RequestRefusedException(413, $"Request payload size exceeds the limit: {limit} bytes."),
            _ => throw new RequestRefusedException(error),
        };
    }

    private static async Task<T> ReadJsonAsync<T>(HttpContext http, string owner, JsonTypeInfo<T> typeInfo, long limit) where T : class
    {
        using var body = await ReadBodyAsync(http, owner, limit);
        if (body.Length == 0)
        {
            throw new RequestRefusedException(400, "Invalid JSON payload received. The request body is empty.");
        }
        if (!Utf8.IsValid(body.Span))
        {
            throw new RequestRefusedException(400, "Invalid JSON payload received. The body is not valid UTF-8.");
        }
        if (LoneSurrogates.InPropertyNames(body.Span))
        {
            throw new RequestRefusedException(400, "Invalid JSON payload received. A field name contains an unpaired surrogate escape (\\uD800-\\uDFFF).");
        }
        try
        {
            return JsonSerializer.Deserialize(body.Span, typeInfo) ?? throw new RequestRefusedException(400, "Invalid JSON payload received. Expected an object, got null.");
        }
        catch (ArgumentException)
        {
            // A JsonObject-typed field naming a property twice (AllowDuplicateProperties is off in the context).
            throw new RequestRefusedException(400, "Invalid JSON payload received. Duplicate field: an object names the same field twice.");
        }
        catch (JsonException ex)
        {
            throw new RequestRefusedException(400, $"Invalid JSON payload received. {(RequestBody.IsWellFormedJson(body.Span) ? Describe(ex) : "Unexpected token or malformed JSON.")}");
        }
    }

    /// <summary>A list's <c>pageSize</c> (default 10), parsed once the key was checked: bound as an <c>int?</c>, a value like
    /// <c>abc</c> answered 400 before the key check (found by the route credential test, issue 15).</summary>
    public static int PageSize(string? pageSize) => pageSize is null or ""
        ? 10
        : int.TryParse(pageSize, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var size)
            ? size
            : throw new RequestRefusedException(400, $"Invalid value at 'page_size' (TYPE_INT32), \"{pageSize}\"");

    private static string Describe(JsonException ex) => ex.Path is { Length: > 1 } path
        ? $"Invalid value at '{path.TrimStart('$', '.')}'."
        : "Unexpected token or malformed JSON.";
}
