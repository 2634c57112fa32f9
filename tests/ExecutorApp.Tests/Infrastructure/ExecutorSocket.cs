using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Antigravity.ExecutorApp.Tests.Infrastructure;

/// <summary>The gateway's end of one executor WebSocket (docs/executors.md): frames received in order, frames sent.</summary>
internal sealed class ExecutorSocket(WebSocket socket)
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);
    private readonly Channel<JsonObject> _frames = Channel.CreateUnbounded<JsonObject>();
    private readonly SemaphoreSlim _sending = new(1, 1);

    /// <summary>The close code the executor's side reported, once the socket closed.</summary>
    public TaskCompletionSource<WebSocketCloseStatus?> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Reads frames until the socket closes (runs inside the WebSocket request).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open || socket.State == WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(buffer, ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    _frames.Writer.TryWrite((JsonObject)JsonNode.Parse(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length))!);
                    message.SetLength(0);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The page went away: the session is over.
        }
        _frames.Writer.TryComplete();
        Closed.TrySetResult(socket.CloseStatus);
    }

    /// <summary>The next frame the executor sent.</summary>
    public async Task<JsonObject> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(s_wait);
        return await _frames.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Frames until (and with) the first that matches.</summary>
    public async Task<List<JsonObject>> ReceiveUntilAsync(Func<JsonObject, bool> last)
    {
        var frames = new List<JsonObject>();
        while (true)
        {
            var frame = await ReceiveAsync();
            frames.Add(frame);
            if (last(frame))
            {
                return frames;
            }
        }
    }

    public async Task SendAsync(JsonObject frame)
    {
        await _sending.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Closes from the gateway's side with a protocol close code (4401, 1001…).</summary>
    public async Task CloseAsync(int code, string reason)
    {
        await _sending.WaitAsync();
        try
        {
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>The hello frame, answered with welcome: a connected executor.</summary>
    public async Task<JsonObject> AcceptAsync(int pingIntervalMs = 30_000)
    {
        var hello = await ReceiveAsync();
        await SendAsync(new JsonObject { ["type"] = "welcome", ["executorId"] = "exec-test", ["pingIntervalMs"] = pingIntervalMs });
        return hello;
    }
}
