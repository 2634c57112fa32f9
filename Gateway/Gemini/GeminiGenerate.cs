using System.Text.Json;
using Antigravity.Gateway.Gemini.Caching;
using Antigravity.Gateway.Gemini.Files;
using Antigravity.Gateway.Keys;
using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Gemini;

/// <summary><c>generateContent</c>, <c>streamGenerateContent</c> and <c>countTokens</c> through the shared pipeline.</summary>
internal static class GeminiGenerate
{
    public static async Task GenerateAsync(HttpContext http, string model, bool stream, GatewayPipeline pipeline, ApiKeyGate keys, FileInliner files,
        CachedContentStore caches, long limit)
    {
        GenerateContentRequest body;
        try
        {
            body = await ReadRequestAsync(http, keys, files, caches, limit);
        }
        catch (RequestRefusedException ex)
        {
            pipeline.RecordRejected(Protocols.Gemini, model, GoogleErrors.Code(ex.Error), "invalid_request");
            throw;
        }

        var result = await pipeline.SendAsync(ToPipeline(http, model, body, stream), http.RequestAborted);
        if (result.Error is { } error)
        {
            await GoogleErrors.Result(error, http.Response).ExecuteAsync(http);
            return;
        }

        await using var response = result.Response!;
        try
        {
            if (stream)
            {
                var sse = string.Equals(http.Request.Query["alt"], "sse", StringComparison.OrdinalIgnoreCase);
                await GeminiStreamWriter.WriteAsync(http.Response, response, sse, http.RequestAborted);
                return;
            }
            var whole = await GeminiAggregator.AggregateAsync(response.ReadChunksAsync(http.RequestAborted), http.RequestAborted);
            if (GeminiStreamWriter.Incomplete(response, whole.PromptFeedback is not null) is { } incomplete)
            {
                throw new PipelineStreamException(incomplete);
            }
            whole.UsageMetadata ??= response.CurrentUsage;
            await http.Response.WriteAsJsonAsync(whole, UpstreamJsonContext.Default.GenerateContentResponse, "application/json; charset=UTF-8", http.RequestAborted);
        }
        catch (PipelineStreamException ex)
        {
            response.MarkFailed(ex.Error.Reason);
            await GoogleErrors.Result(ex.Error, http.Response).ExecuteAsync(http);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            response.MarkFailed("client_closed");
        }
    }

    public static async Task CountTokensAsync(HttpContext http, string model, GatewayPipeline pipeline, ApiKeyGate keys, FileInliner files,
        CachedContentStore caches, long limit)
    {
        var (count, caller) = await GeminiRequestReader.ReadAsync(http, keys, GeminiJsonContext.Default.CountTokensRequestBody, limit);
        if (count is { Contents: not null, GenerateContentRequest: not null })
        {
            // Google documents them as exclusive: "either Model + Contents or a generateContentRequest, but never both".
            throw new RequestRefusedException(400, "contents and generate_content_request are mutually exclusive: send either contents or a generate_content_request, not both.");
        }
        var body = count.GenerateContentRequest ?? new GenerateContentRequest { Contents = count.Contents ?? [] };
        RejectNulls(body);
        if (body.Contents.Count == 0)
        {
            throw new RequestRefusedException(400, "contents is not specified.");
        }
        await caches.ApplyAsync(caller.OwnerId, body);
        await files.InlineAsync(caller.OwnerId, body);
        var (tokens, error) = await pipeline.CountTokensAsync(ToPipeline(http, model, body, stream: false), http.RequestAborted);
        if (error is not null)
        {
            await GoogleErrors.Result(error, http.Response).ExecuteAsync(http);
            return;
        }
        await http.Response.WriteAsJsonAsync(new GeminiTokenCount(tokens), GeminiJsonContext.Default.GeminiTokenCount, null, http.RequestAborted);
    }

    private static async Task<GenerateContentRequest> ReadRequestAsync(HttpContext http, ApiKeyGate keys, FileInliner files, CachedContentStore caches, long limit)
    {
        var (body, caller) = await GeminiRequestReader.ReadAsync(http, keys, UpstreamJsonContext.Default.GenerateContentRequest, limit);
        RejectNulls(body);
        await caches.ApplyAsync(caller.OwnerId, body);
        if (body.Contents is not { Count: > 0 })
        {
            throw new RequestRefusedException(400, "* GenerateContentRequest.contents: contents is not specified");
        }
        for (var i = 0; i < body.Contents.Count; i++)
        {
            var content = body.Contents[i];
            if (content.Parts is not { Count: > 0 })
            {
                throw new RequestRefusedException(400, $"* GenerateContentRequest.contents[{i}].parts: contents.parts must not be empty.");
            }
            if (content.Role is not (null or "user" or "model" or "function"))
            {
                throw new RequestRefusedException(400, $"* GenerateContentRequest.contents[{i}].role: Please use a valid role: user, model.");
            }
            content.Role = content.Role is null or "function" ? "user" : content.Role;
        }
        await files.InlineAsync(caller.OwnerId, body);
        return body;
    }

    /// <summary>JSON nulls where the request needs objects (<c>"contents":null</c>, <c>"parts":[null]</c>…) are Google's
    /// 400, not a NullReferenceException in the rules (found by the fuzzer, issue 15).</summary>
    internal static void RejectNulls(GenerateContentRequest body)
    {
        body.Contents ??= [];
        for (var i = 0; i < body.Contents.Count; i++)
        {
            if (body.Contents[i] is not { } content)
            {
                throw new RequestRefusedException(400, $"* GenerateContentRequest.contents[{i}]: must be an object, not null.");
            }
            RejectNullParts(content.Parts, $"contents[{i}].parts");
        }
        if (body.SystemInstruction is { } system)
        {
            RejectNullParts(system.Parts, "system_instruction.parts");
        }
        for (var i = 0; i < (body.Tools?.Count ?? 0); i++)
        {
            if (body.Tools![i] is not { } tool || tool.FunctionDeclarations?.Any(d => d?.Name is null) == true)
            {
                throw new RequestRefusedException(400, $"* GenerateContentRequest.tools[{i}]: a tool and each of its function declarations must be an object with a name.");
            }
        }
    }

    private static void RejectNullParts(List<Part>? parts, string path)
    {
        if (parts is null || parts.Any(p => p is null))
        {
            throw new RequestRefusedException(400, $"* GenerateContentRequest.{path}: parts must be a list of objects, not null.");
        }
    }

    private static PipelineRequest ToPipeline(HttpContext http, string model, GenerateContentRequest body, bool stream) => new()
    {
        Protocol = Protocols.Gemini,
        Model = model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model,
        Body = body,
        Stream = stream,
        ApiKey = PresentedApiKey.From(http.Request),
        OutputLimitParam = "generationConfig.maxOutputTokens",
    };

    internal static byte[] Serialize(GenerateContentResponse response) =>
        JsonSerializer.SerializeToUtf8Bytes(response, UpstreamJsonContext.Default.GenerateContentResponse);
}
