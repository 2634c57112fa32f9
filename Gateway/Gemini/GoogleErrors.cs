using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Gemini;

/// <summary>Google's error JSON <c>{"error":{"code","message","status"}}</c> for every failure of the Gemini front door
/// (a <see cref="RequestRefusedException"/> thrown in an endpoint is written by <c>GeminiApi</c>'s filter).</summary>
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
