using System.Buffers;
using System.Text.Json;
using Antigravity.Gateway.Config;
using Antigravity.Gateway.Keys;
using Antigravity.Gateway.Pipeline;
using Microsoft.Extensions.Options;

namespace Antigravity.Gateway.OpenAi.ChatCompletions;

/// <summary><c>POST /v1/chat/completions</c> over the shared pipeline: translate, send, map chunks.</summary>
internal static class ChatCompletionsEndpoint
{
    private static readonly byte[] s_data = "data: "u8.ToArray();
    private static readonly byte[] s_end = "\n\n"u8.ToArray();
    private static readonly byte[] s_done = "data: [DONE]\n\n"u8.ToArray();

    public static async Task HandleAsync(HttpContext http, GatewayPipeline pipeline, ApiKeyGate keys, ClusterConfig config, IOptions<GatewayOptions> options, TimeProvider time)
    {
        ChatCompletionRequest request;
        PipelineRequest pipelineRequest;
        var snapshot = await config.GetAsync(http.RequestAborted);
        try
        {
            (request, _) = await OpenAiBody.ReadAsync(http, keys, OpenAiJsonContext.Default.ChatCompletionRequest, options.Value.MaxRequestBodyBytes);
            request = request with { Model = snapshot.ModelOrDefault(request.Model) };
            if (string.IsNullOrEmpty(request.Model))
            {
                throw new RequestRefusedException("you must provide a model parameter", "model");
            }
            pipelineRequest = new PipelineRequest
            {
                Protocol = Protocols.OpenAiChat,
                Model = request.Model,
                Body = OpenAiBody.WrongTypeIsInvalid(() => ChatRequestTranslator.Translate(request)),
                Stream = request.Stream == true,
                ApiKey = PresentedApiKey.From(http.Request),
                OutputLimitParam = request.MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens",
            };
        }
        catch (RequestRefusedException ex)
        {
            pipeline.RecordRejected(Protocols.OpenAiChat, null, OpenAiErrors.Status(ex.Error), ex.Error.Reason);
            await OpenAiErrors.WriteAsync(http, ex.Error);
            return;
        }

        var result = await pipeline.SendAsync(pipelineRequest, http.RequestAborted);
        if (result.Error is { } error)
        {
            await OpenAiErrors.WriteAsync(http, error);
            return;
        }

        await using var response = result.Response!;
        var mapper = new ChatResponseMapper("chatcmpl-" + response.RequestId, time.GetUtcNow().ToUnixTimeSeconds(), request.Model, snapshot.Settings.OpenAiThinkingOutput)
        {
            PromptEstimate = response.PromptEstimate,
        };
        try
        {
            if (request.Stream == true)
            {
                await StreamAsync(http, response, mapper, request.StreamOptions?.IncludeUsage == true);
                return;
            }
            var completion = await mapper.CompleteAsync(response.ReadChunksAsync(http.RequestAborted), http.RequestAborted);
            await http.Response.WriteAsJsonAsync(completion, OpenAiJsonContext.Default.ChatCompletion, "application/json", http.RequestAborted);
        }
        catch (PipelineStreamException ex) when (!http.Response.HasStarted)
        {
            response.MarkFailed(ex.Error.Reason);
            await OpenAiErrors.WriteAsync(http, ex.Error);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            response.MarkFailed("client_closed");
        }
    }

    private static async Task StreamAsync(HttpContext http, PipelineResponse response, ChatResponseMapper mapper, bool includeUsage)
    {
        var output = http.Response;
        output.StatusCode = 200;
        output.ContentType = "text/event-stream; charset=utf-8";
        output.Headers.CacheControl = "no-cache";
        output.Headers["X-Accel-Buffering"] = "no";
        var body = output.BodyWriter;
        try
        {
            await foreach (var chunk in response.ReadChunksAsync(http.RequestAborted))
            {
                if (mapper.Map(chunk) is { } mapped)
                {
                    await WriteAsync(body, JsonSerializer.SerializeToUtf8Bytes(mapped, OpenAiJsonContext.Default.ChatCompletionChunk), http.RequestAborted);
                }
            }
        }
        catch (PipelineStreamException ex)
        {
            response.MarkFailed(ex.Error.Reason);
            await WriteAsync(body, OpenAiErrors.StreamChunk(ex.Error), http.RequestAborted);
            return;
        }
        foreach (var closing in mapper.Finish(includeUsage))
        {
            await WriteAsync(body, JsonSerializer.SerializeToUtf8Bytes(closing, OpenAiJsonContext.Default.ChatCompletionChunk), http.RequestAborted);
        }
        body.Write(s_done);
        await body.FlushAsync(http.RequestAborted);
    }

    private static async Task WriteAsync(System.IO.Pipelines.PipeWriter body, byte[] json, CancellationToken cancellationToken)
    {
        body.Write(s_data);
        body.Write(json);
        body.Write(s_end);
        await body.FlushAsync(cancellationToken);
    }
}
