using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator;
using Antigravity.CloudCodeSimulator.Control;
using Antigravity.ExecutorApp.Tests.Infrastructure;
using Antigravity.TestEnvironment;

namespace Antigravity.ExecutorApp.Tests;

/// <summary>How many streams one tab carries at once (issue 16's closing figure): many stream tasks sent together, every
/// one must end with all its chunks. The figure goes to artifacts/test-output/executor-concurrency.txt.</summary>
public sealed class ExecutorConcurrencyTests(ExecutorFixture fixture) : IClassFixture<ExecutorFixture>
{
    private const int Streams = 60;

    [Fact]
    public async Task ManyStreamTasksAtOnce_OneTab_EveryStreamCompletes()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { QuotaCostPerRequest = 0, RecordBodies = false }, TestContext.Current.CancellationToken);
        sim.State.Latency = new LatencySettings { ChunkIntervalMs = 20 };
        await using var gateway = await FakeGateway.StartAsync();
        await fixture.OpenAsync(gateway, sim);
        var socket = await gateway.NextAsync();
        await socket.AcceptAsync();
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < Streams; i++)
        {
            await socket.SendAsync(new JsonObject
            {
                ["type"] = "task",
                ["id"] = $"s-{i}",
                ["operation"] = "streamGenerateContent",
                ["model"] = "gemini-3-flash",
                ["request"] = new JsonObject { ["contents"] = new JsonArray(new JsonObject { ["role"] = "user", ["parts"] = new JsonArray(new JsonObject { ["text"] = "[[words:40]]" }) }) },
            });
        }
        var chunks = new Dictionary<string, int>();
        var ended = new HashSet<string>();
        while (ended.Count < Streams)
        {
            var frame = await socket.ReceiveAsync();
            var id = (string)frame["id"]!;
            Assert.NotEqual("error", (string?)frame["type"]);
            if ((string?)frame["type"] == "chunk")
            {
                chunks[id] = chunks.GetValueOrDefault(id) + 1;
            }
            else
            {
                ended.Add(id);
            }
        }
        clock.Stop();

        Assert.Equal(Streams, chunks.Count);
        Assert.All(chunks.Values, c => Assert.True(c > 5, $"{c} chunks"));
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.UtcNow:O} one Chromium tab, {Streams} stream tasks sent at once (~{chunks.Values.Average():0} chunks each, 20 ms apart): all completed in {clock.Elapsed.TotalSeconds:0.0} s\n");
        await File.AppendAllTextAsync(Path.Combine(TestServers.Artifacts, "executor-concurrency.txt"), line, TestContext.Current.CancellationToken);
    }
}
