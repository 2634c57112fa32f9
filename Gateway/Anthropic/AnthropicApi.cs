using System.Text.Json;
using System.Text.Unicode;
using Antigravity.Gateway;
using Antigravity.Gateway.Anthropic;
using Antigravity.Gateway.Config;
using Antigravity.Gateway.Keys;
using Antigravity.Gateway.Models;
using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Upstream;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The Anthropic Messages API front door (issue 3): <c>/v1/messages</c>, <c>count_tokens</c>, <c>/v1/models</c>,
/// and the small endpoints Claude Code touches (<c>HEAD /</c>, event logging).</summary>
internal static class AnthropicApi
{
    public static IEndpointRouteBuilder MapAnthropicApi(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/", ["HEAD", "GET"], () => TypedResults.Ok("Antigravity Gateway"));
        app.MapPost("/", () => TypedResults.Content("{}", "application/json"));
        app.MapPost("/api/event_logging/batch", () => TypedResults.Content("{}", "application/json"));

        var v1 = app.MapGroup("/v1").WithTags("Anthropic");
        v1.MapPost("/messages", MessagesAsync);
        v1.MapPost("/messages/count_tokens", CountTokensAsync);
        v1.MapGet("/models", ModelsAsync);
        return app;
    }

    private static async Task MessagesAsync(HttpContext http, GatewayPipeline pipeline, ApiKeyGate keys, ClusterConfig config, IOptions<GatewayOptions> options)
    {
        MessagesRequest? source = null;
        GenerateContentRequest body;
        try
        {
            source = await ParseAsync(http, keys, config, options.Value);
            body = Translate(source, requireMaxTokens: true);
        }
        catch (RequestRefusedException ex)
        {
            pipeline.RecordRejected(Protocols.Anthropic, source?.Model, ex.Error.Status, ex.Error.Reason);
            await AnthropicErrors.WriteAsync(http, ex.Error);
            return;
        }

        var result = await pipeline.SendAsync(AnthropicTranslator.ToPipeline(http.Request, source, body), http.RequestAborted);
        if (result.Error is { } failure)
        {
            await AnthropicErrors.WriteAsync(http, failure);
            return;
        }

        await using var response = result.Response!;
        var messageId = "msg_" + response.RequestId;
        try
        {
            if (source.Stream == true)
            {
                await new AnthropicStreamWriter(http.Response, response, messageId).WriteAsync(options.Value.PingInterval, http.RequestAborted);
                return;
            }

            var builder = new AnthropicMessageBuilder();
            await foreach (var chunk in response.ReadChunksAsync(http.RequestAborted))
            {
                builder.Add(chunk);
            }

            http.Response.Headers["request-id"] = "req_" + response.RequestId;
            await http.Response.WriteAsJsonAsync(builder.Build(messageId, response.RequestedModel, response.FinishReason, response.CurrentUsage),
                AnthropicJsonContext.Default.MessageResponse, "application/json", http.RequestAborted);
        }
        catch (PipelineStreamException ex)
        {
            // Non-streaming: nothing was sent yet, so the failure is a normal HTTP error.
            response.MarkFailed(ex.Error.Reason);
            await AnthropicErrors.WriteAsync(http, ex.Error);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            response.MarkFailed("client_closed");
        }
    }

    private static async Task CountTokensAsync(HttpContext http, GatewayPipeline pipeline, ApiKeyGate keys, ClusterConfig config, IOptions<GatewayOptions> options)
    {
        MessagesRequest source;
        GenerateContentRequest body;
        try
        {
            source = await ParseAsync(http, keys, config, options.Value);
            body = Translate(source, requireMaxTokens: false);
        }
        catch (RequestRefusedException ex)
        {
            await AnthropicErrors.WriteAsync(http, ex.Error);
            return;
        }

        var (tokens, failure) = await pipeline.CountTokensAsync(AnthropicTranslator.ToPipeline(http.Request, source, body), http.RequestAborted);
        if (failure is not null)
        {
            await AnthropicErrors.WriteAsync(http, failure);
            return;
        }

        await http.Response.WriteAsJsonAsync(new CountTokensResult(tokens), AnthropicJsonContext.Default.CountTokensResult, "application/json", http.RequestAborted);
    }

    private static async Task ModelsAsync(HttpContext http, ModelsCatalog catalog)
    {
        if (Antigravity.Gateway.OpenAi.OpenAiModels.IsOpenAiClient(http.Request))
        {
            // One path, two shapes: clients without anthropic-version / x-api-key are OpenAI's (issue 6).
            await Antigravity.Gateway.OpenAi.OpenAiModels.WriteAsync(http, catalog);
            return;
        }

        var (models, error) = await catalog.ListAsync(PresentedApiKey.From(http.Request));
        if (error is not null)
        {
            await AnthropicErrors.WriteAsync(http, error);
            return;
        }

        var entries = models!.Select(m => new ModelEntry(m.Id, m.DisplayName, "2026-01-01T00:00:00Z", 1767225600)).ToList();
        await http.Response.WriteAsJsonAsync(new ModelList(entries, false, entries.FirstOrDefault()?.Id, entries.LastOrDefault()?.Id),
            AnthropicJsonContext.Default.ModelList, "application/json", http.RequestAborted);
    }

    /// <summary>The key first (a wrong key costs no body read, issue 15), then the body, then its JSON, then the default
    /// model for a request without one.</summary>
    /// <exception cref="RequestRefusedException">The key, the body or its JSON is refused.</exception>
    private static async Task<MessagesRequest> ParseAsync(HttpContext http, ApiKeyGate keys, ClusterConfig config, GatewayOptions options)
    {
        var caller = await keys.AuthenticateAsync(http.Request);
        RequestBody? body;
        PipelineError? bodyError;
        try
        {
            (body, bodyError) = await RequestBody.ReadAsync(http, caller.OwnerId, options.MaxRequestBodyBytes);
        }
        catch (BadHttpRequestException ex)
        {
            throw new RequestRefusedException("The request body could not be read: " + ex.Message);
        }

        if (bodyError is not null)
        {
            throw new RequestRefusedException(bodyError);
        }

        MessagesRequest parsed;
        using (body)
        {
            parsed = Parse(body!.Span);
        }

        parsed.Model = (await config.GetAsync(http.RequestAborted)).ModelOrDefault(parsed.Model);
        return parsed;
    }

    private static MessagesRequest Parse(ReadOnlySpan<byte> body)
    {
        if (body.Length == 0)
        {
            throw new RequestRefusedException(PipelineError.Invalid("The request body is empty: expected a JSON object.", "empty_body"));
        }

        if (!Utf8.IsValid(body))
        {
            // Checked first: the serializer would report the first string it cannot transcode as a field of the wrong type.
            throw new RequestRefusedException(PipelineError.Invalid("The request body is not valid JSON: it is not UTF-8 encoded.", "invalid_json"));
        }

        if (LoneSurrogates.InPropertyNames(body))
        {
            throw new RequestRefusedException(PipelineError.Invalid("The request body is not valid JSON: a property name contains a lone surrogate escape (\\uD800-\\uDFFF without its pair).", "invalid_json"));
        }

        MessagesRequest? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(body, AnthropicJsonContext.Default.MessagesRequest);
        }
        catch (JsonException ex)
        {
            throw new RequestRefusedException(PipelineError.Invalid(DescribeJsonError(ex, RequestBody.IsWellFormedJson(body)), "invalid_json"));
        }
        catch (ArgumentException)
        {
            // A JsonObject-typed field naming a property twice (AllowDuplicateProperties is off in the context).
            throw new RequestRefusedException(PipelineError.Invalid("The request body is not valid: an object in it names the same field twice.", "invalid_json"));
        }

        return parsed ?? throw new RequestRefusedException(PipelineError.Invalid("The request body must be a JSON object.", "invalid_json"));
    }

    /// <summary>The translated request, or the translator's complaint as a refusal.</summary>
    private static GenerateContentRequest Translate(MessagesRequest source, bool requireMaxTokens)
    {
        var (body, invalid) = AnthropicTranslator.Translate(source, requireMaxTokens);
        return invalid is null ? body! : throw new RequestRefusedException(invalid);
    }

    /// <summary>"max_tokens: Input has the wrong type" style messages from the serializer's path, without internals.</summary>
    private static string DescribeJsonError(JsonException ex, bool wellFormed)
    {
        if (!wellFormed)
        {
            return $"The request body is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}).";
        }

        var path = ex.Path is { Length: > 1 } p ? p.TrimStart('$', '.').Replace("[", ".", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal) : null;
        return path is null ? "The request body must be a JSON object." : $"{Snake(path)}: Input has the wrong type ({TypeHint(ex.Message)})";
    }

    private static string Snake(string path) => System.Text.RegularExpressions.Regex.Replace(path, "(?<=[a-z0-9])([A-Z])", "_$1").ToLowerInvariant();

    private static string TypeHint(string message) => message switch
    {
        _ when message.Contains("Int32", StringComparison.Ordinal) => "expected an integer",
        _ when message.Contains("Double", StringComparison.Ordinal) => "expected a number",
        _ when message.Contains("Boolean", StringComparison.Ordinal) => "expected a boolean",
        _ when message.Contains("String", StringComparison.Ordinal) => "expected a string",
        _ when message.Contains("List", StringComparison.Ordinal) => "expected an array",
        _ when message.Contains("Content must be", StringComparison.Ordinal) => "expected a string or an array of content blocks",
        _ => "expected an object",
    };
}
