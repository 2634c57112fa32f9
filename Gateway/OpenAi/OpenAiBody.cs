using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Antigravity.Gateway.Keys;
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

    /// <summary>The key first (a wrong key costs no body read, issue 15), then the body within <paramref name="limit"/>,
    /// then its JSON; returns the body and the authenticated caller.</summary>
    public static async Task<(T Body, Caller Caller)> ReadAsync<T>(HttpContext http, ApiKeyGate keys, JsonTypeInfo<T> typeInfo, long limit) where T : class
    {
        var presented = ApiKey(http.Request)
            ?? throw new OpenAiRequestException("You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                status: 401, code: "missing_api_key");
        var (caller, keyError) = await keys.AuthenticateAsync(presented);
        if (keyError is not null)
        {
            var error = OpenAiErrors.From(keyError);
            throw new OpenAiRequestException(error.Message, error.Param, OpenAiErrors.Status(keyError), error.Type, error.Code);
        }

        RequestBody? body;
        PipelineError? bodyError;
        try
        {
            (body, bodyError) = await RequestBody.ReadAsync(http, limit);
        }
        catch (BadHttpRequestException ex)
        {
            throw new OpenAiRequestException("The request body could not be read: " + ex.Message);
        }

        if (bodyError is not null)
        {
            var error = OpenAiErrors.From(bodyError);
            throw new OpenAiRequestException(bodyError.Kind == PipelineErrorKind.RequestTooLarge ? $"The request body exceeds the limit of {limit} bytes." : error.Message,
                error.Param, OpenAiErrors.Status(bodyError), error.Type, error.Code) { RetryAfter = bodyError.RetryAfter };
        }

        using (body)
        {
            if (body!.Length == 0)
            {
                throw new OpenAiRequestException("We could not parse the JSON body of your request: the body is empty. The OpenAI API expects a JSON payload.");
            }
            if (!Utf8.IsValid(body.Span))
            {
                // Checked first: fields kept as JsonElement would carry the invalid bytes past the serializer into the translators.
                throw new OpenAiRequestException("We could not parse the JSON body of your request: it is not valid UTF-8. The OpenAI API expects a UTF-8 encoded JSON payload.");
            }
            try
            {
                return (JsonSerializer.Deserialize(body.Span, typeInfo)
                    ?? throw new OpenAiRequestException("We could not parse the JSON body of your request: expected a JSON object."), caller!);
            }
            catch (ArgumentException)
            {
                // A JsonObject-typed field naming a property twice (AllowDuplicateProperties is off in the context).
                throw new OpenAiRequestException("We could not parse the JSON body of your request: an object in it names the same field twice.");
            }
            catch (JsonException ex)
            {
                var param = ex.Path is { Length: > 1 } p && RequestBody.IsWellFormedJson(body.Span) ? p.TrimStart('$', '.') : null;
                throw new OpenAiRequestException(param is null
                    ? "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)"
                    : $"Invalid type for '{param}'.", param);
            }
        }
    }
}
