using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Anthropic;

/// <summary>
/// Writes a pipeline response as Anthropic SSE (<c>event: type\ndata: json\n\n</c>): message_start, content blocks
/// (thinking with signature_delta, text, tool_use with one input_json_delta, image), message_delta with usage,
/// message_stop; <c>ping</c> during upstream silences; <c>event: error</c> when the upstream fails mid-stream.
/// Flushed once per upstream chunk.
/// </summary>
internal sealed class AnthropicStreamWriter(HttpResponse http, PipelineResponse response, string messageId)
{
    private static readonly byte[] s_event = "event: "u8.ToArray();
    private static readonly byte[] s_data = "\ndata: "u8.ToArray();
    private static readonly byte[] s_end = "\n\n"u8.ToArray();
    private readonly PipelineBodyWriter _writer = new(http.BodyWriter);
    private readonly AnthropicMessageBuilder _state = new();
    private int _index = -1;
    private string? _open;

    public async Task WriteAsync(TimeSpan pingInterval, CancellationToken cancellationToken)
    {
        http.StatusCode = 200;
        http.ContentType = "text/event-stream; charset=utf-8";
        http.Headers.CacheControl = "no-cache";
        http.Headers["X-Accel-Buffering"] = "no";
        http.Headers["request-id"] = "req_" + response.RequestId;

        // The prompt's tokens as Anthropic reports them up front (issue 17): from the first upstream chunk's usage, else the
        // local estimate — the stream is never held back for a figure.
        var usage = AnthropicMessageBuilder.Usage(response.CurrentUsage);
        Write("message_start", new MessageStartEvent(new MessageResponse { Id = messageId, Model = response.RequestedModel, Usage = usage }), AnthropicJsonContext.Default.MessageStartEvent);
        await http.BodyWriter.FlushAsync(cancellationToken);

        try
        {
            await WriteChunksAsync(pingInterval, cancellationToken);
        }
        catch (PipelineStreamException ex)
        {
            Close();
            response.MarkFailed(ex.Error.Reason);
            Write("error", new ErrorEvent(new ErrorDetail(AnthropicErrors.TypeFor(ex.Error), ex.Error.Message)), AnthropicJsonContext.Default.ErrorEvent);
            await http.BodyWriter.FlushAsync(CancellationToken.None);
            return;
        }

        Close();
        var final = AnthropicMessageBuilder.Usage(response.CurrentUsage);
        Write("message_delta", new MessageDeltaEvent(new MessageDelta(AnthropicMessageBuilder.StopReason(response.FinishReason, _state.SawToolUse), null), final), AnthropicJsonContext.Default.MessageDeltaEvent);
        Write("message_stop", new TypeOnlyEvent("message_stop"), AnthropicJsonContext.Default.TypeOnlyEvent);
        await http.BodyWriter.FlushAsync(cancellationToken);
    }

    private async Task WriteChunksAsync(TimeSpan pingInterval, CancellationToken cancellationToken)
    {
        var chunks = response.ReadChunksAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        Task<bool>? pending = null;
        try
        {
            while (true)
            {
                var next = chunks.MoveNextAsync();
                if (!next.IsCompleted)
                {
                    pending = next.AsTask();
                    while (!await Arrives(pending, pingInterval, cancellationToken))
                    {
                        Write("ping", new TypeOnlyEvent("ping"), AnthropicJsonContext.Default.TypeOnlyEvent);
                        await http.BodyWriter.FlushAsync(cancellationToken);
                    }

                    next = new ValueTask<bool>(pending);
                    pending = null;
                }

                if (!await next)
                {
                    break;
                }

                foreach (var part in chunks.Current.Parts)
                {
                    WritePart(part);
                }

                await http.BodyWriter.FlushAsync(cancellationToken);
            }
        }
        finally
        {
            // A client abort ends the wait for a chunk while its read is still pending, and an async iterator cannot be
            // disposed mid-read (NotSupportedException, logged as a 500): the read sees the same token, so let it end first.
            if (pending is not null)
            {
                await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await chunks.DisposeAsync();
        }
    }

    /// <summary>Waits up to <paramref name="interval"/> for <paramref name="pending"/>; false when the interval passed first.
    /// The wait's timer is released as soon as the chunk arrives (no timer left behind per chunk).</summary>
    private static async Task<bool> Arrives(Task<bool> pending, TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            await pending.WaitAsync(interval, cancellationToken);
            return true;
        }
        catch (TimeoutException) when (!pending.IsCompleted)
        {
            return false;
        }
    }

    private void WritePart(Part part)
    {
        if (part.IsThought)
        {
            if (_open != "thinking")
            {
                Open("thinking", new ResponseBlock { Type = "thinking", Thinking = "", Signature = "" });
            }

            if (!string.IsNullOrEmpty(part.Text))
            {
                Delta(new BlockDelta("thinking_delta", Thinking: part.Text));
            }

            if (!string.IsNullOrEmpty(part.ThoughtSignature))
            {
                Delta(new BlockDelta("signature_delta", Signature: part.ThoughtSignature));
                Close();
            }

            return;
        }

        if (part.FunctionCall is { } call)
        {
            _state.SawToolUse = true;
            Open("tool_use", new ResponseBlock { Type = "tool_use", Id = call.Id, Name = call.Name, Input = new JsonObject() });
            Delta(new BlockDelta("input_json_delta", PartialJson: call.Args?.ToJsonString() ?? "{}"));
            Close();
            return;
        }

        if (part.InlineData is { } image)
        {
            Open("image", new ResponseBlock { Type = "image", Source = new ImageSource("base64", image.MimeType, image.Data) });
            Close();
            return;
        }

        if (!string.IsNullOrEmpty(part.Text))
        {
            if (_open != "text")
            {
                Open("text", new ResponseBlock { Type = "text", Text = "" });
            }

            Delta(new BlockDelta("text_delta", Text: part.Text));
        }
    }

    private void Open(string kind, ResponseBlock block)
    {
        Close();
        _index++;
        _open = kind;
        Write("content_block_start", new ContentBlockStartEvent(_index, block), AnthropicJsonContext.Default.ContentBlockStartEvent);
    }

    private void Delta(BlockDelta delta) =>
        Write("content_block_delta", new ContentBlockDeltaEvent(_index, delta), AnthropicJsonContext.Default.ContentBlockDeltaEvent);

    private void Close()
    {
        if (_open is not null)
        {
            Write("content_block_stop", new ContentBlockStopEvent(_index), AnthropicJsonContext.Default.ContentBlockStopEvent);
            _open = null;
        }
    }

    private void Write<T>(string name, T value, JsonTypeInfo<T> type)
    {
        var output = http.BodyWriter;
        output.Write(s_event);
        System.Text.EncodingExtensions.GetBytes(System.Text.Encoding.UTF8, name.AsSpan(), output);
        output.Write(s_data);
        _writer.Serialize(value, type);
        output.Write(s_end);
    }

    /// <summary>A reusable JSON writer over the response pipe.</summary>
    private sealed class PipelineBodyWriter(IBufferWriter<byte> output)
    {
        private readonly Utf8JsonWriter _json = new(output, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        public void Serialize<T>(T value, JsonTypeInfo<T> type)
        {
            _json.Reset(output);
            JsonSerializer.Serialize(_json, value, type);
            _json.Flush();
        }
    }
}
