using System.Buffers;
using System.Text;
using System.Text.Json;
using Antigravity.CloudCodeSimulator.Control;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.CloudCodeSimulator.OAuth;

namespace Antigravity.CloudCodeSimulator.Hosting;

/// <summary>
/// Serves /v1internal:{method} and GET /v1internal/operations/… under ANY path prefix; the prefix names the host
/// (HELPERS.md), so tests can fail one host and not another.
/// </summary>
internal sealed class V1InternalMiddleware(RequestDelegate next, SimulatorState state)
{
    private const string Marker = "/v1internal";

    public Task InvokeAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        var index = path.IndexOf(Marker, StringComparison.Ordinal);
        return index < 0 ? next(ctx) : HandleAsync(ctx, path, index);
    }

    private async Task HandleAsync(HttpContext ctx, string path, int index)
    {
        var rest = path[(index + Marker.Length)..];
        var (method, operation) = rest.StartsWith(':') ? (rest[1..], null)
            : rest.StartsWith("/operations/", StringComparison.Ordinal) ? ("getOperation", rest[1..])
            : ("", (string?)null);
        var call = new SimCall
        {
            Http = ctx,
            State = state,
            Host = path[..index].Trim('/'),
            Method = method,
            OperationName = operation,
            Now = state.TimeProvider.GetUtcNow(),
        };
        byte[]? body = null;
        var length = 0;
        JsonDocument? document = null;
        try
        {
            (body, length) = await ReadBodyAsync(ctx.Request);
            document = await ServeAsync(call, body.AsMemory(0, length));
        }
        finally
        {
            Record(call, body, length);
            document?.Dispose();
            if (body is not null)
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }
    }

    private static async Task<JsonDocument?> ServeAsync(SimCall call, ReadOnlyMemory<byte> body)
    {
        var ctx = call.Http;
        var state = call.State;
        if (call.Method.Length == 0 || (call.OperationName is null) != HttpMethods.IsPost(ctx.Request.Method))
        {
            await UpstreamErrors.NotFoundAsync(ctx, "Method not found.");
            return null;
        }
        var account = state.Authenticate(OAuthApi.BearerToken(ctx));
        if (account is null)
        {
            await UpstreamErrors.UnauthenticatedAsync(ctx);
            return null;
        }
        call.Account = account;
        if (!VersionGate.Allows(state.MinVersion, ctx.Request.Headers.UserAgent.ToString()))
        {
            await UpstreamErrors.VersionUnsupportedAsync(ctx);
            return null;
        }
        JsonDocument? document = null;
        if (call.OperationName is null)
        {
            try
            {
                document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
            }
            catch (JsonException e)
            {
                await GoogleErrors.InvalidArgumentAsync(ctx, $"Invalid JSON payload received. {e.Message.Split('.')[0]}.");
                return null;
            }
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                await GoogleErrors.InvalidArgumentAsync(ctx, "Invalid JSON payload received. Root element must be a message.");
                return document;
            }
            call.Root = document.RootElement;
            call.Model = call.Root.GetString("model");
            if (call.Root.TryGet("request", out var request))
            {
                call.SessionId = request.GetString("sessionId");
            }
        }
        var latency = state.Latency;
        var delay = latency.RequestLatencyMs + (latency.RequestLatencyJitterMs > 0 ? Random.Shared.Next(-latency.RequestLatencyJitterMs, latency.RequestLatencyJitterMs + 1) : 0);
        if (delay > 0)
        {
            await Task.Delay(delay, ctx.RequestAborted);
        }
        if (await FaultGate.TryFailAsync(call))
        {
            return document;
        }
        await Dispatcher.DispatchAsync(call);
        return document;
    }

    private static async Task<(byte[]? Buffer, int Length)> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength == 0)
        {
            return (null, 0);
        }
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.IsCompleted)
            {
                var length = (int)result.Buffer.Length;
                var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                result.Buffer.CopyTo(buffer);
                reader.AdvanceTo(result.Buffer.End);
                return (buffer, length);
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private void Record(SimCall call, byte[]? body, int length)
    {
        var ctx = call.Http;
        var log = state.Log;
        log.Add(new RecordedRequest(log.NextSequence(), call.Now, ctx.Request.Method, ctx.Request.Path.Value ?? "", call.Host,
            call.Method, call.Account?.Email, call.Model, call.SessionId, RequestLog.Headers(ctx.Request),
            state.RecordBodies && body is not null ? Encoding.UTF8.GetString(body, 0, length) : null, ctx.Response.StatusCode, call.Usage));
    }
}
