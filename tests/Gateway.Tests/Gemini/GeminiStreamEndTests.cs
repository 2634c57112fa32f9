using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.Gateway.Tests.Infrastructure;

namespace Antigravity.Gateway.Tests.Gemini;

/// <summary>How the Gemini door ends a stream the upstream did not finish (issue 15): with Google's error object as the
/// last element, as the Gemini API does mid-stream, never as if the answer were complete.</summary>
public sealed class GeminiStreamEndTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private const string Prompt = """{"contents":[{"role":"user","parts":[{"text":"[[words:40]]"}]}]}""";
    private static readonly CancellationToken s_ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("TRUNCATED_STREAM", 502, "INTERNAL")]
    [InlineData("BROKEN_STREAM", 502, "INTERNAL")]
    [InlineData("STALLED_STREAM", 504, "DEADLINE_EXCEEDED")]
    public async Task SseStream_UpstreamStopsMidway_EndsWithGooglesErrorAfterThePartialAnswer(string fault, int code, string status)
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, configure: s => s["Gateway:UpstreamIdleTimeout"] = "00:00:03");
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = fault });

        var (httpStatus, events) = await StreamAsync(cluster, sse: true);

        Assert.Equal(HttpStatusCode.OK, httpStatus);
        Assert.True(events.Count >= 2, string.Join("\n", events));
        Assert.All(events.SkipLast(1), e => Assert.NotNull(e["candidates"]?[0]?["content"]));
        Assert.DoesNotContain(events, e => e["candidates"]?[0]?["finishReason"] is not null);
        AssertError(events[^1], code, status);
    }

    [Fact]
    public async Task JsonArrayStream_UpstreamTruncated_EndsTheArrayWithGooglesError()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "TRUNCATED_STREAM" });

        var (httpStatus, events) = await StreamAsync(cluster, sse: false);

        Assert.Equal(HttpStatusCode.OK, httpStatus);
        Assert.NotNull(events[0]["candidates"]?[0]?["content"]);
        AssertError(events[^1], 502, "INTERNAL");
    }

    [Fact]
    public async Task GenerateContent_UpstreamTruncated_Is502InGooglesFormat()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "TRUNCATED_STREAM" });
        using var client = Client(cluster);

        using var response = await client.PostAsync("/v1beta/models/gemini-3-flash:generateContent", Json(Prompt), s_ct);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        AssertError(JsonNode.Parse(await response.Content.ReadAsStringAsync(s_ct))!, 502, "INTERNAL");
    }

    [Fact]
    public async Task SseStream_Complete_EndsWithTheFinishReasonAndNoError()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);

        var (httpStatus, events) = await StreamAsync(cluster, sse: true);

        Assert.Equal(HttpStatusCode.OK, httpStatus);
        Assert.Equal("STOP", events[^1]["candidates"]?[0]?["finishReason"]?.GetValue<string>());
        Assert.DoesNotContain(events, e => e["error"] is not null);
    }

    private static async Task<(HttpStatusCode Status, List<JsonNode> Events)> StreamAsync(GatewayCluster cluster, bool sse)
    {
        using var client = Client(cluster);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(s_ct);
        bound.CancelAfter(TimeSpan.FromSeconds(60));
        using var response = await client.PostAsync($"/v1beta/models/gemini-3-flash:streamGenerateContent{(sse ? "?alt=sse" : "")}", Json(Prompt), bound.Token);
        var body = await response.Content.ReadAsStringAsync(bound.Token);
        if (!sse)
        {
            return (response.StatusCode, [.. JsonNode.Parse(body)!.AsArray().Select(e => e!)]);
        }

        var events = new List<JsonNode>();
        foreach (var block in body.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.StartsWith("data: ", block, StringComparison.Ordinal);
            events.Add(JsonNode.Parse(block["data: ".Length..])!);
        }

        return (response.StatusCode, events);
    }

    private static void AssertError(JsonNode node, int code, string status)
    {
        var error = node["error"];
        Assert.True(error is not null, "expected Google's error object, got: " + node.ToJsonString());
        Assert.Equal(code, error["code"]!.GetValue<int>());
        Assert.Equal(status, error["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()));
    }

    private static HttpClient Client(GatewayCluster cluster)
    {
        var client = new HttpClient { BaseAddress = new Uri(cluster.Urls[0]), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("x-goog-api-key", GatewayCluster.Key);
        return client;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
