using System.Net;
using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.Gateway.Tests.Infrastructure;

namespace Antigravity.Gateway.Tests;

/// <summary>An upstream that accepts a call and then says nothing, or breaks off (issue 15's soak faults, one at a time).</summary>
public sealed class UpstreamSilenceTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private static readonly CancellationToken s_ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task FirstByteNeverComes_OnTheDailyHost_FallsBackToProdAfterTheIdleTimeout()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, configure: s => s["Gateway:UpstreamIdleTimeout"] = "00:00:00.500");
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "SLOW_FIRST_BYTE", Host = "daily", DelaySeconds = 600 });
        using var client = cluster.Client();
        // A bound far below the fault's delay, far above the idle timeout: without a header timeout the request hangs.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(s_ct);
        bound.CancelAfter(TimeSpan.FromSeconds(30));

        using var response = await GatewayCluster.PostMessagesAsync(client,
            JsonNode.Parse("""{"model":"claude-sonnet-4-6","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}""")!, cancellationToken: bound.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(cluster.Generations(), r => r.Host == "prod" && r.Status == 200);
    }

    [Fact]
    public async Task StreamResetAfterItStarted_EndsWithAnErrorEvent()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "BROKEN_STREAM", DelaySeconds = 1 });
        using var client = cluster.Client();

        using var response = await GatewayCluster.PostMessagesAsync(client,
            JsonNode.Parse("""{"model":"claude-sonnet-4-6","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"[[words:40]]"}]}""")!);

        var events = Sse.Parse(await response.Content.ReadAsStringAsync(s_ct));
        Assert.Equal("message_start", events[0].Name);
        Assert.Equal("error", events[^1].Name);
        Assert.Equal("api_error", events[^1].Data["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task StreamGoesSilentMidway_EndsWithATimeoutErrorEventAfterTheIdleTimeout()
    {
        // 3 s, not less: the idle timeout also bounds the wait for the response headers, and on a busy machine a slow
        // first byte would time out and retry, the retry would miss the queued fault and end the stream normally.
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, configure: s => s["Gateway:UpstreamIdleTimeout"] = "00:00:03");
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "STALLED_STREAM" });
        using var client = cluster.Client();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(s_ct);
        bound.CancelAfter(TimeSpan.FromSeconds(30));

        using var response = await GatewayCluster.PostMessagesAsync(client,
            JsonNode.Parse("""{"model":"claude-sonnet-4-6","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"[[words:40]]"}]}""")!, cancellationToken: bound.Token);

        var events = Sse.Parse(await response.Content.ReadAsStringAsync(bound.Token));
        Assert.Equal("message_start", events[0].Name);
        Assert.Equal("error", events[^1].Name);
    }
}
