using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator.Control;
using static Antigravity.CloudCodeSimulator.Tests.SimTestHost;

namespace Antigravity.CloudCodeSimulator.Tests;

/// <summary>Where a stream's usageMetadata comes (issue 17): the prompt's on the first chunk, the full one on the last.</summary>
public sealed class StreamUsageTests(SimFixture fixture) : IClassFixture<SimFixture>
{
    [Fact]
    public async Task Stream_CachedPrefix_FirstChunkCarriesPromptAndCachedTokensOfTheFinalUsage()
    {
        var host = fixture.Fresh();
        var contents = UserText("[[words:40]]");
        var extra = new JsonObject { ["sessionId"] = "-42", ["systemInstruction"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["text"] = new string('x', 4000) }) } };
        await host.StreamAsync(Envelope("claude-sonnet-4-6", contents, extra: extra));

        var (_, events, _) = await host.StreamAsync(Envelope("claude-sonnet-4-6", contents, extra: extra));

        var first = events[0]["response"]!["usageMetadata"]!;
        var last = events[^1]["response"]!["usageMetadata"]!;
        Assert.True((int)last["cachedContentTokenCount"]! > 0);
        Assert.Equal((int)last["promptTokenCount"]!, (int)first["promptTokenCount"]!);
        Assert.Equal((int)last["cachedContentTokenCount"]!, (int)first["cachedContentTokenCount"]!);
        Assert.All(events.Skip(1).SkipLast(1), e => Assert.Null(e["response"]!["usageMetadata"]));
        var recorded = host.State.GetRequests()[^1].Usage!;
        Assert.Equal(new RecordedUsage((int)last["promptTokenCount"]!, (int)last["cachedContentTokenCount"]!, (int)last["candidatesTokenCount"]!, 0), recorded);
    }

    [Fact]
    public async Task Stream_UsageOnFirstChunkOff_OnlyTheLastChunkCarriesUsage()
    {
        var host = fixture.Fresh();
        host.State.Apply(new SimulatorSettings(UsageOnFirstChunk: false));

        var (_, events, _) = await host.StreamAsync(Envelope("gemini-2.5-flash", UserText("[[words:40]]")));

        Assert.True(events.Count > 2);
        Assert.All(events.SkipLast(1), e => Assert.Null(e["response"]!["usageMetadata"]));
        Assert.NotNull(events[^1]["response"]!["usageMetadata"]);
    }
}
