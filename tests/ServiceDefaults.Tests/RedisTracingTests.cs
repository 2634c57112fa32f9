using System.Collections.Concurrent;
using System.Diagnostics;
using Antigravity.TestEnvironment;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Antigravity.ServiceDefaults.Tests;

/// <summary>Aspire's <c>AddRedisClient</c> carries OpenTelemetry.Instrumentation.StackExchangeRedis (built into
/// Aspire.StackExchange.Redis): every command is one client span under the caller's span, named for the command
/// (the dashboard test looks for <c>EVALSHA</c>/<c>EVAL</c>), with no second wrapper span of ours (issue 19).</summary>
public class RedisTracingTests
{
    private const string InstrumentationSource = "OpenTelemetry.Instrumentation.StackExchangeRedis";
    private static readonly ActivitySource s_caller = new("Antigravity.ServiceDefaults.Tests");

    [Fact]
    public async Task RedisClient_OneScriptCall_IsOneCommandSpanUnderTheCaller()
    {
        ConcurrentQueue<Activity> spans = [];
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is InstrumentationSource || s.Name.StartsWith("Antigravity.Redis", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var app = await HealthEndpointsTests.StartAsync(b =>
        {
            b.Configuration["ConnectionStrings:redis"] = TestServers.Redis;
            b.AddBasicServiceDefaults();
            b.AddRedisClient(RedisClientDefaults.ConnectionName, configureOptions: RedisClientDefaults.Apply);
        });
        var db = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

        string parentId;
        using (var caller = s_caller.StartActivity("caller"))
        {
            Assert.NotNull(caller);
            parentId = caller.SpanId.ToHexString();
            await db.ScriptEvaluateAsync("return 1");
        }

        var children = await Poll.UntilAsync(
            () => Task.FromResult(spans.Where(s => s.ParentSpanId.ToHexString() == parentId).ToList()),
            found => found.Count > 0);
        var span = Assert.Single(children);
        Assert.Equal(InstrumentationSource, span.Source.Name);
        Assert.Matches("^EVAL(SHA)?$", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
    }
}
