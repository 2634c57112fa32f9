using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Routing;
using Antigravity.ClusterState.Secrets;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;
using Microsoft.Extensions.Logging;

namespace Antigravity.Gateway.Tests;

/// <summary>Runs alone: the gateway's ActivitySource and Meter are process-wide, so other tests' requests would show up
/// in the listeners.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>Spans, metrics and logs of a request (issue 3 "Telemetry"), read with in-process listeners.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private static readonly CancellationToken s_ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Request_ProducesASpanWithGenAiAttributes()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Antigravity.Gateway" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        await cluster.ApplySettingsAsync(new GatewaySettings { Strategy = SelectionStrategy.RoundRobin });
        // The test's own trace: HttpClient propagates it (traceparent), so the gateway's span joins it.
        using var parent = new Activity("telemetry-test").Start();
        var traceId = parent.TraceId;
        using var client = cluster.Client();

        using var response = await GatewayCluster.PostMessagesAsync(client, JsonNode.Parse("""{"model":"claude-sonnet-4-6","max_tokens":64,"messages":[{"role":"user","content":"[[words:5]]"}]}""")!);

        await Http.AssertOkAsync(response);
        var usage = JsonNode.Parse(await response.Content.ReadAsStringAsync(s_ct))!["usage"]!;
        var span = await Poll.UntilAsync(() => Task.FromResult(spans.FirstOrDefault(a => a.TraceId == traceId && a.Source.Name == "Antigravity.Gateway")), a => a is not null);
        Assert.Equal(ActivityKind.Server, span!.Kind);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("claude-sonnet-4-6", span.GetTagItem("gen_ai.request.model"));
        Assert.Equal("claude-sonnet-4-6", span.GetTagItem("gen_ai.response.model"));
        Assert.Equal(usage["output_tokens"]!.GetValue<long>(), Convert.ToInt64(span.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(Convert.ToInt64(span.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(cluster.AccountIdOf(cluster.LastServedBy()!), span.GetTagItem("gateway.account_id"));
        Assert.Equal(1, span.GetTagItem("gateway.attempts"));
        Assert.Equal("round-robin", span.GetTagItem("gateway.strategy"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.NotEqual(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task StreamingRequest_RecordsRequestTokenDurationAndFirstChunkMetrics()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Antigravity.Gateway")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Tags(tags))));
        listener.Start();
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "INTERNAL", Count = 2 });
        using var client = cluster.Client();

        using var response = await GatewayCluster.PostMessagesAsync(client, JsonNode.Parse("""{"model":"gemini-3-flash","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"[[words:9]]"}]}""")!);
        var events = Sse.Parse(await response.Content.ReadAsStringAsync(s_ct));

        Assert.Equal("message_stop", events[^1].Name);
        var output = events.Single(e => e.Name == "message_delta").Data["usage"]!["output_tokens"]!.GetValue<long>();
        bool Gemini((string Instrument, double Value, Dictionary<string, object?> Tags) m) => Equals(m.Tags.GetValueOrDefault("gen_ai.request.model"), "gemini-3-flash");
        await Poll.UntilAsync(() => Task.FromResult(measurements.Count(m => m.Instrument == "gateway.requests" && Gemini(m))), n => n > 0);
        Assert.Contains(measurements, m => m.Instrument == "gateway.requests" && Gemini(m) && m.Value == 1 && Equals(m.Tags["http.response.status_code"], 200) && Equals(m.Tags["gateway.protocol"], "anthropic"));
        Assert.Contains(measurements, m => m.Instrument == "gen_ai.client.token.usage.total" && Gemini(m) && Equals(m.Tags["gen_ai.token.type"], "input") && m.Value > 0);
        Assert.Contains(measurements, m => m.Instrument == "gen_ai.client.token.usage.total" && Gemini(m) && Equals(m.Tags["gen_ai.token.type"], "output") && m.Value >= output);
        Assert.Contains(measurements, m => m.Instrument == "gen_ai.client.operation.duration" && Gemini(m) && m.Value > 0);
        Assert.Contains(measurements, m => m.Instrument == "gen_ai.server.time_to_first_token" && Gemini(m) && m.Value > 0);
        Assert.Contains(measurements, m => m.Instrument == "gateway.upstream.errors" && Gemini(m) && Equals(m.Tags["error.type"], "INTERNAL"));
        var active = measurements.Where(m => m.Instrument == "gateway.active_requests").Sum(m => m.Value);
        Assert.Equal(0, active);
    }

    [Fact]
    public async Task Logs_AtDebugLevel_HoldNoPromptAnswerKeyOrToken()
    {
        var capture = new LogCapture();
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 0, configure: s => s["Logging:LogLevel:Default"] = "Debug");
        cluster.Customize = b => b.Logging.AddProvider(capture);
        await cluster.AddInstanceAsync();
        var key = await cluster.CreateApiKeyAsync();
        Assert.True(ApiKeyFormat.TryParse(key, out _, out var secret));
        const string prompt = "the zebra password is hunter2-c0ffee";

        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "QUOTA_EXHAUSTED", RetryDelaySeconds = 600 });
        var (ok, body, _) = await cluster.AskAsync(text: prompt, apiKey: key);
        var (bad, _, _) = await cluster.AskAsync(text: prompt, apiKey: key[..^4] + "zzzz");
        fixture.Sim.State.MinClientVersion = "99.0.0";
        var (upstream400, _, _) = await cluster.AskAsync(text: prompt, apiKey: key);
        fixture.Sim.State.MinClientVersion = null;

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest), (ok, bad, upstream400));
        var answer = body!["content"]![0]!["text"]!.GetValue<string>();
        var secrets = new List<string> { "zebra", "hunter2", secret, key, answer };
        foreach (var id in cluster.Accounts.Keys)
        {
            var stored = await cluster.Db.HashGetAsync(RedisKeys.Account(id), [AccountFields.AccessToken, AccountFields.RefreshToken]);
            secrets.Add(cluster.Protector.Unprotect(stored[0]!, SecretContexts.AccessToken(id)));
            secrets.Add(cluster.Protector.Unprotect(stored[1]!, SecretContexts.RefreshToken(id)));
            secrets.Add(stored[0]!);
        }

        await Poll.UntilAsync(() => Task.FromResult(capture.Entries.Count(e => e.Contains("RequestCompleted", StringComparison.Ordinal) || e.Contains("→", StringComparison.Ordinal))), n => n >= 2);
        var logs = string.Join('\n', capture.Entries);
        Assert.Contains("QUOTA_EXHAUSTED", logs, StringComparison.Ordinal);
        foreach (var s in secrets)
        {
            Assert.DoesNotContain(s, logs, StringComparison.Ordinal);
        }
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var d = new Dictionary<string, object?>();
        foreach (var t in tags)
        {
            d[t.Key] = t.Value;
        }

        return d;
    }
}
