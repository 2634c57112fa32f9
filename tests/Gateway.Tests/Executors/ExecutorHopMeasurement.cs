using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;

namespace Antigravity.Gateway.Tests.Executors;

/// <summary>
/// The latency the executor hop adds (issue 16's closing note), and how many concurrent streams one executor carries,
/// measured, not asserted: run it explicitly with
/// <c>--filter-class 'Antigravity.Gateway.Tests.Executors.ExecutorHopMeasurement'</c> and an explicit-tests switch
/// (<c>-- --explicit on</c>). Latency: an executor that answers at once, on the replica that took the request and on the
/// other one, against the same request served by the Cloud Code simulator; sequential requests through the Anthropic
/// door. Concurrency: N streams at once through one executor (one WebSocket), each 20 chunks 50 ms apart (a model's
/// pace), arriving at the executor's replica and at the other one. The figures go to artifacts/test-output/executor-hop.txt.
/// </summary>
public sealed class ExecutorHopMeasurement(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private const int Chunks = 20;

    [Fact(Explicit = true)]
    public async Task Measure()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, 2);
        await cluster.ApplySettingsAsync(new GatewaySettings { ExecutorModels = ["gemini-2.5-flash"] });
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-a", maxConcurrency: 8);

        var simulator = await SampleAsync(cluster, 0, "gemini-3-flash");
        var same = await SampleAsync(cluster, 0, "gemini-2.5-flash");
        var cross = await SampleAsync(cluster, 1, "gemini-2.5-flash");
        Report($"EXECUTOR-HOP simulator {Format(simulator)} | same replica {Format(same)} | cross replica {Format(cross)}"
            + $" | added same {Added(same, simulator)} | added cross {Added(cross, simulator)} | cross over same {Added(cross, same)}");
    }

    [Fact(Explicit = true)]
    public async Task MeasureConcurrentStreams()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, 2);
        await cluster.ApplySettingsAsync(new GatewaySettings { ExecutorModels = ["gemini-2.5-flash"] });
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-a", maxConcurrency: 1000);
        var running = 0;
        var peak = 0;
        executor.Handler = async (e, task) =>
        {
            var id = task["id"]!.GetValue<string>();
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            try
            {
                for (var i = 0; i < Chunks; i++)
                {
                    await e.ChunkAsync(id, "x", last: i == Chunks - 1);
                    await Task.Delay(50); // the pace of a model's tokens, not a wait for a condition
                }

                await e.ResultAsync(id);
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        };

        foreach (var instance in new[] { 0, 1 })
        {
            foreach (var streams in new[] { 10, 50, 100, 200, 400 })
            {
                peak = 0;
                var clock = Stopwatch.StartNew();
                var results = await Task.WhenAll(Enumerable.Range(0, streams).Select(_ => StreamAsync(cluster, instance)));
                var wall = clock.Elapsed.TotalMilliseconds;
                var ok = results.Where(r => r.Ok).Select(r => r.Ms).Order().ToArray();
                Report($"EXECUTOR-STREAMS {(instance == 0 ? "same" : "cross")} replica: {streams} at once, {ok.Length} complete with {Chunks} chunks,"
                    + $" peak {peak} running at the executor, wall {wall:F0} ms"
                    + (ok.Length > 0 ? $", per stream p50 {ok[ok.Length / 2]:F0} ms p99 {ok[Math.Min(ok.Length - 1, (int)(ok.Length * 0.99))]:F0} ms" : "")
                    + $" (ideal {Chunks * 50} ms); failures: {string.Join(",", results.Where(r => !r.Ok).Select(r => r.Failure).Distinct())}");
            }
        }
    }

    private static async Task<(bool Ok, double Ms, string? Failure)> StreamAsync(GatewayCluster cluster, int instance)
    {
        var clock = Stopwatch.StartNew();
        using var client = cluster.Client(instance);
        client.Timeout = TimeSpan.FromMinutes(3);
        using var response = await GatewayCluster.PostMessagesAsync(client, new JsonObject
        {
            ["model"] = "gemini-2.5-flash", ["max_tokens"] = 100, ["stream"] = true,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi" }),
        });
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (false, 0, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var events = Sse.Parse(text);
        var chunks = events.Count(e => e.Name == "content_block_delta");
        return events[^1].Name == "message_stop" && chunks > 0 ? (true, clock.Elapsed.TotalMilliseconds, null) : (false, 0, "truncated");
    }

    private static async Task<double[]> SampleAsync(GatewayCluster cluster, int instance, string model)
    {
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await cluster.AskAsync(instance, model)).Status);
        }

        var samples = new double[300];
        for (var i = 0; i < samples.Length; i++)
        {
            var clock = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.OK, (await cluster.AskAsync(instance, model)).Status);
            samples[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(samples);
        return samples;
    }

    private static void Report(string line)
    {
        TestContext.Current.SendDiagnosticMessage(line);
        Console.WriteLine(line);
        File.AppendAllText(Path.Combine(TestServers.Artifacts, "executor-hop.txt"), line + Environment.NewLine);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * q))];

    private static string Format(double[] sorted) => $"p50 {P(sorted, 0.5):F2} ms, p99 {P(sorted, 0.99):F2} ms";

    /// <summary>The difference of the percentiles (not a percentile of differences: the samples are not paired).</summary>
    private static string Added(double[] sorted, double[] baseline) => $"p50 {P(sorted, 0.5) - P(baseline, 0.5):+0.00;-0.00} ms, p99 {P(sorted, 0.99) - P(baseline, 0.99):+0.00;-0.00} ms";
}
