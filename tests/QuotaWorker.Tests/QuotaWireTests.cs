using System.Text.Json;
using Antigravity.CloudCodeClient.Quota;

namespace Antigravity.QuotaWorker.Tests;

public sealed class QuotaWireTests
{
    [Fact]
    public void AvailableModels_WrappedInResponseWithMissingFraction_UnwrapsAndReadsExhausted()
    {
        const string json = """
            {"response":{"models":{
              "claude-opus-4-6-thinking":{"displayName":"Claude Opus 4.6 (Thinking)","supportsThinking":true,"maxTokens":"250000",
                "quotaInfo":{"remainingFraction":0.8,"resetTime":"2026-07-15T06:26:33Z"}},
              "gemini-3.5-flash-low":{"quotaInfo":{"resetTime":"2026-07-15T06:26:33Z"}}},
             "deprecatedModelIds":{"claude-opus-4-5-thinking":{"newModelId":"claude-opus-4-6-thinking"}}}}
            """;

        var models = JsonSerializer.Deserialize(json, QuotaJsonContext.Default.AvailableModels)!.Unwrap();

        Assert.Equal(0.8, models.Models!["claude-opus-4-6-thinking"].QuotaInfo!.Remaining);
        Assert.Equal(250000, models.Models["claude-opus-4-6-thinking"].MaxTokens);
        Assert.Equal(0, models.Models["gemini-3.5-flash-low"].QuotaInfo!.Remaining);
        Assert.Equal(new DateTimeOffset(2026, 7, 15, 6, 26, 33, TimeSpan.Zero), models.Models["gemini-3.5-flash-low"].QuotaInfo!.ResetAt);
        Assert.Equal("claude-opus-4-6-thinking", models.DeprecatedModelIds!["claude-opus-4-5-thinking"].NewModelId);
    }

    [Fact]
    public void AvailableModels_Unwrapped_IsReturnedAsIs()
    {
        var models = JsonSerializer.Deserialize("""{"models":{"m":{"quotaInfo":{"remainingFraction":1.5}}}}""", QuotaJsonContext.Default.AvailableModels)!.Unwrap();

        Assert.Equal(1, models.Models!["m"].QuotaInfo!.Remaining);
    }
}
