using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Antigravity.ExecutorApp.Tests.Infrastructure;

/// <summary>
/// The gateway's side of the executor protocol, and nothing else: Kestrel on loopback serving the built executor app at
/// /executor/ (as the gateway does) and accepting /v1/executors/connect. Each connection is handed to the test as an
/// <see cref="ExecutorSocket"/>. A true seam: the tests check the app against docs/executors.md, not against the
/// gateway's implementation of it.
/// </summary>
internal sealed class FakeGateway : IAsyncDisposable
{
    private readonly Channel<ExecutorSocket> _sockets = Channel.CreateUnbounded<ExecutorSocket>();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication _app = null!;

    public string Url { get; private set; } = "";

    public int Connections { get; private set; }

    public static async Task<FakeGateway> StartAsync()
    {
        var gateway = new FakeGateway();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        var files = new PhysicalFileProvider(Paths.ExecutorApp);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = "/executor" });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = "/executor" });
        app.Map("/v1/executors/connect", gateway.AcceptAsync);
        await app.StartAsync();
        gateway._app = app;
        gateway.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return gateway;
    }

    /// <summary>The next executor that connected.</summary>
    public async Task<ExecutorSocket> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await _sockets.Reader.ReadAsync(timeout.Token);
    }

    private async Task AcceptAsync(HttpContext http)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = 400;
            return;
        }
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var session = new ExecutorSocket(socket);
        Connections++;
        _sockets.Writer.TryWrite(session);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping.Token);
        await session.RunAsync(ended.Token);
    }

    public async ValueTask DisposeAsync()
    {
        // Open sockets end first, or stopping would wait for them (Kestrel's graceful shutdown).
        await _stopping.CancelAsync();
        await _app.StopAsync();
        _stopping.Dispose();
        await _app.DisposeAsync();
    }
}
