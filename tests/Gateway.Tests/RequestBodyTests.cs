using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;
using Microsoft.Extensions.DependencyInjection;

namespace Antigravity.Gateway.Tests;

/// <summary>Request bodies cost memory only after the key is known (issue 15): a wrong key is refused before the body is
/// read, and the bytes a replica buffers at once are bounded.</summary>
public sealed class RequestBodyTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private const int DeclaredLength = 30 * 1024 * 1024;
    private static readonly CancellationToken s_ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/v1/messages", "x-api-key")]
    [InlineData("/v1/messages/count_tokens", "x-api-key")]
    [InlineData("/v1/chat/completions", "Authorization")]
    [InlineData("/v1/responses", "Authorization")]
    [InlineData("/v1beta/models/gemini-3-flash:generateContent", "x-goog-api-key")]
    [InlineData("/v1beta/models/gemini-3-flash:countTokens", "x-goog-api-key")]
    [InlineData("/v1beta/cachedContents", "x-goog-api-key")]
    [InlineData("/upload/v1beta/files", "x-goog-api-key")]
    public async Task WrongKey_WithALargeBody_IsRefusedBeforeTheBodyIsSent(string path, string header)
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        foreach (var key in new[] { "wrong-key", "ag-0123456789ab-notthesecret" })
        {
            using var socket = await OpenAsync(cluster.Urls[0]);
            var stream = socket.GetStream();
            await WriteHeadAsync(stream, path, header, key, DeclaredLength);
            await stream.WriteAsync(new byte[64 * 1024], s_ct);

            // The rest of the 30 MB never comes: a server that reads the body before the key waits here forever.
            var head = await ReadHeadAsync(stream);

            Assert.StartsWith("HTTP/1.1 401", head, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BytesInFlight_OverTheReplicaBudget_AreRefusedWith503UntilTheyDrain()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, configure: s =>
        {
            s["Gateway:MaxRequestBodyBytes"] = "100000";
            s["Gateway:MaxRequestBytesInFlight"] = "100000";
        });
        using var client = cluster.Client();
        var small = new JsonObject
        {
            ["model"] = "claude-sonnet-4-6",
            ["max_tokens"] = 16,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = new string('y', 30_000) }),
        };

        var held = await OpenAsync(cluster.Urls[0]);
        var stream = held.GetStream();
        await WriteHeadAsync(stream, "/v1/messages", "x-api-key", GatewayCluster.Key, 99_000);
        await stream.WriteAsync(Encoding.ASCII.GetBytes("{\"model\":\"claude-sonnet-4-6\",\"x\":\"" + new string('z', 90_000)), s_ct);
        // Wait until the replica holds the held body's bytes (on a loaded machine that can take a moment); if it answered
        // the held request instead, say what it answered.
        var budget = cluster.App(0).Services.GetRequiredService<Antigravity.Gateway.Pipeline.RequestBodyBudget>();
        try
        {
            await Poll.UntilAsync(() => Task.FromResult(budget.InFlight), n => n >= 90_000);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The held body was not buffered ({budget.InFlight} bytes in flight); the replica answered: {await ReadHeadAsync(stream)}");
        }

        var refused = await Poll.UntilAsync(() => GatewayCluster.PostMessagesAsync(client, small), r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
        held.Dispose();
        var admitted = await Poll.UntilAsync(() => GatewayCluster.PostMessagesAsync(client, small), r => r.StatusCode != HttpStatusCode.ServiceUnavailable);

        await BadInputTests.AssertErrorAsync(refused, 503, "overloaded_error", "busy");
        Assert.NotNull(refused.Headers.RetryAfter);
        await Http.AssertOkAsync(admitted);
    }

    private static async Task<TcpClient> OpenAsync(string baseUrl)
    {
        var uri = new Uri(baseUrl);
        var socket = new TcpClient();
        await socket.ConnectAsync(uri.Host, uri.Port, s_ct);
        return socket;
    }

    private static async Task WriteHeadAsync(NetworkStream stream, string path, string header, string key, long length)
    {
        var value = header == "Authorization" ? "Bearer " + key : key;
        var contentType = path.StartsWith("/upload", StringComparison.Ordinal) ? "application/octet-stream" : "application/json";
        var head = $"POST {path} HTTP/1.1\r\nHost: localhost\r\n{header}: {value}\r\nanthropic-version: 2023-06-01\r\n" +
            $"Content-Type: {contentType}\r\nContent-Length: {length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), s_ct);
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(s_ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var buffer = new byte[8192];
        var text = new StringBuilder();
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
