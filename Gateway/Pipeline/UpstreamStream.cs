using System.Text;
using System.Text.Json;
using Antigravity.Gateway.Models;
using Antigravity.Gateway.Rules;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Pipeline;

/// <summary>
/// One upstream SSE response, read chunk by chunk as the client consumes it. On the way through it restores tool names,
/// fills missing function-call ids, keeps the latest usage and finish reason, and feeds the signature cache.
/// The first content chunk is prefetched during failover (<see cref="PrefetchAsync"/>) and replayed first.
/// </summary>
internal sealed class UpstreamStream(
    HttpResponseMessage response, SseChunkReader reader, UpstreamModel model, ToolNameMap names, SignatureCache signatures, TimeProvider time) : IAsyncDisposable
{
    private readonly Queue<GenerateContentResponse> _prefetched = new();
    private readonly StringBuilder _thinking = new();
    private Task<GenerateContentResponse?>? _pending;
    private bool _ended;

    public UsageMetadata? Usage { get; private set; }

    public string? FinishReason { get; private set; }

    /// <summary>Reads until a chunk with content arrives (true), the stream ends empty (false), or <paramref name="hold"/>
    /// passes (true: the stream is handed over and keeps reading in the background).</summary>
    public async Task<bool> PrefetchAsync(TimeSpan hold, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var read = reader.ReadAsync(cancellationToken);
            GenerateContentResponse? chunk;
            if (read.IsCompleted)
            {
                chunk = read.Result;
            }
            else
            {
                var task = read.AsTask();
                try
                {
                    var left = hold - time.GetElapsedTime(started);
                    chunk = await task.WaitAsync(left > TimeSpan.FromMilliseconds(1) ? left : TimeSpan.FromMilliseconds(1), time, cancellationToken);
                }
                catch (TimeoutException) when (!task.IsCompleted)
                {
                    // Hold time is over: hand the stream to the client (headers, pings) and keep this read going.
                    _pending = task;
                    return true;
                }
            }

            if (chunk is null)
            {
                _ended = true;
                return false;
            }

            Process(chunk);
            _prefetched.Enqueue(chunk);
            if (HasContent(chunk))
            {
                return true;
            }
        }
    }

    /// <summary>The next chunk for the client, or null at the end.</summary>
    public async ValueTask<GenerateContentResponse?> ReadAsync(CancellationToken cancellationToken)
    {
        if (_prefetched.TryDequeue(out var queued))
        {
            return queued;
        }

        if (_ended)
        {
            return null;
        }

        try
        {
            GenerateContentResponse? chunk;
            if (_pending is { } pending)
            {
                _pending = null;
                chunk = await pending.WaitAsync(cancellationToken);
            }
            else
            {
                chunk = await reader.ReadAsync(cancellationToken);
            }

            if (chunk is null)
            {
                _ended = true;
                return null;
            }

            Process(chunk);
            return chunk;
        }
        catch (TimeoutException)
        {
            throw new PipelineStreamException(new PipelineError(PipelineErrorKind.Timeout, 504, "The upstream stopped sending data.", "upstream_timeout"));
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or JsonException)
        {
            throw new PipelineStreamException(new PipelineError(PipelineErrorKind.Upstream, 502, "The upstream connection failed during the response.", "upstream_stream_error"));
        }
    }

    private void Process(GenerateContentResponse chunk)
    {
        if (chunk.UsageMetadata is { } usage)
        {
            Usage = usage;
        }

        if (chunk.FinishReason is { } finish)
        {
            FinishReason = finish;
        }

        foreach (var part in chunk.Parts)
        {
            if (part.FunctionCall is { } call)
            {
                call.Id ??= UpstreamRules.NewToolId();
                call.Name = names.ToClient(call.Name);
                if (part.ThoughtSignature is { Length: > 0 } callSignature && model.Family != ModelFamily.Claude)
                {
                    signatures.RememberToolCall(model.Family, call.Id, callSignature);
                }

                FlushThinking(null);
            }
            else if (part.IsThought)
            {
                _thinking.Append(part.Text);
                if (part.ThoughtSignature is { Length: > 0 } signature)
                {
                    FlushThinking(signature);
                }
            }
            else
            {
                FlushThinking(part.ThoughtSignature);
            }
        }
    }

    private void FlushThinking(string? signature)
    {
        if (signature is not null)
        {
            signatures.RememberThinking(model.Family, signature, _thinking.ToString());
        }

        _thinking.Clear();
    }

    private static bool HasContent(GenerateContentResponse chunk)
    {
        foreach (var part in chunk.Parts)
        {
            if (part.FunctionCall is not null || part.InlineData is not null || part.FileData is not null || part.ExecutableCode is not null
                || !string.IsNullOrEmpty(part.Text) || !string.IsNullOrEmpty(part.ThoughtSignature))
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_pending is { } pending)
        {
            response.Dispose();
            try
            {
                await pending;
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or JsonException or TimeoutException or OperationCanceledException or ObjectDisposedException)
            {
                // The read was abandoned with the response.
            }
        }

        await reader.DisposeAsync();
        response.Dispose();
    }
}
