using System.Text;
using System.Text.Json.Nodes;
using Antigravity.Gateway.Tests.Infrastructure;

namespace Antigravity.Gateway.Tests;

public sealed class BadInputTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private static readonly CancellationToken s_ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("""{"model":"claude-sonnet-4-6","max_tokens":""", 400, "invalid_request_error", "not valid JSON")]
    [InlineData("""{"model" "x"}""", 400, "invalid_request_error", "not valid JSON")]
    [InlineData("""[1,2]""", 400, "invalid_request_error", "")]
    [InlineData("""{"model":"claude-sonnet-4-6","max_tokens":"ten","messages":[{"role":"user","content":"hi"}]}""", 400, "invalid_request_error", "max_tokens")]
    [InlineData("""{"model":"claude-sonnet-4-6","max_tokens":10,"messages":"hi"}""", 400, "invalid_request_error", "messages")]
    [InlineData("""{"model":"claude-sonnet-4-6","max_tokens":10,"messages":[{"role":"user","content":5}]}""", 400, "invalid_request_error", "messages.0.content")]
    [InlineData("""{"model":"claude-sonnet-4-6","max_tokens":10}""", 400, "invalid_request_error", "messages: Field required")]
    [InlineData("""{"model":"claude-sonnet-4-6","messages":[{"role":"user","content":"hi"}]}""", 400, "invalid_request_error", "max_tokens: Field required")]
    [InlineData("""{"model":"claude-sonnet-4-6","max_tokens":10,"messages":[{"role":"robot","content":"hi"}]}""", 400, "invalid_request_error", "messages.0.role")]
    [InlineData("""{"model":"claude-sonnet-4-6","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_result","content":"x"}]}]}""", 400, "invalid_request_error", "tool_use_id")]
    [InlineData("""{"model":"no-such-model","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""", 404, "not_found_error", "no-such-model")]
    [InlineData("", 400, "invalid_request_error", "empty")]
    public async Task Messages_BadInput_AnswersAnthropicError(string body, int status, string type, string message)
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = cluster.Client();

        using var response = await client.PostAsync("/v1/messages", new StringContent(body, Encoding.UTF8, "application/json"), s_ct);

        await AssertErrorAsync(response, status, type, message);
        Assert.Empty(cluster.Generations());
    }

    [Fact]
    public async Task Messages_BodyOverTheLimit_Answers413RequestTooLarge()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, configure: s => s["Gateway:MaxRequestBodyBytes"] = "65536");
        using var client = cluster.Client();
        var big = new string('x', 100_000);

        using var response = await client.PostAsync("/v1/messages", new StringContent($$"""{"model":"claude-sonnet-4-6","max_tokens":10,"messages":[{"role":"user","content":"{{big}}"}]}""", Encoding.UTF8, "application/json"), s_ct);

        await AssertErrorAsync(response, 413, "request_too_large", "too large");
    }

    [Theory]
    [InlineData(null, "Missing API key")]
    [InlineData("wrong-key", "Invalid API key")]
    [InlineData("ag-abcdef123456-notasecret", "Invalid API key")]
    public async Task Messages_WithoutAValidKey_Answers401AuthenticationError(string? key, string message)
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = cluster.Client(apiKey: key);

        using var response = await GatewayCluster.PostMessagesAsync(client, JsonNode.Parse("""{"model":"claude-sonnet-4-6","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""")!);

        await AssertErrorAsync(response, 401, "authentication_error", message);
    }

    internal static async Task AssertErrorAsync(HttpResponseMessage response, int status, string type, string message)
    {
        var text = await response.Content.ReadAsStringAsync(s_ct);
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        var error = JsonNode.Parse(text)!;
        Assert.Equal("error", error["type"]!.GetValue<string>());
        Assert.Equal(type, error["error"]!["type"]!.GetValue<string>());
        Assert.Contains(message, error["error"]!["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }
}
