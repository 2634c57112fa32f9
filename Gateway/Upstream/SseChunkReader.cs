using System.Buffers;
using System.IO.Pipelines;

namespace Antigravity.Gateway.Upstream;

/// <summary>
/// Reads the upstream SSE stream (<c>data: {json}</c> + blank line, consecutive data lines joined, no <c>[DONE]</c>,
/// cloudcode.md §2.3) one event at a time, straight from the socket: UTF-8 lines are cut from pooled pipe buffers and
/// each event's JSON is parsed from bytes (<see cref="ResponseChunkParser"/>), so a stream allocates neither read
/// buffers nor strings per line. Each read has an idle timeout.
/// </summary>
internal sealed class SseChunkReader(Stream stream, TimeSpan idleTimeout) : IAsyncDisposable
{
    private static readonly StreamPipeReaderOptions s_pipeOptions = new(bufferSize: 4096, minimumReadSize: 1024);

    private readonly PipeReader _reader = PipeReader.Create(stream, s_pipeOptions);
    private readonly ArrayBufferWriter<byte> _data = new(1024);
    private readonly ResponseChunkParser.RepeatedStrings _repeated = new();

    /// <summary>One idle timer for the whole stream, re-armed before each read (no timer or token source per chunk).</summary>
    private CancellationTokenSource? _idle;
    private CancellationToken _linkedTo;

    /// <summary>The next chunk, or null at the end of the stream.</summary>
    /// <exception cref="TimeoutException">No data arrived within the idle timeout.</exception>
    public async ValueTask<GenerateContentResponse?> ReadAsync(CancellationToken cancellationToken)
    {
        if (_idle is null || cancellationToken != _linkedTo || !_idle.TryReset())
        {
            _idle?.Dispose();
            _idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _linkedTo = cancellationToken;
        }

        while (true)
        {
            ReadResult result;
            try
            {
                _idle.CancelAfter(idleTimeout);
                result = await _reader.ReadAsync(_idle.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException("The upstream sent nothing within the idle timeout.");
            }

            var buffer = result.Buffer;
            if (TryReadEvent(ref buffer, out var chunk))
            {
                _reader.AdvanceTo(buffer.Start);
                return chunk;
            }

            if (result.IsCompleted)
            {
                // A last event without its blank line still counts (the original reader did the same).
                if (!buffer.IsEmpty)
                {
                    AppendData(buffer.IsSingleSegment ? buffer.FirstSpan : buffer.ToArray());
                }

                _reader.AdvanceTo(buffer.End);
                return _data.WrittenCount > 0 ? Flush() : null;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Consumes whole lines; true with the event when a blank line completes one.</summary>
    private bool TryReadEvent(ref ReadOnlySequence<byte> buffer, out GenerateContentResponse? chunk)
    {
        var lines = new SequenceReader<byte>(buffer);
        while (lines.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
        {
            buffer = buffer.Slice(lines.Position);
            var span = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
            if (span.Length > 0 && span[^1] == (byte)'\r')
            {
                span = span[..^1];
            }

            if (span.Length == 0)
            {
                if (_data.WrittenCount > 0 && Flush() is { } parsed)
                {
                    chunk = parsed;
                    return true;
                }

                continue;
            }

            AppendData(span);
        }

        chunk = null;
        return false;
    }

    private void AppendData(ReadOnlySpan<byte> line)
    {
        if (!line.StartsWith("data:"u8))
        {
            return;
        }

        var payload = line[5..].TrimStart((byte)' ');
        if (_data.WrittenCount > 0)
        {
            _data.Write("\n"u8);
        }

        _data.Write(payload);
    }

    private GenerateContentResponse? Flush()
    {
        var text = _data.WrittenSpan;
        try
        {
            if (text.SequenceEqual("[DONE]"u8))
            {
                return null;
            }

            return ResponseChunkParser.Parse(text, _repeated);
        }
        finally
        {
            _data.ResetWrittenCount();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _idle?.Dispose();
        await _reader.CompleteAsync();
    }
}
