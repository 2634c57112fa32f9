using System.Net;
using System.Text.Json;
using Antigravity.ClusterState.Keys;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;

namespace Antigravity.Gateway.Tests;

/// <summary>The gateway appends a <c>RequestCompleted</c> record to the usage stream in Redis for every request, and
/// publishes <c>AccountRateLimited</c> on the real broker, which a bus of the test's own reads back.</summary>
public sealed class EventPublishingTests(SimulatorFixture fixture, BusProbe probe) : IClassFixture<SimulatorFixture>, IClassFixture<BusProbe>
{
    private const string Prompt = "tell me about the purple walrus 7d1c";

    [Fact]
    public async Task SuccessfulRequest_AppendsItsUsageRecordWithTraceAndNoSecrets()
    {
        await using var cluster = await StartAsync();
        var key = await cluster.CreateApiKeyAsync();
        Assert.True(ApiKeyFormat.TryParse(key, out var keyId, out var secret));

        var (status, body, _) = await cluster.AskAsync(text: Prompt, apiKey: key);

        Assert.Equal(HttpStatusCode.OK, status);
        var e = await cluster.UsageRecordAsync(m => m.KeyId == keyId);
        var served = cluster.AccountIdOf(cluster.LastServedBy()!);
        Assert.Equal(("claude-sonnet-4-6", "claude-sonnet-4-6", "anthropic", 200, false), (e.RequestedModel, e.Model, e.Protocol, e.Status, e.Stream));
        Assert.Null(e.ErrorReason);
        Assert.Equal(served, e.AccountId);
        Assert.Equal(1, e.Attempts);
        Assert.Equal([served], e.AccountsTried);
        Assert.Equal(body!["usage"]!["output_tokens"]!.GetValue<long>(), e.OutputTokens);
        Assert.True(e.InputTokens > 0);
        Assert.True(e.LatencyMs > 0);
        var entry = (await cluster.UsageRecordsAsync()).Single(r => r.Record.KeyId == keyId).Entry;
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", entry[Antigravity.ClusterState.Usage.UsageStream.TraceParentField].ToString());
        var json = entry[Antigravity.ClusterState.Usage.UsageStream.RecordField].ToString();
        Assert.DoesNotContain("walrus", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
        Assert.DoesNotContain(key, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedOverStream_RecordsEveryAccountTriedAndPublishesTheRateLimit()
    {
        await using var cluster = await StartAsync();
        var key = await cluster.CreateApiKeyAsync();
        Assert.True(ApiKeyFormat.TryParse(key, out var keyId, out _));
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "QUOTA_EXHAUSTED", RetryDelaySeconds = 5000 });
        using var client = cluster.Client(apiKey: key);

        using var response = await GatewayCluster.PostMessagesAsync(client, System.Text.Json.Nodes.JsonNode.Parse(
            """{"model":"claude-sonnet-4-6","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"[[words:12]]"}]}""")!);
        var events = Sse.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal("message_stop", events[^1].Name);
        var e = await cluster.UsageRecordAsync(m => m.KeyId == keyId);
        var calls = cluster.Generations();
        var first = cluster.AccountIdOf(calls[0].Account!);
        var second = cluster.AccountIdOf(calls[1].Account!);
        Assert.True(e.Stream);
        Assert.Equal((200, 2, second), (e.Status, e.Attempts, e.AccountId));
        Assert.Equal([first, second], e.AccountsTried);
        Assert.True(e.OutputTokens > 0);
        Assert.NotNull(e.TimeToFirstTokenMs);
        var limited = await Poll.UntilAsync(
            () => Task.FromResult(probe.RateLimited.FirstOrDefault(m => m.AccountId == first && m.Until > DateTimeOffset.UtcNow.AddSeconds(4500) && m.Until < DateTimeOffset.UtcNow.AddSeconds(5500))),
            m => m is not null, TimeSpan.FromSeconds(30));
        Assert.Equal(("claude-sonnet-4-6", "QUOTA_EXHAUSTED"), (limited!.Model, limited.Reason));
    }

    [Fact]
    public async Task RejectedRequest_RecordsItsStatusAndReason()
    {
        await using var cluster = await StartAsync();
        var key = await cluster.CreateApiKeyAsync((ApiKeyFields.AllowedModels, """["gemini-3-flash"]"""));
        Assert.True(ApiKeyFormat.TryParse(key, out var keyId, out _));

        var (status, _, _) = await cluster.AskAsync(apiKey: key);
        Assert.Equal(HttpStatusCode.Forbidden, status);

        // A known key refused by its own rules is named in the event (with no account); so is an admitted one whose
        // upstream fails.
        var refused = await cluster.UsageRecordAsync(m => m.KeyId == keyId && m.Status == 403);
        Assert.Equal(("model_not_allowed", null, 0), (refused.ErrorReason, refused.AccountId, refused.Attempts));

        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "QUOTA_EXHAUSTED", Count = -1, RetryDelaySeconds = 7000 });
        var (limited, _, _) = await cluster.AskAsync(model: "gemini-3-flash", apiKey: key);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited);
        var e = await cluster.UsageRecordAsync(m => m.KeyId == keyId && m.Status == 429);
        Assert.Equal((429, "gemini-3-flash"), (e.Status, e.RequestedModel));
        Assert.Equal("QUOTA_EXHAUSTED", e.ErrorReason);
        Assert.Equal(3, e.AccountsTried.Count);
        Assert.Null(e.AccountId);
    }

    [Fact]
    public async Task MalformedRequest_RejectedAtTheFrontDoor_IsRecordedToo()
    {
        await using var cluster = await StartAsync();
        var model = "no-such-model-" + Guid.NewGuid().ToString("N")[..8];
        using var client = cluster.Client();

        // max_tokens is missing: the Anthropic front door rejects the body before the pipeline.
        using var response = await GatewayCluster.PostMessagesAsync(client, System.Text.Json.Nodes.JsonNode.Parse(
            $$"""{"model":"{{model}}","messages":[{"role":"user","content":"{{Prompt}}"}]}""")!);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var e = await cluster.UsageRecordAsync(m => m.RequestedModel == model);
        Assert.Equal((400, "anthropic", "invalid_request"), (e.Status, e.Protocol, e.ErrorReason));
        Assert.Equal(0, e.Attempts);
        Assert.DoesNotContain("walrus", JsonSerializer.Serialize(e), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Request_OnAReplicaWithAnInstanceId_NamesThatReplica()
    {
        await using var cluster = await StartAsync(s => s["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=test, service.instance.id=qwertyui");
        var key = await cluster.CreateApiKeyAsync();
        Assert.True(ApiKeyFormat.TryParse(key, out var keyId, out _));

        await cluster.AskAsync(text: Prompt, apiKey: key);

        var e = await cluster.UsageRecordAsync(m => m.KeyId == keyId);
        Assert.Equal("qwertyui", e.Instance);
    }

    private async Task<GatewayCluster> StartAsync(Action<Dictionary<string, string?>>? configure = null) =>
        await GatewayCluster.StartAsync(fixture.Sim, configure: s =>
        {
            s["ConnectionStrings:messaging"] = TestServers.RabbitMq;
            s["Messaging:EndpointPrefix"] = "gateway-tests-" + Guid.NewGuid().ToString("N")[..8];
            configure?.Invoke(s);
        });
}
