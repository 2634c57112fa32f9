using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Antigravity.ServiceDefaults.Tests;

public class OtlpExportTests
{
    [Fact]
    public async Task Traces_WithOtelVariables_AreExportedWithServiceNameAndInstance()
    {
        await using var collector = await FakeCollector.StartAsync();
        await using var app = await HealthEndpointsTests.StartAsync(b =>
        {
            b.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url;
            b.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            b.Configuration["OTEL_SERVICE_NAME"] = "gateway";
            b.Configuration["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=abcdefgh";
            b.Configuration["OTEL_BSP_SCHEDULE_DELAY"] = "100";
            b.Configuration["OTEL_BLRP_SCHEDULE_DELAY"] = "100";
            b.Configuration["OTEL_METRIC_EXPORT_INTERVAL"] = "200";
            b.AddServiceDefaults();
        });
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        await http.GetAsync("/not-found-but-traced", TestContext.Current.CancellationToken);
        var traces = await collector.WaitForAsync("/v1/traces", body => body.Contains("gateway") && body.Contains("abcdefgh"));

        Assert.Contains("/not-found-but-traced", traces);
        Assert.NotNull(await collector.WaitForAsync("/v1/metrics", body => body.Contains("gateway")));
    }

    [Fact]
    public async Task Stop_FlushesTheLastBatches()
    {
        await using var collector = await FakeCollector.StartAsync();
        var app = await HealthEndpointsTests.StartAsync(b =>
        {
            b.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url;
            b.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            b.Configuration["OTEL_SERVICE_NAME"] = "gateway";
            b.Configuration["OTEL_BSP_SCHEDULE_DELAY"] = "600000"; // nothing is exported before the stop
            b.AddServiceDefaults();
        });
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        await http.GetAsync("/traced-just-before-the-stop", TestContext.Current.CancellationToken);

        await app.StopAsync(TestContext.Current.CancellationToken);

        Assert.Contains("/traced-just-before-the-stop", await collector.WaitForAsync("/v1/traces", body => body.Contains("/traced-just-before-the-stop")));
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Stop_WithTheCollectorHung_DoesNotWaitForEachExportersTimeout()
    {
        // A collector that accepts connections and never answers: each exporter waits for its batch until the OTLP
        // timeout, and disposed one after the other the providers held a stopping process for 14 s.
        using var hung = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        hung.Start();
        var accepted = new ConcurrentBag<System.Net.Sockets.Socket>();
        _ = AcceptForeverAsync(hung, accepted);

        var app = await HealthEndpointsTests.StartAsync(b =>
        {
            b.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{((System.Net.IPEndPoint)hung.LocalEndpoint).Port}";
            b.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            b.Configuration["OTEL_SERVICE_NAME"] = "gateway";
            b.AddServiceDefaults();
        });
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        await http.GetAsync("/traced", TestContext.Current.CancellationToken);
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("test").LogWarning("a log record to export");

        var stopping = StopAndDisposeAsync(app);

        // Bounded by TelemetryFlushOnStop (3 s for the three together, 4 s measured); without it 14 s were measured.
        await stopping.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        foreach (var socket in accepted)
        {
            socket.Dispose();
        }
    }

    private static async Task AcceptForeverAsync(System.Net.Sockets.TcpListener listener, ConcurrentBag<System.Net.Sockets.Socket> accepted)
    {
        while (true)
        {
            accepted.Add(await listener.AcceptSocketAsync(TestContext.Current.CancellationToken));
        }
    }

    private static async Task StopAndDisposeAsync(WebApplication app)
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Exporter_WithoutEndpoint_IsNotEnabled()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = "";

        Assert.False(builder.IsOtlpExporterEnabled());
    }

    private sealed class FakeCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, string Body)> _received = new();

        private FakeCollector(WebApplication app) => _app = app;

        public string Url => _app.Urls.First();

        public static async Task<FakeCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var collector = new FakeCollector(app);
            app.MapPost("/v1/{signal}", async (HttpRequest request) =>
            {
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer);
                // Protobuf keeps strings as raw UTF-8, so a Latin-1 view finds them without a protobuf parser.
                collector._received.Enqueue((request.Path, Encoding.Latin1.GetString(buffer.ToArray())));
                return Results.Ok();
            });
            await app.StartAsync(TestContext.Current.CancellationToken);
            return collector;
        }

        public async Task<string> WaitForAsync(string path, Func<string, bool> match)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < deadline)
            {
                var hit = _received.FirstOrDefault(r => r.Path == path && match(r.Body));
                if (hit.Body is not null)
                {
                    return hit.Body;
                }

                await Task.Delay(100, TestContext.Current.CancellationToken);
            }

            throw new TimeoutException($"The collector received nothing matching on {path}; got: {string.Join(", ", _received.Select(r => r.Path))}");
        }

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }
}
