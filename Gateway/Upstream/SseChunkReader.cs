using System.Text;
using System.Text.Json;

namespace Antigravity.Gateway.Upstream;

/// <summary>
/// Reads the upstream SSE stream (<c>data: {json}</c> + blank line, consecutive data lines joined, no <c>[DONE]</c>,
/// cloudcode.md §2.3) one event at a time, straight from the socket. Each read has an idle timeout.
/// </summary>
internal sealed class SseChunkReader(Stream stream, TimeSpan idleTimeout) : IAsyncDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024);
    private readonly StringBuilder _data = new();

    /// <summary>The next chunk, or null at the end of the stream.</summary>
    /// <exception cref="TimeoutException">No line arrived within the idle timeout.</exception>
    public async ValueTask<GenerateContentResponse?> ReadAsync(CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(idleTimeout);
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(idle.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException("The upstream sent nothing within the idle timeout.");
            }

            if (line is null)
            {
                return _data.Length > 0 ? Flush() : null;
            }

            if (line.Length == 0)
            {
                if (_data.Length > 0 && Flush() is { } chunk)
                {
                    return chunk;
                }

                continue;
            }

            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                var payload = line.AsSpan(5).TrimStart(' ');
                if (_data.Length > 0)
                {
                    _data.Append('\n');
                }

                _data.Append(payload);
            }
        }
    }

    private GenerateContentResponse? Flush()
    {
        var text = _data.ToString();
        _data.Clear();
        if (text is "[DONE]")
        {
            return null;
        }

        var envelope = JsonSerializer.Deserialize(text, UpstreamJsonContext.Default.ResponseEnvelope);
        return envelope?.Response ?? JsonSerializer.Deserialize(text, UpstreamJsonContext.Default.GenerateContentResponse);
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        return ValueTask.CompletedTask;
    }
}
