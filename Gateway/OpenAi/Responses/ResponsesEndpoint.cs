using System.Buffers;
using System.Text;
using System.Text.Json;
using Antigravity.Gateway.Config;
using Antigravity.Gateway.Keys;
using Antigravity.Gateway.Pipeline;
using Microsoft.Extensions.Options;

namespace Antigravity.Gateway.OpenAi.Responses;

/// <summary><c>POST /v1/responses</c>, <c>GET</c> and <c>DELETE /v1/responses/{id}</c> over the shared pipeline.</summary>
internal static class ResponsesEndpoint
{
    public static async Task CreateAsync(HttpContext http, GatewayPipeline pipeline, ApiKeyGate keys, ResponseStore store, ClusterConfig config, IOptions<GatewayOptions> options,
        TimeProvider time)
    {
        ResponsesRequest request;
        Caller caller;
        PipelineRequest pipelineRequest;
        List<JsonElement> conversation;
        try
        {
            (request, caller) = await OpenAiBody.ReadAsync(http, keys, OpenAiJsonContext.Default.ResponsesRequest, options.Value.MaxRequestBodyBytes);
            request = request with { Model = (await config.GetAsync(http.RequestAborted)).ModelOrDefault(request.Model) };
            if (string.IsNullOrEmpty(request.Model))
            {
                throw new RequestRefusedException("Missing required parameter: 'model'.", "model");
            }
            conversation = [];
            if (request.PreviousResponseId is { Length: > 0 } previousId)
            {
                var previous = await store.GetAsync(caller.OwnerId, previousId)
                    ?? throw new RequestRefusedException(new PipelineError(PipelineErrorKind.NotFound, 404,
                        $"Previous response with id '{previousId}' not found.", "previous_response_not_found", Param: "previous_response_id"));
                conversation.AddRange(previous.Conversation);
            }
            conversation.AddRange(OpenAiBody.WrongTypeIsInvalid(() => ResponsesTranslator.InputItems(request.Input)));
            pipelineRequest = new PipelineRequest
            {
                Protocol = Protocols.OpenAiResponses,
                Model = request.Model,
                Body = OpenAiBody.WrongTypeIsInvalid(() => ResponsesTranslator.Translate(request, conversation)),
                Stream = request.Stream == true,
                ApiKey = PresentedApiKey.From(http.Request),
                SessionKey = request.PromptCacheKey,
                OutputLimitParam = "max_output_tokens",
            };
        }
        catch (RequestRefusedException ex)
        {
            pipeline.RecordRejected(Protocols.OpenAiResponses, null, OpenAiErrors.Status(ex.Error), ex.Error.Reason);
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
        var builder = new ResponseBuilder(new ResponseObject
        {
            // The id is the only thing that names a stored response to its owner: unguessable, not the request id.
            Id = "resp_" + Ids.Unguessable(16),
            CreatedAt = time.GetUtcNow().ToUnixTimeSeconds(),
            Status = "in_progress",
            Model = request.Model,
            Instructions = request.Instructions,
            PreviousResponseId = request.PreviousResponseId,
            Reasoning = request.Reasoning,
            Tools = request.Tools ?? [],
            ToolChoice = request.ToolChoice,
            ParallelToolCalls = request.ParallelToolCalls ?? true,
            Store = request.Store ?? true,
            Temperature = request.Temperature,
            TopP = request.TopP,
            MaxOutputTokens = request.MaxOutputTokens,
            Text = request.Text,
            Metadata = request.Metadata,
        })
        {
            PromptEstimate = response.PromptEstimate,
        };
        var stream = request.Stream == true;
        try
        {
            if (stream)
            {
                StartStream(http.Response);
                await WriteAsync(http, builder.Start());
            }
            await foreach (var chunk in response.ReadChunksAsync(http.RequestAborted))
            {
                var events = builder.Add(chunk);
                if (stream)
                {
                    await WriteAsync(http, events);
                }
            }
            var closing = builder.Finish(out var final);
            if (final.Store)
            {
                await store.SaveAsync(caller.OwnerId, new StoredResponse(final, [.. conversation, .. final.Output.Select(i => JsonSerializer.SerializeToElement(i, OpenAiJsonContext.Default.ResponseItem))]));
            }
            if (stream)
            {
                await WriteAsync(http, closing);
                return;
            }
            await http.Response.WriteAsJsonAsync(final, OpenAiJsonContext.Default.ResponseObject, "application/json", http.RequestAborted);
        }
        catch (PipelineStreamException ex)
        {
            response.MarkFailed(ex.Error.Reason);
            if (http.Response.HasStarted)
            {
                await WriteAsync(http, [builder.Failed(OpenAiErrors.From(ex.Error).Code ?? "server_error", ex.Error.Message)]);
                return;
            }
            await OpenAiErrors.WriteAsync(http, ex.Error);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            response.MarkFailed("client_closed");
        }
    }

    public static async Task GetAsync(HttpContext http, string id, ResponseStore store, ApiKeyGate keys)
    {
        Caller caller;
        try
        {
            caller = await keys.CheckAsync(http.Request);
        }
        catch (RequestRefusedException ex)
        {
            await OpenAiErrors.WriteAsync(http, ex.Error);
            return;
        }
        if (await store.GetAsync(caller.OwnerId, id) is not { } stored)
        {
            await OpenAiErrors.WriteAsync(http, 404, new OpenAiError($"Response with id '{id}' not found.", OpenAiErrorTypes.InvalidRequest, "response_id", "not_found"));
            return;
        }
        await http.Response.WriteAsJsonAsync(stored.Response, OpenAiJsonContext.Default.ResponseObject, "application/json", http.RequestAborted);
    }

    public static async Task DeleteAsync(HttpContext http, string id, ResponseStore store, ApiKeyGate keys)
    {
        Caller caller;
        try
        {
            caller = await keys.CheckAsync(http.Request);
        }
        catch (RequestRefusedException ex)
        {
            await OpenAiErrors.WriteAsync(http, ex.Error);
            return;
        }
        if (!await store.DeleteAsync(caller.OwnerId, id))
        {
            await OpenAiErrors.WriteAsync(http, 404, new OpenAiError($"Response with id '{id}' not found.", OpenAiErrorTypes.InvalidRequest, "response_id", "not_found"));
            return;
        }
        await http.Response.WriteAsJsonAsync(new DeletedResponse(id, true), OpenAiJsonContext.Default.DeletedResponse, "application/json", http.RequestAborted);
    }

    private static void StartStream(HttpResponse output)
    {
        output.StatusCode = 200;
        output.ContentType = "text/event-stream; charset=utf-8";
        output.Headers.CacheControl = "no-cache";
        output.Headers["X-Accel-Buffering"] = "no";
    }

    /// <summary><c>event: &lt;type&gt;\ndata: &lt;json&gt;\n\n</c>, as OpenAI streams the Responses API.</summary>
    private static async Task WriteAsync(HttpContext http, IEnumerable<ResponseEvent> events)
    {
        var body = http.Response.BodyWriter;
        var any = false;
        foreach (var e in events)
        {
            body.Write(Encoding.UTF8.GetBytes($"event: {e.Type}\ndata: "));
            body.Write(JsonSerializer.SerializeToUtf8Bytes(e, OpenAiJsonContext.Default.ResponseEvent));
            body.Write("\n\n"u8);
            any = true;
        }
        if (any)
        {
            await body.FlushAsync(http.RequestAborted);
        }
    }
}
