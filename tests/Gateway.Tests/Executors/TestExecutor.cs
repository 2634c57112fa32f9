using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Antigravity.Gateway.Tests.Executors;

/// <summary>
/// A browser executor written in C# against docs/executors.md (the true seam: a WebSocket speaking protocol version 1).
/// It answers pings unless <see cref="AnswerPings"/> is off, and runs each task with <see cref="Handler"/> (by default a
/// two-chunk stream that names the executor, or the operation's canned result).
/// </summary>
public sealed class TestExecutor : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<(WebSocketCloseStatus? Status, string? Reason)> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;

    private TestExecutor(string name) => Name = name;

    public string Name { get; }

    public string? ExecutorId { get; private set; }

    public bool AnswerPings { get; set; } = true;

    /// <summary>Runs one task; the default streams two chunks that name this executor.</summary>
    public Func<TestExecutor, JsonObject, Task> Handler { get; set; } = DefaultAsync;

    /// <summary>Every task received, in order.</summary>
    public ConcurrentQueue<JsonObject> Tasks { get; } = new();

    /// <summary>Ids of the tasks the gateway cancelled.</summary>
    public ConcurrentQueue<string> Cancels { get; } = new();

    public int Pings;

    /// <summary>The close status and reason the gateway sent (completes when the socket closes).</summary>
    public Task<(WebSocketCloseStatus? Status, string? Reason)> Closed => _closed.Task;

    /// <summary>Connects and says hello; returns once welcomed. Throws when the gateway closes instead (see <see cref="ConnectRawAsync"/>).</summary>
    public static async Task<TestExecutor> ConnectAsync(string gatewayUrl, string token, string name, string[]? models = null, string[]? operations = null, int maxConcurrency = 4)
    {
        var executor = await ConnectRawAsync(gatewayUrl, name);
        await executor.SendAsync(new JsonObject
        {
            ["type"] = "hello",
            ["token"] = token,
            ["name"] = name,
            ["version"] = 1,
            ["models"] = new JsonArray([.. (models ?? ["gemini-2.5-flash"]).Select(m => (JsonNode)m)]),
            ["operations"] = new JsonArray([.. (operations ?? ["generateContent", "streamGenerateContent", "countTokens", "embedContent", "models.list", "models.get"]).Select(o => (JsonNode)o)]),
            ["maxConcurrency"] = maxConcurrency,
        });
        var welcome = await executor.ReceiveAsync() ?? throw new InvalidOperationException($"closed: {executor._socket.CloseStatus} {executor._socket.CloseStatusDescription}");
        Assert.Equal("welcome", welcome["type"]!.GetValue<string>());
        Assert.True(welcome["pingIntervalMs"]!.GetValue<long>() > 0);
        executor.ExecutorId = welcome["executorId"]!.GetValue<string>();
        executor.Start(name);
        return executor;
    }

    /// <summary>Opens the socket and sends nothing.</summary>
    public static async Task<TestExecutor> ConnectRawAsync(string gatewayUrl, string name = "raw")
    {
        var executor = new TestExecutor(name);
        var uri = new Uri(new Uri(gatewayUrl.Replace("http://", "ws://", StringComparison.Ordinal)), "/v1/executors/connect");
        await executor._socket.ConnectAsync(uri, TestContext.Current.CancellationToken);
        return executor;
    }

    public Task SendAsync(JsonNode message) => SendRawAsync(message.ToJsonString());

    public async Task SendRawAsync(string text)
    {
        await _send.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>The next message, or null when the gateway closed (then <see cref="Closed"/> has its status).</summary>
    public async Task<JsonObject?> ReceiveAsync()
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(chunk, _stop.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                _closed.TrySetResult((_socket.CloseStatus, _socket.CloseStatusDescription));
                return null;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                _closed.TrySetResult((result.CloseStatus, result.CloseStatusDescription));
                await CloseAsync(); // as a browser answers a close frame
                return null;
            }

            buffer.Write(chunk, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(buffer.ToArray())!.AsObject();
            }
        }
    }

    /// <summary>Sends a chunk of a task (a GenerateContentResponse with <paramref name="text"/>).</summary>
    public Task ChunkAsync(string taskId, string text, bool last = false) => SendAsync(new JsonObject
    {
        ["type"] = "chunk",
        ["id"] = taskId,
        ["data"] = Response(text, last),
    });

    public Task ResultAsync(string taskId, JsonNode? data = null)
    {
        var message = new JsonObject { ["type"] = "result", ["id"] = taskId };
        if (data is not null)
        {
            message["data"] = data;
        }

        return SendAsync(message);
    }

    public Task ErrorAsync(string taskId, int status, string googleStatus, string message) => SendAsync(new JsonObject
    {
        ["type"] = "error",
        ["id"] = taskId,
        ["status"] = status,
        ["error"] = new JsonObject { ["code"] = status, ["message"] = message, ["status"] = googleStatus },
    });

    /// <summary>Closes the socket from the executor's side (a tab closed).</summary>
    public async Task CloseAsync()
    {
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
    }

    public static JsonObject Response(string text, bool last = true)
    {
        var candidate = new JsonObject
        {
            ["content"] = new JsonObject { ["role"] = "model", ["parts"] = new JsonArray(new JsonObject { ["text"] = text }) },
            ["index"] = 0,
        };
        var response = new JsonObject { ["candidates"] = new JsonArray(candidate), ["modelVersion"] = "gemini-2.5-flash" };
        if (last)
        {
            candidate["finishReason"] = "STOP";
            response["usageMetadata"] = new JsonObject { ["promptTokenCount"] = 5, ["candidatesTokenCount"] = 3, ["totalTokenCount"] = 8 };
        }

        return response;
    }

    private static async Task DefaultAsync(TestExecutor executor, JsonObject task)
    {
        var id = task["id"]!.GetValue<string>();
        switch (task["operation"]!.GetValue<string>())
        {
            case "streamGenerateContent":
                await executor.ChunkAsync(id, "Hello from ");
                await executor.ChunkAsync(id, executor.Name, last: true);
                await executor.ResultAsync(id);
                break;
            case "generateContent":
                await executor.ResultAsync(id, Response("Hello from " + executor.Name));
                break;
            case "countTokens":
                await executor.ResultAsync(id, new JsonObject { ["totalTokens"] = 42 });
                break;
            case "embedContent":
                await executor.ResultAsync(id, new JsonObject { ["embedding"] = new JsonObject { ["values"] = new JsonArray(0.25, 0.5) } });
                break;
            case "models.list":
                await executor.ResultAsync(id, new JsonObject
                {
                    ["models"] = new JsonArray(new JsonObject { ["name"] = "models/gemini-2.5-flash", ["displayName"] = "Gemini 2.5 Flash (" + executor.Name + ")" }),
                });
                break;
            case "models.get":
                await executor.ResultAsync(id, new JsonObject
                {
                    ["name"] = task["name"]!.GetValue<string>(),
                    ["displayName"] = "As Google describes it (" + executor.Name + ")",
                    ["inputTokenLimit"] = 2048,
                    ["supportedGenerationMethods"] = new JsonArray("embedContent", "countTokens"),
                });
                break;
            default:
                await executor.ErrorAsync(id, 400, "INVALID_ARGUMENT", "unsupported operation");
                break;
        }
    }

    private void Start(string name)
    {
        _loop = Task.Run(async () =>
        {
            while (await ReceiveAsync() is { } message)
            {
                switch (message["type"]!.GetValue<string>())
                {
                    case "ping":
                        Interlocked.Increment(ref Pings);
                        if (AnswerPings)
                        {
                            try
                            {
                                await SendAsync(new JsonObject { ["type"] = "pong", ["id"] = message["id"]!.DeepClone() });
                            }
                            catch (WebSocketException)
                            {
                                // A ping that crossed our close (DisposeAsync): the socket no longer sends.
                            }
                        }

                        break;
                    case "task":
                        Tasks.Enqueue(message);
                        _ = Task.Run(async () =>
                        {
                            try
                            {
                                await Handler(this, message);
                            }
                            catch (WebSocketException)
                            {
                                // The socket closed while the task ran.
                            }
                        });
                        break;
                    case "cancel":
                        Cancels.Enqueue(message["id"]!.GetValue<string>());
                        break;
                }
            }
        });
        _ = name;
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _socket.Dispose();
    }
}
