using System.Buffers;
using System.Net.WebSockets;
using Antigravity.ClusterState.Executors;
using Antigravity.ClusterState.Keys;
using Antigravity.Gateway.Executors;
using Antigravity.Gateway.Pipeline;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>The executor endpoint <c>GET /v1/executors/connect</c> (docs/executors.md): a WebSocket that must say a valid
/// <c>hello</c> first (4401 when the token is unknown or late, 4403 when it was revoked), then is welcomed and held by
/// <see cref="ExecutorHub"/> until it closes.</summary>
internal static class ExecutorEndpoint
{
    public static IHostApplicationBuilder AddExecutors(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ExecutorOptions>().BindConfiguration(ExecutorOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ExecutorRegistry>();
        builder.Services.AddSingleton<ExecutorHub>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ExecutorHub>());
        return builder;
    }

    public static WebApplication MapExecutors(this WebApplication app)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero }); // the protocol has its own pings
        app.MapGet("/v1/executors/connect", ConnectAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task ConnectAsync(HttpContext context, ExecutorHub hub, ExecutorRegistry registry, TimeProvider time, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = new { code = 400, message = "This endpoint takes a WebSocket (docs/executors.md).", status = "INVALID_ARGUMENT" } });
            return;
        }

        if (hub.Stopping)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        await hub.Ready.WaitAsync(context.RequestAborted);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var options = hub.Options;
        var logger = loggers.CreateLogger("Antigravity.Gateway.Executors.ExecutorEndpoint");
        var (hello, tokenId, refusal) = await GreetAsync(socket, registry, options, time, context.RequestAborted);
        if (hello is null)
        {
            logger.LogInformation("Executor refused ({Code}): {Reason}", refusal.Code, refusal.Reason);
            if (refusal.Code != 0)
            {
                await CloseQuietlyAsync(socket, refusal.Code, refusal.Reason);
            }

            return;
        }

        var connection = new ExecutorConnection(socket, "ex-" + Ids.Hex(6), tokenId!, hello, hub, options, time, logger);
        bool welcomed;
        try
        {
            welcomed = await connection.WelcomeAsync(context.RequestAborted);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            await hub.DisconnectedAsync(connection);
            return;
        }

        if (!welcomed)
        {
            await CloseQuietlyAsync(socket, 1001, "gateway replica shutting down");
            return;
        }

        registry.TokenUsed(tokenId!);
        await connection.RunAsync(context.RequestAborted);
    }

    /// <summary>Reads the first message within <c>HelloTimeout</c> and checks its token.</summary>
    private static async Task<(ExecutorHello? Hello, string? TokenId, (int Code, string Reason) Refusal)> GreetAsync(
        WebSocket socket, ExecutorRegistry registry, ExecutorOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        // Not a cancelled receive: cancelling a WebSocket read aborts the socket, and the close code would never arrive.
        var receive = ExecutorConnection.ReceiveAsync(socket, new ArrayBufferWriter<byte>(4096), 64 * 1024, cancellationToken);
        if (await Task.WhenAny(receive, Task.Delay(options.HelloTimeout, time, cancellationToken)) != receive)
        {
            await CloseQuietlyAsync(socket, 4401, "no hello within " + options.HelloTimeout.TotalSeconds + " s", receive);
            return (null, null, (0, "no hello in time"));
        }

        byte[]? message;
        try
        {
            message = await receive;
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            return (null, null, (0, "the executor went away before its hello"));
        }

        using var frame = message is null ? null : ExecutorFrame.Parse(message);
        if (frame is null || ExecutorHello.From(frame) is not { } hello)
        {
            return (null, null, (4401, "the first message must be a hello"));
        }

        if (!ExecutorTokenFormat.TryParse(hello.Token, out var tokenId, out var secret))
        {
            return (null, null, (4401, "unknown executor token"));
        }

        (string Salt, string Hash, bool Revoked)? stored;
        try
        {
            stored = await registry.TokenAsync(tokenId);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return (null, null, (1011, "the gateway's state store is unavailable"));
        }

        if (stored is not { } token || !ApiKeyFormat.Verify(secret, token.Salt, token.Hash))
        {
            return (null, null, (4401, "unknown executor token"));
        }

        return token.Revoked ? (null, null, (4403, "executor token revoked")) : (hello with { Token = null }, tokenId, default);
    }

    /// <summary>Closes with <paramref name="code"/> and waits (bounded) for the executor's close frame, so the code reaches it
    /// before the connection ends. <paramref name="pending"/> is a receive already running (it gets that close frame).</summary>
    private static async Task CloseQuietlyAsync(WebSocket socket, int code, string reason, Task? pending = null)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if (pending is null)
            {
                await socket.CloseAsync((WebSocketCloseStatus)code, reason, timeout.Token);
            }
            else
            {
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, timeout.Token);
                await pending.WaitAsync(timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or TimeoutException)
        {
            // The executor is gone already.
        }
    }
}
