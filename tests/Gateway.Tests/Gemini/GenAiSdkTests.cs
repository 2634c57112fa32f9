using System.Text.Json;
using Antigravity.Gateway.Tests.FrontDoors;

namespace Antigravity.Gateway.Tests.Gemini;

/// <summary>The official Google GenAI SDK (npm <c>@google/genai</c>) against the gateway's Gemini front door over loopback.</summary>
public sealed class GenAiSdkTests(FrontDoorGateway gateway) : IClassFixture<FrontDoorGateway>
{
    private async Task<JsonElement> RunAsync(string scenario, string model = "gemini-3-flash") =>
        JsonDocument.Parse(await gateway.RunNodeAsync("genai.cjs", scenario, model)).RootElement;

    [Fact]
    public async Task GenerateContent_NonStreaming_AnswersTextAndUsage()
    {
        var result = await RunAsync("generate", "claude-sonnet-4-6");

        Assert.Contains("claude-sonnet-4-6", result.GetProperty("text").GetString());
        Assert.Equal("STOP", result.GetProperty("finish").GetString());
        Assert.True(result.GetProperty("usage").GetProperty("promptTokenCount").GetInt32() > 0);
    }

    [Fact]
    public async Task StreamGenerateContent_WithThoughts_StreamsThoughtAndTextPartsWithUsage()
    {
        var result = await RunAsync("stream");

        Assert.Contains("gemini-3-flash", result.GetProperty("text").GetString());
        Assert.NotEmpty(result.GetProperty("thoughts").GetString()!);
        Assert.True(result.GetProperty("chunks").GetInt32() > 1);
        Assert.True(result.GetProperty("usage").GetProperty("totalTokenCount").GetInt32() > 0);
    }

    [Theory]
    [InlineData("TRUNCATED_STREAM")]
    [InlineData("BROKEN_STREAM")]
    public async Task StreamGenerateContent_UpstreamStopsMidway_ThrowsAnApiErrorAfterThePartialText(string fault)
    {
        gateway.Simulator.State.EnqueueFault(new Antigravity.CloudCodeSimulator.Faults.FaultSpec { Reason = fault });

        var result = await RunAsync("brokenStream");

        Assert.Equal("ApiError", result.GetProperty("name").GetString());
        Assert.Equal(502, result.GetProperty("status").GetInt32());
        Assert.True(result.GetProperty("chunks").GetInt32() > 0, result.ToString());
        Assert.NotEmpty(result.GetProperty("text").GetString()!);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("finish").ValueKind);
    }

    [Fact]
    public async Task GenerateContent_FunctionCallRoundTrip_CallsTheToolThenQuotesItsResponse()
    {
        var result = await RunAsync("tools");

        var call = Assert.Single(result.GetProperty("calls").EnumerateArray());
        Assert.Equal("weather", call.GetProperty("name").GetString());
        Assert.Equal("Lima", call.GetProperty("args").GetProperty("city").GetString());
        Assert.Contains("warm", result.GetProperty("text").GetString());
    }

    [Fact]
    public async Task GenerateContent_InlineImage_ReachesTheModel()
    {
        var result = await RunAsync("image");

        Assert.Contains("1 image(s)", result.GetProperty("text").GetString());
    }

    [Fact]
    public async Task CountTokens_Contents_AnswersATotal()
    {
        var result = await RunAsync("countTokens");

        Assert.True(result.GetProperty("totalTokens").GetInt32() > 0);
    }

    [Fact]
    public async Task Models_ListAndGet_UseGeminiNames()
    {
        var result = await RunAsync("models");

        Assert.Contains("models/gemini-3-flash", result.GetProperty("names").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("models/gemini-3-flash", result.GetProperty("one").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Files_UploadThenUseInAPromptThenDelete_InlinesTheStoredBytes()
    {
        var result = await RunAsync("files");

        Assert.StartsWith("files/", result.GetProperty("name").GetString());
        Assert.Equal("ACTIVE", result.GetProperty("state").GetString());
        Assert.True(result.GetProperty("listed").GetBoolean());
        Assert.Contains("1 image(s)", result.GetProperty("text").GetString());
        Assert.Equal(403, result.GetProperty("afterDelete").GetInt32()); // Google's answer for a file that is not (or no longer) there
        var upstream = gateway.Simulator.State.GetRequests().Where(r => r.Method.Contains("enerateContent", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(upstream, r => r.Body?.Contains("fileData", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task CachedContents_CreateUseUpdateDelete_PrependsTheCachedContents()
    {
        var result = await RunAsync("caches");

        Assert.StartsWith("cachedContents/", result.GetProperty("name").GetString());
        Assert.Equal("doc", result.GetProperty("displayName").GetString());
        Assert.True(result.GetProperty("expireMoved").GetBoolean());
        Assert.True(result.GetProperty("listed").GetBoolean());
        Assert.Contains("1 image(s)", result.GetProperty("text").GetString());
        Assert.Equal(403, result.GetProperty("afterDelete").GetInt32()); // Google's "CachedContent not found (or permission denied)"
    }

    [Fact]
    public async Task GenAi_BadInput_AnswersGoogleErrorsWithTheirStatuses()
    {
        var result = await RunAsync("errors");

        Assert.Equal(404, result.GetProperty("unknownModel").GetProperty("status").GetInt32());
        Assert.Equal(400, result.GetProperty("embed").GetProperty("status").GetInt32());
        Assert.Contains("embedding", result.GetProperty("embed").GetProperty("message").GetString());
        Assert.Equal(401, result.GetProperty("badKey").GetProperty("status").GetInt32());
        Assert.Equal(403, result.GetProperty("missingFile").GetProperty("status").GetInt32());
    }
}
