using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace Antigravity.Gateway.Executors;

/// <summary>
/// A task as the replica that sent it sees it (docs/executors.md <c>task</c>): the executor's frames arrive through
/// <see cref="Deliver"/> (from a socket on this replica, or through Redis from the replica holding the executor), in order.
/// A stream's chunks are written to a pipe as the upstream SSE the pipeline already reads (<c>data: &lt;chunk&gt;</c> and a
/// blank line), so the Cloud Code stream reader, the first-chunk hold and every front door work unchanged. What came first
/// (a chunk, the result, or an error) completes <see cref="First"/>, which decides failover.
/// </summary>
internal sealed class ExecutorTask : IDisposable
{
    private static readonly byte[] s_dataPrefix = "data: "u8.ToArray();
    private static readonly byte[] s_eventEnd = "\n\n"u8.ToArray();

    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private readonly TaskCompletionSource<TaskStart> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly Action<ExecutorTask> _cancel;
    private readonly Action<ExecutorTask> _forget;
    private CancellationTokenRegistration _abort;
    private bool _chunked;
    private bool _done;
    private bool _closed;
    private string? _failure;

    /// <param name="cancel">Sends <c>cancel</c> to the executor (the task still ran when the origin gave up on it).</param>
    /// <param name="forget">Removes the task from the origin's table of pending tasks.</param>
    public ExecutorTask(string id, ExecutorLease lease, bool streaming, Action<ExecutorTask> cancel, Action<ExecutorTask> forget)
    {
        Id = id;
        Lease = lease;
        Streaming = streaming;
        _cancel = cancel;
        _forget = forget;
    }

    public string Id { get; }

    public ExecutorLease Lease { get; }

    public bool Streaming { get; }

    /// <summary>The first thing the executor answered.</summary>
    public Task<TaskStart> First => _first.Task;

    /// <summary>The stream of a streaming task, as upstream SSE.</summary>
    public Stream Body => new FailingAtEnd(_pipe.Reader.AsStream(), this);

    /// <summary>The executor's failure after its first chunk, raised by <see cref="Body"/> once the chunks before it are read.</summary>
    internal string? Failure
    {
        get
        {
            lock (_gate)
            {
                return _failure;
            }
        }
    }

    /// <summary>True once the executor finished the task (result or error): nothing left to cancel.</summary>
    public bool Done
    {
        get
        {
            lock (_gate)
            {
                return _done;
            }
        }
    }

    /// <summary>Cancels the task when <paramref name="cancellationToken"/> fires before it is done (the client went away).</summary>
    public void CancelOn(CancellationToken cancellationToken) =>
        _abort = cancellationToken.Register(() =>
        {
            if (Finish())
            {
                _cancel(this);
            }
        });

    public void Deliver(ExecutorFrame frame)
    {
        lock (_gate)
        {
            if (_done)
            {
                return;
            }

            switch (frame.Type)
            {
                case "chunk" when frame.Data is { } chunk:
                    Write(chunk);
                    if (!_chunked)
                    {
                        _chunked = true;
                        _first.TrySetResult(new TaskStart.Chunked());
                    }

                    break;

                case "result":
                    _done = true;
                    var data = frame.Data;
                    if (Streaming && !_chunked && data is { } whole)
                    {
                        // An executor that ran the stream as one generateContent call answers with the whole response.
                        Write(whole);
                    }

                    _pipe.Writer.Complete();
                    _first.TrySetResult(Streaming && (_chunked || data is not null) ? new TaskStart.Chunked() : new TaskStart.Completed(data?.GetRawText()));
                    break;

                case "error":
                    _done = true;
                    if (_chunked)
                    {
                        // Not Complete(exception): a pipe throws it at the next read even before the chunks still in it,
                        // which would lose what the executor sent before failing. The body fails once those are read.
                        _failure = "The executor failed during the response: " + frame.ErrorSummary;
                        _pipe.Writer.Complete();
                    }
                    else
                    {
                        _pipe.Writer.Complete();
                        _first.TrySetResult(new TaskStart.Failed(frame.Status, frame.ErrorBody, frame.ErrorSummary));
                    }

                    break;
            }
        }
    }

    /// <summary>Marks the task done without a frame; true when it was still running.</summary>
    private bool Finish()
    {
        lock (_gate)
        {
            if (_done)
            {
                return false;
            }

            _done = true;
            _pipe.Writer.Complete(new OperationCanceledException("The task was cancelled."));
            _first.TrySetCanceled();
            return true;
        }
    }

    private void Write(JsonElement chunk)
    {
        var writer = _pipe.Writer;
        writer.Write(s_dataPrefix);
        using (var json = new Utf8JsonWriter(writer))
        {
            chunk.WriteTo(json);
        }

        writer.Write(s_eventEnd);
        _ = writer.FlushAsync(); // the pipe never pauses the writer, so this completes at once
    }

    /// <summary>Ends the origin's interest in the task: cancels it at the executor if it still runs, and forgets it.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
        }

        _abort.Dispose();
        if (Finish())
        {
            _cancel(this);
        }

        _forget(this);
    }
}

/// <summary>The pipe's bytes, then the executor's mid-stream failure as an <see cref="IOException"/> where the stream would end.</summary>
file sealed class FailingAtEnd(Stream inner, ExecutorTask task) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return read == 0 && buffer.Length > 0 && task.Failure is { } failure ? throw new IOException(failure) : read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        return read == 0 && count > 0 && task.Failure is { } failure ? throw new IOException(failure) : read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>What an executor answered first.</summary>
internal abstract record TaskStart
{
    /// <summary>A stream's first chunk (or a whole response) is in the pipe.</summary>
    public sealed record Chunked : TaskStart;

    /// <summary>A unary task's result (<c>null</c> when it had no data).</summary>
    public sealed record Completed(string? Data) : TaskStart;

    /// <summary>The task failed before any byte: the Gemini API's status and error.</summary>
    public sealed record Failed(int Status, string Body, string Summary) : TaskStart;
}

/// <summary>The executor a task was given to, the replica holding its socket, and the task's id (its in-flight lease).</summary>
internal sealed record ExecutorLease(string ExecutorId, string Name, string Replica, string TaskId);
