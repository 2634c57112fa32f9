using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

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
