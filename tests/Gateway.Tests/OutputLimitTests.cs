using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Antigravity.Gateway.Tests.Infrastructure;

namespace Antigravity.Gateway.Tests;

/// <summary>Issue 18 item 13: an output limit the model cannot honour is refused with a 400 in the door's format, as the
/// real APIs refuse it, instead of being clamped silently (claude-sonnet-4-6 and gemini-3-flash allow 64000 and 65536).</summary>
public sealed class OutputLimitTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private static readonly CancellationToken s_ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(100_000_000)]
    [InlineData(64_001)]
    public async Task Messages_MaxTokensAboveTheModelsLimit_Answers400(int maxTokens)
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = cluster.Client();

        using var response = await GatewayCluster.PostMessagesAsync(client, JsonNode.Parse($$"""{"model":"claude-sonnet-4-6","max_tokens":{{maxTokens}},"messages":[{"role":"user","content":"hi"}]}""")!);

        await BadInputTests.AssertErrorAsync(response, 400, "invalid_request_error", "max_tokens");
        Assert.Empty(cluster.Generations());
    }

    [Fact]
    public async Task Messages_MaxTokensAtTheModelsLimit_IsServed()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = cluster.Client();

        using var response = await GatewayCluster.PostMessagesAsync(client, JsonNode.Parse("""{"model":"claude-sonnet-4-6","max_tokens":64000,"messages":[{"role":"user","content":"hi"}]}""")!);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"gemini-3-flash","max_tokens":100000000,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens")]
    [InlineData("/v1/chat/completions", """{"model":"gemini-3-flash","max_completion_tokens":65537,"messages":[{"role":"user","content":"hi"}]}""", "max_completion_tokens")]
    [InlineData("/v1/chat/completions", """{"model":"gemini-3-flash","max_tokens":0,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens")]
    [InlineData("/v1/chat/completions", """{"model":"gemini-3-flash","max_completion_tokens":-5,"messages":[{"role":"user","content":"hi"}]}""", "max_completion_tokens")]
    [InlineData("/v1/responses", """{"model":"gemini-3-flash","max_output_tokens":100000000,"input":"hi"}""", "max_output_tokens")]
    [InlineData("/v1/responses", """{"model":"gemini-3-flash","max_output_tokens":0,"input":"hi"}""", "max_output_tokens")]
    public async Task OpenAi_OutputLimitOutOfRange_Answers400WithTheParam(string path, string json, string param)
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = new HttpClient { BaseAddress = new Uri(cluster.Urls[0]) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayCluster.Key);

        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), s_ct);

        var text = await response.Content.ReadAsStringAsync(s_ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        var error = JsonNode.Parse(text)!["error"]!;
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.Equal(param, error["param"]!.GetValue<string>());
        Assert.Empty(cluster.Generations());
    }

    [Theory]
    [InlineData(100_000_000)]
    [InlineData(65_537)]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Gemini_MaxOutputTokensOutOfRange_Answers400InvalidArgument(int maxOutputTokens)
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = new HttpClient { BaseAddress = new Uri(cluster.Urls[0]) };
        client.DefaultRequestHeaders.Add("x-goog-api-key", GatewayCluster.Key);
        var json = $$"""{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"generationConfig":{"maxOutputTokens":{{maxOutputTokens}} } }""";

        using var response = await client.PostAsync("/v1beta/models/gemini-3-flash:generateContent", new StringContent(json, Encoding.UTF8, "application/json"), s_ct);

        var text = await response.Content.ReadAsStringAsync(s_ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        var error = JsonNode.Parse(text)!["error"]!;
        Assert.Equal("INVALID_ARGUMENT", error["status"]!.GetValue<string>());
        Assert.Contains("maxOutputTokens", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(cluster.Generations());
    }
}
