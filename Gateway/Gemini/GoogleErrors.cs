using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Gemini;

/// <summary>A client error on the Gemini API, answered as Google's error JSON <c>{"error":{"code","message","status"}}</c>.</summary>
internal sealed class GoogleApiException(int code, string message) : Exception(message)
{
    public int Code => code;

    /// <summary>For 429/503: sent as <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static GoogleApiException From(PipelineError error) => new(GoogleErrors.Code(error), error.Message) { RetryAfter = error.RetryAfter };
}

/// <summary>Google's error JSON for every failure of the Gemini front door.</summary>
internal static class GoogleErrors
{
    public static GoogleErrorBody Body(int code, string message) =>
        new() { Error = new GoogleError { Code = code, Message = message, Status = StatusOf(code) } };

    public static IResult Result(int code, string message) =>
        TypedResults.Json(Body(code, message), UpstreamJsonContext.Default.GoogleErrorBody, statusCode: code);

    /// <summary>A pipeline error; 529 (Anthropic's overloaded) is 503 UNAVAILABLE for Google clients.</summary>
    public static IResult Result(PipelineError error, HttpResponse response)
    {
        if (error.RetryAfter is { } retry)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Result(Code(error), error.Message);
    }

    public static int Code(PipelineError error) => error.Status switch
    {
        529 => 503,
        499 => 499,
        var status => status,
    };

    public static string StatusOf(int code) => code switch
    {
        400 or 413 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ALREADY_EXISTS",
        429 => "RESOURCE_EXHAUSTED",
        499 => "CANCELLED",
        501 => "UNIMPLEMENTED",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => code >= 500 ? "INTERNAL" : "FAILED_PRECONDITION",
    };
}
