using System.Globalization;
using Antigravity.CloudCodeSimulator.Control;
using Antigravity.CloudCodeSimulator.Core;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.CloudCodeSimulator.Hosting;
using Antigravity.CloudCodeSimulator.Quota;
using Antigravity.CloudCodeSimulator.Validation;

namespace Antigravity.CloudCodeSimulator.Generation;

/// <summary>generateContent and streamGenerateContent?alt=sse: validate, check project and quota, answer.</summary>
internal static class GenerateHandler
{
    public static async Task HandleAsync(SimCall call)
    {
        var ctx = call.Http;
        var state = call.State;
        if (await EnvelopeValidator.ValidateAsync(call))
        {
            return;
        }
        var model = ModelCatalog.Find(call.Model);
        if (model is null)
        {
            await UpstreamErrors.NotFoundAsync(ctx);
            return;
        }
        var gen = RequestReader.Read(call.Root, model);
        if (await HistoryValidator.ValidateAsync(call, gen))
        {
            return;
        }
        var charge = await QuotaGate.ChargeAsync(call, gen);
        if (charge is null)
        {
            return;
        }
        var contentHash = SplitMix.Hash(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(call.Root));
        var rng = state.Random(SplitMix.Hash(call.Account.Email) ^ SplitMix.Hash(call.SessionId ?? "") ^ (ulong)charge.Sequence * 0x9E3779B97F4A7C15UL ^ contentHash);
        gen.ContentSeed = state.Seed ^ contentHash;
        var answer = ScriptedModel.Answer(gen, ref rng, state.Signatures);
        var segments = TokenEstimator.Segment(gen);
        var cached = state.Cache.ReadAndStore(call.Account.Email, call.SessionId, segments);
        var reply = new Reply(
            model.Id,
            model.IsClaude ? "msg_vrtx_01" + rng.Base62String(22) : Convert.ToBase64String(BitConverter.GetBytes(rng.Next())).TrimEnd('=') + rng.Base62String(12),
            rng.Hex(16),
            call.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            segments.Total,
            cached,
            answer.CandidatesTokens,
            answer.ThoughtsTokens,
            charge.ConsumedCredits,
            charge.RemainingCredits,
            answer.SearchQuery);
        call.Usage = call.StreamFault?.Reason == FaultReasons.EmptyStream
            ? new RecordedUsage(reply.PromptTokens, reply.CachedTokens, 0, 0)
            : new RecordedUsage(reply.PromptTokens, reply.CachedTokens, reply.CandidatesTokens, reply.ThoughtsTokens);
        if (call.Streaming)
        {
            await StreamAsync(call, reply, answer);
        }
        else if (call.StreamFault?.Reason == FaultReasons.EmptyStream)
        {
            await ResponseWriter.UnaryAsync(ctx, reply with { CandidatesTokens = 0, ThoughtsTokens = 0 }, [], "STOP");
        }
        else
        {
            await ResponseWriter.UnaryAsync(ctx, reply, Chunker.Unary(answer, model.IsClaude), answer.FinishReason);
        }
    }

    private static async Task StreamAsync(SimCall call, Reply reply, Answer answer)
    {
        var ctx = call.Http;
        var latency = call.State.Latency;
        var sse = ctx.Request.Query["alt"] == "sse";
        ResponseWriter.StartStream(ctx, reply, sse);
        await ctx.Response.StartAsync(ctx.RequestAborted);
        if (latency.FirstChunkDelayMs > 0)
        {
            await Task.Delay(latency.FirstChunkDelayMs, ctx.RequestAborted);
        }
        if (call.StreamFault?.Reason == FaultReasons.EmptyStream)
        {
            await ResponseWriter.EventAsync(ctx, reply with { CandidatesTokens = 0, ThoughtsTokens = 0 }, [], "STOP", ChunkUsage.Final, sse, first: true);
            if (!sse)
            {
                await ResponseWriter.EndArrayAsync(ctx, empty: false);
            }
            return;
        }
        var chunks = Chunker.Stream(answer);
        var truncated = call.StreamFault is { } fault && FaultReasons.IsStreamOnly(fault.Reason);
        var count = truncated ? Math.Max(1, chunks.Count / 2) : chunks.Count;
        for (var i = 0; i < count; i++)
        {
            if (i > 0 && latency.ChunkIntervalMs > 0)
            {
                await Task.Delay(latency.ChunkIntervalMs, ctx.RequestAborted);
            }
            var lastChunk = !truncated && i == count - 1;
            var usage = lastChunk ? ChunkUsage.Final : i == 0 && call.State.UsageOnFirstChunk ? ChunkUsage.Prompt : ChunkUsage.None;
            await ResponseWriter.EventAsync(ctx, reply, chunks[i], lastChunk ? answer.FinishReason : null, usage, sse, first: i == 0);
        }
        if (truncated && await BreakOffAsync(ctx, call.StreamFault!))
        {
            return;
        }
        if (!sse)
        {
            await ResponseWriter.EndArrayAsync(ctx, empty: count == 0);
        }
    }

    /// <summary>How a stream cut in half goes on: STALLED_STREAM stays silent (connection open) until the client leaves or
    /// the delay passes, BROKEN_STREAM pauses (delaySeconds, default 0.2 s) and resets the connection; true when nothing more may be written.</summary>
    private static async Task<bool> BreakOffAsync(HttpContext ctx, FaultSpec fault)
    {
        switch (fault.Reason)
        {
            case FaultReasons.StalledStream:
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(fault.DelaySeconds ?? 300), ctx.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return true;
                }
                return false;
            case FaultReasons.BrokenStream:
                // A reset discards what the peer has not read yet: pause first, so the half that was sent arrives.
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(fault.DelaySeconds ?? 0.2), ctx.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return true;
                }
                ctx.Abort();
                return true;
            default:
                return false;
        }
    }
}
