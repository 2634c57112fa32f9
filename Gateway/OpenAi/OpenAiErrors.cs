using System.Globalization;
using System.Text.Json;
using Antigravity.Gateway.Pipeline;

namespace Antigravity.Gateway.OpenAi;

/// <summary>OpenAI's error JSON (<c>{"error":{"message","type","param","code"}}</c>) for every failure.</summary>
internal static class OpenAiErrors
{
    public static OpenAiError From(PipelineError error) => error.Kind switch
    {
        PipelineErrorKind.InvalidRequest => new(error.Message, OpenAiErrorTypes.InvalidRequest, error.Param, null),
        PipelineErrorKind.Authentication => new(error.Message, OpenAiErrorTypes.InvalidRequest, null, error.Reason == "missing_key" ? "missing_api_key" : "invalid_api_key"),
        PipelineErrorKind.Permission => new(error.Message, OpenAiErrorTypes.Permission, null, error.Reason),
        // A model names no param; anything else that was not found names its own (previous_response_id).
        PipelineErrorKind.NotFound => error.Param is null
            ? new(error.Message, OpenAiErrorTypes.InvalidRequest, "model", "model_not_found")
            : new(error.Message, OpenAiErrorTypes.InvalidRequest, error.Param, error.Reason),
        PipelineErrorKind.RequestTooLarge => new(error.Message, OpenAiErrorTypes.InvalidRequest, null, "request_too_large"),
        PipelineErrorKind.RateLimited => new(error.Message, OpenAiErrorTypes.RateLimit, null, "rate_limit_exceeded"),
        PipelineErrorKind.Overloaded => new(error.Message, OpenAiErrorTypes.ServiceUnavailable, null, "overloaded"),
        PipelineErrorKind.Timeout => new(error.Message, OpenAiErrorTypes.Server, null, "timeout"),
        _ => new(error.Message, OpenAiErrorTypes.Server, null, error.Reason),
    };

    /// <summary>OpenAI has no 529: overloaded is 503.</summary>
    public static int Status(PipelineError error) => error.Status switch
    {
        529 => 503,
        var s and >= 400 and < 600 => s,
        _ => 500,
    };

    public static Task WriteAsync(HttpContext http, PipelineError error)
    {
        if (error.RetryAfter is { } retry)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        return WriteAsync(http, Status(error), From(error));
    }

    public static Task WriteAsync(HttpContext http, int status, OpenAiError error)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new OpenAiErrorBody(error), OpenAiJsonContext.Default.OpenAiErrorBody, "application/json", http.RequestAborted);
    }

    /// <summary>The <c>data: {"error":…}</c> event for a failure after the stream started.</summary>
    public static byte[] StreamChunk(PipelineError error) => JsonSerializer.SerializeToUtf8Bytes(new OpenAiErrorBody(From(error)), OpenAiJsonContext.Default.OpenAiErrorBody);
}

/// <summary>The <c>error.type</c> values OpenAI uses.</summary>
internal static class OpenAiErrorTypes
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string Permission = "permission_error";
    public const string NotFound = "not_found_error";
    public const string RateLimit = "rate_limit_error";
    public const string Server = "server_error";
    public const string ServiceUnavailable = "service_unavailable_error";
}
