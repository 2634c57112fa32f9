using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;

namespace Antigravity.Gateway.Executors;

/// <summary>
/// One executor's WebSocket on this replica (docs/executors.md): sends tasks, cancels and pings (one sender at a time),
/// reads its frames and routes each to the replica that sent the task, and watches the pongs. A missed pong timeout, a
/// revoked token or shutdown closes it; whatever ends it fails its tasks that are still running, so their requests fail
/// over when no byte reached the client yet.
/// </summary>
internal sealed class ExecutorConnection(WebSocket socket, string id, string tokenId, ExecutorHello hello, ExecutorHub hub, ExecutorOptions options, TimeProvider time, ILogger logger)
{
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskRoute> _tasks = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closed = new();
    private long _lastPong = time.GetTimestamp();
    private long _pings;
    private int _closing;

    public string Id { get; } = id;

    public string TokenId { get; } = tokenId;

    public ExecutorHello Hello { get; } = hello;

    public int TasksInFlight => _tasks.Count;

    /// <summary>Reads frames and pings until the socket ends; then fails what is still running.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, _closed.Token);
        var pings = PingAsync(linked.Token);
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (await ReceiveAsync(socket, buffer, options.MaxMessageBytes, linked.Token) is { } message)
            {
                OnMessage(message);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The executor went away, or the connection is being closed on purpose: the finally cleans up.
        }
        finally
        {
            await _closed.CancelAsync();
            await pings;
            await hub.DisconnectedAsync(this);
            FailAll("The executor disconnected before it finished the task.");
        }
    }

    private void OnMessage(byte[] message)
    {
        using var frame = ExecutorFrame.Parse(message);
        if (frame is null)
        {
            return;
        }

        switch (frame.Type)
        {
            case "pong":
                Interlocked.Exchange(ref _lastPong, time.GetTimestamp());
                hub.Touch(Id, [.. _tasks.Keys]);
                break;

            case "chunk" or "result" or "error" when frame.Id is { } taskId:
                var terminal = frame.Type != "chunk";
                if (!(terminal ? _tasks.TryRemove(taskId, out var route) : _tasks.TryGetValue(taskId, out route)))
                {
                    return; // a task that was cancelled or already failed: late frames are dropped
                }

                if (terminal)
                {
                    hub.Finished(Id, taskId, frame.Type == "error" ? frame.ErrorSummary : null);
                }

                hub.Route(route, frame, message);
                break;
        }
    }

    /// <summary>Puts the executor in rotation and welcomes it; tasks chosen for it meanwhile wait for the welcome to be sent.</summary>
    public async Task<bool> WelcomeAsync(CancellationToken cancellationToken)
    {
        await _send.WaitAsync(cancellationToken);
        try
        {
            if (!await hub.AddAsync(this))
            {
                return false;
            }

            await socket.SendAsync(ExecutorMessages.Welcome(Id, options.PingInterval), WebSocketMessageType.Text, true, cancellationToken);
            return true;
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>Sends a task; a task that cannot be sent fails at once.</summary>
    public async Task AssignAsync(string taskId, byte[] frame, TaskRoute route)
    {
        _tasks[taskId] = route;
        if (Volatile.Read(ref _closing) != 0 || !await TrySendAsync(frame))
        {
            Fail(taskId, "The executor could not be reached.");
        }
    }

    /// <summary>The client went away: forget the task and tell the executor to abort it.</summary>
    public async Task CancelAsync(string taskId)
    {
        if (_tasks.TryRemove(taskId, out _))
        {
            await TrySendAsync(ExecutorMessages.Cancel(taskId));
        }
    }

    /// <summary>Closes the socket with <paramref name="code"/> (once); its tasks fail over.</summary>
    public async Task CloseAsync(int code, string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        await hub.LeaveRotationAsync(this);
        await _send.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Already closed or broken: the receive loop ends either way.
        }
        finally
        {
            _send.Release();

            // The receive loop ends when the executor's close frame comes back; one that never answers is cut off.
            _closed.CancelAfter(TimeSpan.FromSeconds(5));
        }
    }

    private async Task PingAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.PingInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (time.GetElapsedTime(Interlocked.Read(ref _lastPong)) > options.PongTimeout)
                {
                    logger.LogWarning("Executor {ExecutorId} ({Name}) answered no ping for {Timeout}: out of rotation", Id, Hello.Name, options.PongTimeout);
                    _ = CloseAsync(4408, "pong timeout");
                    return;
                }

                await TrySendAsync(ExecutorMessages.Ping(Interlocked.Increment(ref _pings)));
            }
        }
        catch (OperationCanceledException)
        {
            // Closed.
        }
    }

    private async Task<bool> TrySendAsync(byte[] message)
    {
        await _send.WaitAsync();
        try
        {
            await socket.SendAsync(message, WebSocketMessageType.Text, true, _closed.Token);
            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            return false;
        }
        finally
        {
            _send.Release();
        }
    }

    private void FailAll(string message)
    {
        foreach (var taskId in _tasks.Keys)
        {
            Fail(taskId, message);
        }
    }

    private void Fail(string taskId, string message)
    {
        if (_tasks.TryRemove(taskId, out var route))
        {
            var bytes = ExecutorFrame.SyntheticError(taskId, 503, "UNAVAILABLE", message);
            using var frame = ExecutorFrame.Parse(bytes)!;
            hub.Route(route, frame, bytes);
        }
    }

    /// <summary>One whole message (text or binary), or null when the peer closed. Over <paramref name="limit"/> bytes closes with 1009.</summary>
    public static async Task<byte[]?> ReceiveAsync(WebSocket socket, ArrayBufferWriter<byte> buffer, int limit, CancellationToken cancellationToken)
    {
        buffer.ResetWrittenCount();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(16 * 1024), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            buffer.Advance(result.Count);
            if (buffer.WrittenCount > limit)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, $"messages are limited to {limit} bytes", cancellationToken);
                return null;
            }

            if (result.EndOfMessage)
            {
                return buffer.WrittenSpan.ToArray();
            }
        }
    }
}

/// <summary>Where an executor's frames for one task go: to a task of this replica, or to the replica that sent it.</summary>
internal sealed record TaskRoute(ExecutorTask? Local, string? OriginReplica);
