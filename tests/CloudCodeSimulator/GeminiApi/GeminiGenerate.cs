using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator.Control;
using Antigravity.CloudCodeSimulator.Core;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.CloudCodeSimulator.Generation;
using Antigravity.CloudCodeSimulator.Quota;

namespace Antigravity.CloudCodeSimulator.GeminiApi;

/// <summary><c>POST /v1beta/models/{model}:{method}</c>: generateContent, streamGenerateContent (SSE with <c>alt=sse</c>,
/// else one JSON array), countTokens, embedContent and batchEmbedContents, answered by the v1internal surface's scripted
/// model in the public API's shape (no envelope).</summary>
internal static class GeminiGenerate
{
    public const string Host = "generativelanguage";

    public static async Task ModelMethodAsync(HttpContext http, string target, SimulatorState state)
    {
        var colon = target.LastIndexOf(':');
        var (modelId, method) = colon > 0 ? (target[..colon], target[(colon + 1)..]) : (target, "");
        var body = await GeminiJson.ReadObjectAsync(http);
        if (body is null)
        {
            return;
        }
        var usage = (RecordedUsage?)null;
        try
        {
            switch (method)
            {
                case "generateContent" or "streamGenerateContent" or "countTokens":
                    usage = await GenerateAsync(http, state, modelId, method, body);
                    break;
                case "embedContent" or "batchEmbedContents":
                    await GeminiEmbed.HandleAsync(http, modelId, method, body);
                    break;
                default:
                    await GoogleErrors.WriteAsync(http, 404, "NOT_FOUND", $"Method '{method}' is not found for models/{modelId}.");
                    break;
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The caller went away (an executor's abort): nothing left to answer.
        }
        finally
        {
            state.Log.Add(new RecordedRequest(state.Log.NextSequence(), state.TimeProvider.GetUtcNow(), http.Request.Method, http.Request.Path.Value ?? "",
                Host, method, null, modelId, null, RequestLog.Headers(http.Request), state.RecordBodies ? body.ToJsonString() : null, http.Response.StatusCode, usage));
        }
    }

    public static Task NotFoundModelAsync(HttpContext http, string modelId, string method) =>
        GoogleErrors.WriteAsync(http, 404, "NOT_FOUND",
            $"models/{modelId} is not found for API version v1beta, or is not supported for {method}. Call ListModels to see the list of available models and their supported methods.");

    private static async Task<RecordedUsage?> GenerateAsync(HttpContext http, SimulatorState state, string modelId, string method, JsonObject body)
    {
        var model = ModelCatalog.Find(modelId);
        if (model is null)
        {
            await NotFoundModelAsync(http, modelId, method);
            return null;
        }
        if (method == "countTokens" && body["generateContentRequest"] is JsonObject inner)
        {
            // Google documents them as exclusive ("either Model + Contents or a generateContentRequest, never both").
            if (body["contents"] is not null)
            {
                await GoogleErrors.InvalidArgumentAsync(http,
                    "contents and generate_content_request are mutually exclusive: send either contents or a generate_content_request, not both.");
                return null;
            }
            body = inner;
        }
        var cachedTokens = 0;
        if (body["cachedContent"]?.GetValue<string>() is { } cacheName)
        {
            var cache = GeminiCaches.Find(state, cacheName);
            if (cache is null)
            {
                await GeminiCaches.NotFoundAsync(http);
                return null;
            }
            body = GeminiCaches.Apply(cache, body);
            cachedTokens = cache.Tokens;
        }
        if (body["contents"] is not JsonArray { Count: > 0 })
        {
            await GoogleErrors.InvalidArgumentAsync(http, "* GenerateContentRequest.contents: contents is not specified\n");
            return null;
        }
        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(body.ToJsonString()));
        var gen = RequestReader.ReadRequest(document.RootElement, model);
        var segments = TokenEstimator.Segment(gen);
        if (method == "countTokens")
        {
            var count = new JsonObject { ["totalTokens"] = segments.Total };
            if (cachedTokens > 0)
            {
                count["cachedContentTokenCount"] = cachedTokens;
            }
            await GeminiJson.WriteAsync(http, count);
            return null;
        }
        var contentHash = SplitMix.Hash(JsonMarshal.GetRawUtf8Value(document.RootElement));
        gen.ContentSeed = state.Seed ^ contentHash;
        var rng = state.Random(contentHash);
        var answer = ScriptedModel.Answer(gen, ref rng, state.Signatures);
        var ids = state.NextRandom();
        var reply = new Reply(model.Id, ids.Base62String(22), "", "", segments.Total, cachedTokens, answer.CandidatesTokens, answer.ThoughtsTokens, null, null, answer.SearchQuery);
        var usage = new RecordedUsage(reply.PromptTokens, reply.CachedTokens, reply.CandidatesTokens, reply.ThoughtsTokens);
        if (method == "streamGenerateContent")
        {
            await StreamAsync(http, state, reply, answer);
        }
        else
        {
            await ResponseWriter.UnaryAsync(http, reply, Chunker.Unary(answer, model.IsClaude), answer.FinishReason, bare: true);
        }
        return usage;
    }

    private static async Task StreamAsync(HttpContext http, SimulatorState state, Reply reply, Answer answer)
    {
        var latency = state.Latency;
        var sse = http.Request.Query["alt"] == "sse";
        http.Response.StatusCode = 200;
        http.Response.ContentType = sse ? "text/event-stream" : "application/json; charset=UTF-8";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.StartAsync(http.RequestAborted);
        // The headers go out now (Kestrel would hold them until the first chunk): a caller sees the stream open.
        await http.Response.Body.FlushAsync(http.RequestAborted);
        if (latency.FirstChunkDelayMs > 0)
        {
            await Task.Delay(latency.FirstChunkDelayMs, http.RequestAborted);
        }
        await state.StreamHold.PassAsync(StreamHold.BeforeFirstChunk, http.RequestAborted);
        var chunks = Chunker.Stream(answer);
        for (var i = 0; i < chunks.Count; i++)
        {
            if (i > 0 && latency.ChunkIntervalMs > 0)
            {
                await Task.Delay(latency.ChunkIntervalMs, http.RequestAborted);
            }
            var last = i == chunks.Count - 1;
            var usage = last ? ChunkUsage.Final : i == 0 && state.UsageOnFirstChunk ? ChunkUsage.Prompt : ChunkUsage.None;
            await ResponseWriter.EventAsync(http, reply, chunks[i], last ? answer.FinishReason : null, usage, sse, first: i == 0, bare: true);
            if (i == 0)
            {
                await state.StreamHold.PassAsync(StreamHold.AfterFirstChunk, http.RequestAborted);
            }
        }
        if (!sse)
        {
            await ResponseWriter.EndArrayAsync(http, empty: chunks.Count == 0);
        }
    }
}
