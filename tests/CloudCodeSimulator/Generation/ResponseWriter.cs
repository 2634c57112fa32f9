using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Antigravity.CloudCodeSimulator.Core;

namespace Antigravity.CloudCodeSimulator.Generation;

/// <summary>The §2.2/§2.3 envelope: {"response":{candidates,usageMetadata,modelVersion,responseId,createTime},"traceId",…}.</summary>
internal static class ResponseWriter
{
    private static readonly byte[] s_dataPrefix = "data: "u8.ToArray();
    private static readonly byte[] s_eventEnd = "\n\n"u8.ToArray();

    /// <summary>A whole answer; <paramref name="bare"/> writes the public Gemini API's GenerateContentResponse (no
    /// <c>response</c> wrapper, trace id or credits) instead of the v1internal envelope.</summary>
    public static Task UnaryAsync(HttpContext ctx, Reply reply, List<OutPart> parts, string finishReason, bool bare = false)
    {
        if (!bare)
        {
            ctx.Response.Headers["x-cloudaicompanion-trace-id"] = reply.TraceId;
        }
        return JsonOut.WriteResponseAsync(ctx, 200, (reply, parts, finishReason, bare), static (w, s) => Envelope(w, s.reply, s.parts, s.finishReason, ChunkUsage.Final, s.bare));
    }

    /// <summary>SSE with ?alt=sse; otherwise (like Google) one JSON array streamed element by element.</summary>
    public static void StartStream(HttpContext ctx, Reply reply, bool sse)
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = sse ? "text/event-stream" : "application/json; charset=UTF-8";
        ctx.Response.Headers.CacheControl = "no-cache";
        ctx.Response.Headers["X-Accel-Buffering"] = "no";
        ctx.Response.Headers["x-cloudaicompanion-trace-id"] = reply.TraceId;
    }

    /// <summary>One "data: {json}\n\n" event (or one array element), flushed.</summary>
    public static async Task EventAsync(HttpContext ctx, Reply reply, List<OutPart> parts, string? finishReason, ChunkUsage usage, bool sse, bool first, bool bare = false)
    {
        var output = ctx.Response.BodyWriter;
        output.Write(sse ? s_dataPrefix : first ? "["u8 : ",\r\n"u8);
        JsonOut.Write(output, (reply, parts, finishReason, usage, bare), static (w, s) => Envelope(w, s.reply, s.parts, s.finishReason, s.usage, s.bare));
        if (sse)
        {
            output.Write(s_eventEnd);
        }
        await output.FlushAsync(ctx.RequestAborted);
    }

    public static async Task EndArrayAsync(HttpContext ctx, bool empty)
    {
        ctx.Response.BodyWriter.Write(empty ? "[]"u8 : "]"u8);
        await ctx.Response.BodyWriter.FlushAsync(ctx.RequestAborted);
    }

    private static void Envelope(Utf8JsonWriter w, Reply reply, List<OutPart> parts, string? finishReason, ChunkUsage usage, bool bare)
    {
        var withUsage = usage == ChunkUsage.Final;
        w.WriteStartObject();
        if (!bare)
        {
            w.WriteStartObject("response");
        }
        w.WriteStartArray("candidates");
        w.WriteStartObject();
        w.WriteStartObject("content");
        w.WriteString("role", "model");
        if (parts.Count > 0)
        {
            w.WriteStartArray("parts");
            foreach (var part in parts)
            {
                WritePart(w, part);
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
        if (finishReason is not null)
        {
            w.WriteString("finishReason", finishReason);
        }
        if (withUsage && reply.SearchQuery is not null)
        {
            Grounding(w, reply.SearchQuery);
        }
        if (bare)
        {
            w.WriteNumber("index", 0);
        }
        w.WriteEndObject();
        w.WriteEndArray();
        if (usage == ChunkUsage.Prompt)
        {
            // What is known before any output: the prompt (cached tokens included) and the cache hits.
            w.WriteStartObject("usageMetadata");
            w.WriteNumber("promptTokenCount", reply.PromptTokens);
            if (reply.CachedTokens > 0)
            {
                w.WriteNumber("cachedContentTokenCount", reply.CachedTokens);
            }
            w.WriteNumber("totalTokenCount", reply.PromptTokens);
            w.WriteEndObject();
        }
        else if (withUsage)
        {
            w.WriteStartObject("usageMetadata");
            w.WriteNumber("promptTokenCount", reply.PromptTokens);
            w.WriteNumber("candidatesTokenCount", reply.CandidatesTokens);
            if (reply.ThoughtsTokens > 0)
            {
                w.WriteNumber("thoughtsTokenCount", reply.ThoughtsTokens);
            }
            if (reply.CachedTokens > 0)
            {
                w.WriteNumber("cachedContentTokenCount", reply.CachedTokens);
            }
            w.WriteNumber("totalTokenCount", reply.PromptTokens + reply.CandidatesTokens + reply.ThoughtsTokens);
            w.WriteEndObject();
        }
        w.WriteString("modelVersion", reply.ModelVersion);
        w.WriteString("responseId", reply.ResponseId);
        if (bare)
        {
            w.WriteEndObject();
            return;
        }
        w.WriteString("createTime", reply.CreateTime);
        w.WriteEndObject();
        w.WriteString("traceId", reply.TraceId);
        if (withUsage && reply.ConsumedCredits is { } consumed)
        {
            Credits(w, "consumedCredits", consumed);
            Credits(w, "remainingCredits", reply.RemainingCredits ?? 0);
        }
        w.WriteEndObject();
    }

    private static void WritePart(Utf8JsonWriter w, OutPart part)
    {
        w.WriteStartObject();
        if (part.Call is { } call)
        {
            w.WriteStartObject("functionCall");
            if (call.Id is not null)
            {
                w.WriteString("id", call.Id);
            }
            w.WriteString("name", call.Name);
            w.WritePropertyName("args");
            w.WriteRawValue(call.ArgsJson, skipInputValidation: true);
            w.WriteEndObject();
        }
        else if (part.Image is not null)
        {
            w.WriteStartObject("inlineData");
            w.WriteString("mimeType", "image/png");
            w.WriteString("data", part.Image);
            w.WriteEndObject();
        }
        else
        {
            w.WriteString("text", part.Text);
            if (part.Thought)
            {
                w.WriteBoolean("thought", true);
            }
        }
        if (part.Signature is not null)
        {
            w.WriteString("thoughtSignature", part.Signature);
        }
        w.WriteEndObject();
    }

    private static void Grounding(Utf8JsonWriter w, string query)
    {
        w.WriteStartObject("groundingMetadata");
        w.WriteStartArray("webSearchQueries");
        w.WriteStringValue(query);
        w.WriteEndArray();
        w.WriteStartObject("searchEntryPoint");
        w.WriteString("renderedContent", $"<div class=\"container\"><a class=\"chip\">{System.Net.WebUtility.HtmlEncode(query)}</a></div>");
        w.WriteEndObject();
        w.WriteStartArray("groundingChunks");
        for (var i = 1; i <= 2; i++)
        {
            w.WriteStartObject();
            w.WriteStartObject("web");
            w.WriteString("uri", $"https://vertexaisearch.cloud.google.com/grounding-api-redirect/sim-{i}");
            w.WriteString("title", $"example{i}.com");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("groundingSupports");
        w.WriteStartObject();
        w.WriteStartObject("segment");
        w.WriteNumber("startIndex", 0);
        w.WriteNumber("endIndex", 20);
        w.WriteEndObject();
        w.WriteStartArray("groundingChunkIndices");
        w.WriteNumberValue(0);
        w.WriteNumberValue(1);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Credits(Utf8JsonWriter w, string name, long amount)
    {
        w.WriteStartArray(name);
        w.WriteStartObject();
        w.WriteString("creditType", "GOOGLE_ONE_AI");
        w.WriteString("creditAmount", amount.ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.WriteEndArray();
    }
}

/// <summary>Which <c>usageMetadata</c> a chunk carries: none, the prompt's only (a stream's first chunk), or the full one.</summary>
internal enum ChunkUsage
{
    None,
    Prompt,
    Final,
}
