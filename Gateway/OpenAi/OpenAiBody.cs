using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Antigravity.Gateway.Keys;
using Antigravity.Gateway.Pipeline;

namespace Antigravity.Gateway.OpenAi;

/// <summary>Reads an OpenAI request body (key first, then size, then JSON), refusing it in OpenAI's wording.</summary>
internal static class OpenAiBody
{
    /// <summary>The key first (a wrong key costs no body read, issue 15), then the body within <paramref name="limit"/>,
    /// then its JSON; returns the body and the authenticated caller.</summary>
    /// <exception cref="RequestRefusedException">The key, the body or its JSON is refused (in OpenAI's wording).</exception>
    public static async Task<(T Body, Caller Caller)> ReadAsync<T>(HttpContext http, ApiKeyGate keys, JsonTypeInfo<T> typeInfo, long limit) where T : class
    {
        var caller = await keys.AuthenticateAsync(http.Request);
        RequestBody? body;
        PipelineError? bodyError;
        try
        {
            (body, bodyError) = await RequestBody.ReadAsync(http, caller.OwnerId, limit);
        }
        catch (BadHttpRequestException ex)
        {
            throw new RequestRefusedException("The request body could not be read: " + ex.Message);
        }

        if (bodyError is not null)
        {
            throw new RequestRefusedException(bodyError.Kind == PipelineErrorKind.RequestTooLarge
                ? bodyError with { Message = $"The request body exceeds the limit of {limit} bytes." }
                : bodyError);
        }

        using (body)
        {
            if (body!.Length == 0)
            {
                throw new RequestRefusedException("We could not parse the JSON body of your request: the body is empty. The OpenAI API expects a JSON payload.");
            }
            if (!Utf8.IsValid(body.Span))
            {
                // Checked first: fields kept as JsonElement would carry the invalid bytes past the serializer into the translators.
                throw new RequestRefusedException("We could not parse the JSON body of your request: it is not valid UTF-8. The OpenAI API expects a UTF-8 encoded JSON payload.");
            }
            if (LoneSurrogates.InPropertyNames(body.Span))
            {
                throw new RequestRefusedException("We could not parse the JSON body of your request: a property name contains an unpaired surrogate escape (\\uD800-\\uDFFF).");
            }
            try
            {
                return (JsonSerializer.Deserialize(body.Span, typeInfo)
                    ?? throw new RequestRefusedException("We could not parse the JSON body of your request: expected a JSON object."), caller);
            }
            catch (ArgumentException)
            {
                // A JsonObject-typed field naming a property twice (AllowDuplicateProperties is off in the context).
                throw new RequestRefusedException("We could not parse the JSON body of your request: an object in it names the same field twice.");
            }
            catch (JsonException ex)
            {
                var param = ex.Path is { Length: > 1 } p && RequestBody.IsWellFormedJson(body.Span) ? p.TrimStart('$', '.') : null;
                throw new RequestRefusedException(param is null
                    ? "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)"
                    : $"Invalid type for '{param}'.", param);
            }
        }
    }

    /// <summary>Runs a translation of the request's <c>JsonElement</c> fields; one of another JSON type than the translator
    /// reads (<c>"text": 5</c>: JsonElement throws InvalidOperationException) is the client's 400, not a 500 (found by
    /// the fuzzer, issue 15).</summary>
    public static T WrongTypeIsInvalid<T>(Func<T> translate)
    {
        ArgumentNullException.ThrowIfNull(translate);
        try
        {
            return translate();
        }
        catch (InvalidOperationException ex)
        {
            throw new RequestRefusedException("Invalid type for a field of the request body: " + ex.Message);
        }
    }
}
