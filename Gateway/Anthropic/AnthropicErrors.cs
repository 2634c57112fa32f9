using System.Globalization;
using Antigravity.Gateway.Pipeline;

namespace Antigravity.Gateway.Anthropic;

/// <summary>Anthropic's error JSON (<c>{"type":"error","error":{"type","message"}}</c>) for every failure.</summary>
internal static class AnthropicErrors
{
    public static string TypeFor(PipelineError error) => error.Kind switch
    {
        PipelineErrorKind.InvalidRequest => "invalid_request_error",
        PipelineErrorKind.Authentication => "authentication_error",
        PipelineErrorKind.Permission => "permission_error",
        PipelineErrorKind.NotFound => "not_found_error",
        PipelineErrorKind.RequestTooLarge => "request_too_large",
        PipelineErrorKind.RateLimited => "rate_limit_error",
        PipelineErrorKind.Overloaded => "overloaded_error",
        _ => "api_error",
    };

    public static Task WriteAsync(HttpContext http, PipelineError error)
    {
        var response = http.Response;
        response.StatusCode = error.Status is >= 400 and < 600 ? error.Status : 500;
        if (error.RetryAfter is { } retry)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        response.ContentType = "application/json";
        return response.WriteAsJsonAsync(new ErrorEvent(new ErrorDetail(TypeFor(error), error.Message)), AnthropicJsonContext.Default.ErrorEvent, "application/json", http.RequestAborted);
    }
}
