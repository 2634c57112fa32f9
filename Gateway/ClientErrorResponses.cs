using Antigravity.Gateway.Anthropic;
using Antigravity.Gateway.Gemini;
using Antigravity.Gateway.OpenAi;
using Antigravity.Gateway.Pipeline;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// The last resort for failures no endpoint answered (issue 18): an unhandled exception, an unknown path (404) or a wrong
/// method (405) is answered in the error format of the API the path belongs to, never with an empty body or a stack
/// trace. In Development, WebApplication puts the developer exception page outermost; this handler sits inside it (and
/// before routing), so the page never sees an exception.
/// </summary>
internal static class ClientErrorResponses
{
    private const string Unexpected = "The gateway failed unexpectedly; please retry.";

    public static WebApplication UseClientErrorResponses(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // An unreadable body (Kestrel's BadHttpRequestException) stays a client error, as Kestrel itself would answer.
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            ExceptionHandler = http => WriteAsync(http, http.Response.StatusCode,
                http.Features.Get<IExceptionHandlerFeature>()?.Error is BadHttpRequestException bad ? bad.Message : Unexpected),
        });
        app.UseStatusCodePages(context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            var message = status switch
            {
                404 => $"Not found: {http.Request.Method} {http.Request.Path} is not an endpoint of this gateway.",
                405 => $"Method not allowed: {http.Request.Path} does not accept {http.Request.Method}.",
                _ => ReasonPhrases.GetReasonPhrase(status),
            };
            return WriteAsync(http, status, message);
        });
        app.UseRouting();
        return app;
    }

    private static Task WriteAsync(HttpContext http, int status, string message)
    {
        var path = http.Request.Path;
        if (path.StartsWithSegments("/v1beta") || path.StartsWithSegments("/upload"))
        {
            return GoogleErrors.Result(status, message).ExecuteAsync(http);
        }

        // Paths only OpenAI has are OpenAI's whatever the headers say (the fuzzer sent PATCH /v1/embeddings with x-api-key).
        if (path.StartsWithSegments("/v1/chat") || path.StartsWithSegments("/v1/responses") || path.StartsWithSegments("/v1/embeddings")
            || (path.StartsWithSegments("/v1") && !path.StartsWithSegments("/v1/messages") && OpenAiModels.IsOpenAiClient(http.Request)))
        {
            var type = status >= 500 ? OpenAiErrorTypes.Server : OpenAiErrorTypes.InvalidRequest;
            return OpenAiErrors.WriteAsync(http, status, new OpenAiError(message, type, null, null));
        }

        // /account-limits answers its own errors in Anthropic's format (AccountLimitsApi), so its 404 and 405 do too.
        if (path.StartsWithSegments("/v1") || path.StartsWithSegments("/account-limits"))
        {
            return AnthropicErrors.WriteAsync(http, PipelineError.FromStatus(status, message, "unhandled"));
        }

        return TypedResults.Problem(statusCode: status, title: message).ExecuteAsync(http);
    }
}
