using System.Net.Http.Headers;
using System.Text;
using Antigravity.CloudCodeSimulator.Control;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;
using Microsoft.Extensions.Logging;

namespace Antigravity.Gateway.Tests;

/// <summary>A client that goes away in the middle of a stream, while the gateway waits for the next upstream chunk.</summary>
public sealed class StreamClientAbortTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task AnthropicStream_ClientAbortsWhileAChunkIsPending_EndsQuietlyAsClientClosed()
    {
        var ct = TestContext.Current.CancellationToken;
        var capture = new LogCapture();
        // Hosting logs "Request finished" once the request is over, after any unhandled exception of it was logged.
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 0,
            configure: s => s["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information");
        cluster.Customize = b => b.Logging.AddProvider(capture);
        await cluster.AddInstanceAsync();
        // The first chunk comes at once, the next one a minute later: the client leaves while the gateway waits for it.
        fixture.Sim.State.Latency = new LatencySettings { ChunkIntervalMs = 60_000 };
        try
        {
            using var client = cluster.Client();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
            {
                Content = new StringContent("""{"model":"claude-sonnet-4-6","max_tokens":512,"stream":true,"messages":[{"role":"user","content":"[[words:16]]"}]}""",
                    Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
            };
            using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct))
            {
                await Http.AssertOkAsync(response);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
                while (await reader.ReadLineAsync(ct) is { } line && line != "event: content_block_delta")
                {
                }
            }

            var record = await cluster.UsageRecordAsync(r => r.Stream);

            Assert.Equal("client_closed", record.ErrorReason);
            await Poll.UntilAsync(() => Task.FromResult(capture.Entries.Any(e => e.Contains("Request finished", StringComparison.Ordinal) && e.Contains("/v1/messages", StringComparison.Ordinal))), finished => finished);
            Assert.DoesNotContain(capture.Entries, e => e.StartsWith("Error", StringComparison.Ordinal) || e.StartsWith("Critical", StringComparison.Ordinal));
        }
        finally
        {
            fixture.Sim.State.Latency = new LatencySettings();
        }
    }
}
