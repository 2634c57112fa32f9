using System.Diagnostics;
using System.Net;
using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.Tests.Infrastructure;

namespace Antigravity.Gateway.Tests.Executors;

/// <summary>
/// The latency the executor hop adds (issue 16's closing note), measured, not asserted: run it explicitly with
/// <c>--filter-class 'Antigravity.Gateway.Tests.Executors.ExecutorHopMeasurement'</c> and an explicit-tests switch
/// (<c>-- --explicit on</c>). An executor that answers at once, on the replica that took the request and on the other
/// one, against the same request served by the Cloud Code simulator; sequential requests through the Anthropic door.
/// </summary>
public sealed class ExecutorHopMeasurement(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
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
        TestContext.Current.SendDiagnosticMessage($"Cloud Code simulator: {Format(simulator)}; executor on the same replica: {Format(same)}; executor on the other replica: {Format(cross)}");
        Console.WriteLine($"EXECUTOR-HOP simulator {Format(simulator)} | same replica {Format(same)} | cross replica {Format(cross)}");
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

    private static string Format(double[] sorted) =>
        $"p50 {sorted[sorted.Length / 2]:F2} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:F2} ms";
}
