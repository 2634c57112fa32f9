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
        // The probe is another key's: the held body's own key would be refused for its share first (429, below).
        using var client = cluster.Client(apiKey: await cluster.CreateApiKeyAsync());
        var small = Messages(30_000);

        var held = await HoldBodyAsync(cluster, GatewayCluster.Key);
        var refused = await Poll.UntilAsync(() => GatewayCluster.PostMessagesAsync(client, small), r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
        held.Dispose();
        var admitted = await Poll.UntilAsync(() => GatewayCluster.PostMessagesAsync(client, small), r => r.StatusCode != HttpStatusCode.ServiceUnavailable);

        await BadInputTests.AssertErrorAsync(refused, 503, "overloaded_error", "busy");
        Assert.NotNull(refused.Headers.RetryAfter);
        await Http.AssertOkAsync(admitted);
    }

    [Fact]
    public async Task BytesInFlight_OneKeyOverItsShare_IsRefusedWith429InEachDoorsFormat_WhileAnotherKeyIsServed()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, configure: s =>
        {
            s["Gateway:MaxRequestBodyBytes"] = "100000";
            s["Gateway:MaxRequestBytesInFlight"] = "200000";
            s["Gateway:MaxRequestBytesInFlightPerKey"] = "100000";
        });
        var budget = Budget(cluster);
        var other = await cluster.CreateApiKeyAsync();

        // Key A holds 90 kB. Its next 90 kB body, on any door, would leave the replica 20 kB: without a share per key a
        // second such body of A's would starve every other key (503). It is refused instead, in the door's format.
        var held = await HoldBodyAsync(cluster, GatewayCluster.Key);
        using var second = await OpenAsync(cluster.Urls[0]);
        await WriteHeadAsync(second.GetStream(), "/v1/messages", "x-api-key", GatewayCluster.Key, 99_000);
        await second.GetStream().WriteAsync(Encoding.ASCII.GetBytes("{\"model\":\"claude-sonnet-4-6\",\"x\":\"" + new string('z', 90_000)), s_ct);
        var secondHead = await ReadHeadAsync(second.GetStream());
        var anthropic = await SendAsync(cluster, "/v1/messages", "x-api-key", GatewayCluster.Key, Messages(90_000));
        var openAi = await SendAsync(cluster, "/v1/chat/completions", "Authorization", GatewayCluster.Key, Chat(90_000));
        var gemini = await SendAsync(cluster, "/v1beta/models/gemini-3-flash:generateContent", "x-goog-api-key", GatewayCluster.Key, Gemini(90_000));
        var servedOther = await SendAsync(cluster, "/v1/messages", "x-api-key", other, Messages(90_000));
        var servedOtherGemini = await SendAsync(cluster, "/v1beta/models/gemini-3-flash:generateContent", "x-goog-api-key", other, Gemini(90_000));
        var heldBytes = budget.InFlightOf("_bootstrap");
        held.Dispose();
        var admitted = await Poll.UntilAsync(
            () => SendAsync(cluster, "/v1/messages", "x-api-key", GatewayCluster.Key, Messages(90_000)),
            r => r.StatusCode != HttpStatusCode.TooManyRequests);

        Assert.StartsWith("HTTP/1.1 429", secondHead, StringComparison.Ordinal);
        await BadInputTests.AssertErrorAsync(anthropic, 429, "rate_limit_error", "too many request bodies");
        Assert.NotNull(anthropic.Headers.RetryAfter);
        var openAiError = await ErrorAsync(openAi, 429);
        Assert.Equal("rate_limit_error", openAiError["type"]!.GetValue<string>());
        Assert.Equal("rate_limit_exceeded", openAiError["code"]!.GetValue<string>());
        Assert.NotNull(openAi.Headers.RetryAfter);
        var geminiError = await ErrorAsync(gemini, 429);
        Assert.Equal("RESOURCE_EXHAUSTED", geminiError["status"]!.GetValue<string>());
        Assert.Equal(429, geminiError["code"]!.GetValue<int>());
        await Http.AssertOkAsync(servedOther);
        await Http.AssertOkAsync(servedOtherGemini);
        Assert.InRange(heldBytes, 90_000, 100_000);
        await Http.AssertOkAsync(admitted);
        // Nothing stays behind once the bodies are processed: the budget holds no bytes and no entry per key.
        await Poll.UntilAsync(() => Task.FromResult((budget.InFlight, budget.KeysInFlight)), b => b == (0, 0));
    }

    [Fact]
    public void PerKeyShare_DefaultsToAQuarterOfTheReplica_ButAtLeastOneLargestBody()
    {
        Assert.Equal(64L * 1024 * 1024, new GatewayOptions().RequestBytesInFlightPerKey);
        Assert.Equal(100_000, new GatewayOptions { MaxRequestBodyBytes = 100_000, MaxRequestBytesInFlight = 100_000 }.RequestBytesInFlightPerKey);
        Assert.Equal(250_000, new GatewayOptions { MaxRequestBodyBytes = 100_000, MaxRequestBytesInFlight = 1_000_000 }.RequestBytesInFlightPerKey);
        var tooSmall = new GatewayOptions { MaxRequestBodyBytes = 100_000, MaxRequestBytesInFlightPerKey = 50_000 };
        Assert.Contains(tooSmall.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(tooSmall)),
            r => r.MemberNames.Contains(nameof(GatewayOptions.MaxRequestBytesInFlightPerKey)));
    }

    private static Antigravity.Gateway.Pipeline.RequestBodyBudget Budget(GatewayCluster cluster) =>
        cluster.App(0).Services.GetRequiredService<Antigravity.Gateway.Pipeline.RequestBodyBudget>();

    /// <summary>Opens a request of <paramref name="key"/>'s whose body stops after 90 kB (of 99 kB declared) and waits
    /// until the replica holds those bytes; disposing the socket ends it.</summary>
    private static async Task<TcpClient> HoldBodyAsync(GatewayCluster cluster, string key)
    {
        var held = await OpenAsync(cluster.Urls[0]);
        var stream = held.GetStream();
        await WriteHeadAsync(stream, "/v1/messages", "x-api-key", key, 99_000);
        await stream.WriteAsync(Encoding.ASCII.GetBytes("{\"model\":\"claude-sonnet-4-6\",\"x\":\"" + new string('z', 90_000)), s_ct);
        // Wait until the replica holds the held body's bytes (on a loaded machine that can take a moment); if it answered
        // the held request instead, say what it answered.
        var budget = Budget(cluster);
        try
        {
            await Poll.UntilAsync(() => Task.FromResult(budget.InFlight), n => n >= 90_000);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The held body was not buffered ({budget.InFlight} bytes in flight); the replica answered: {await ReadHeadAsync(stream)}");
        }

        return held;
    }

    private static async Task<HttpResponseMessage> SendAsync(GatewayCluster cluster, string path, string header, string key, JsonNode body)
    {
        using var client = new HttpClient { BaseAddress = new Uri(cluster.Urls[0]), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.TryAddWithoutValidation(header, header == "Authorization" ? "Bearer " + key : key);
        client.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");
        var response = await GatewayCluster.PostMessagesAsync(client, body, path);
        await response.Content.LoadIntoBufferAsync(s_ct);
        return response;
    }

    private static async Task<JsonNode> ErrorAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync(s_ct);
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["error"]!;
    }

    private static JsonObject Messages(int size) => new()
    {
        ["model"] = "claude-sonnet-4-6",
        ["max_tokens"] = 16,
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = new string('y', size) }),
    };

    private static JsonObject Chat(int size) => new()
    {
        ["model"] = "claude-sonnet-4-6",
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = new string('y', size) }),
    };

    private static JsonObject Gemini(int size) => new()
    {
        ["contents"] = new JsonArray(new JsonObject { ["role"] = "user", ["parts"] = new JsonArray(new JsonObject { ["text"] = new string('y', size) }) }),
    };

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
