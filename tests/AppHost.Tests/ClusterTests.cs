using System.Diagnostics;
using Antigravity.TestEnvironment;

namespace Antigravity.AppHost.Tests;

/// <summary>The cluster as a newcomer runs it (<c>--simulate</c>), through the gateway's shared endpoint. The tests share
/// one cluster and run in order: requests first (ClusterTests.Requests.cs), then replicas are stopped under load.</summary>
[TestCaseOrderer(typeof(OrderAttributeOrderer))]
public sealed partial class ClusterTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Fact, Order(1)]
    public async Task SharedEndpoint_NewConnections_ReachEveryReplica()
    {
        var replicas = cluster.Processes("gateway");
        Assert.True(replicas.Count == ClusterFixture.Replicas, cluster.Tail);

        var servedBy = new HashSet<string>();
        for (var i = 0; i < 60 && servedBy.Count < ClusterFixture.Replicas; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cluster.LoadBalancer, "/health"));
            request.Headers.ConnectionClose = true; // DCP balances per connection, as a Kubernetes Service does
            using var response = await cluster.Http.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}\n{cluster.Tail}");
            servedBy.Add(response.Headers.GetValues("x-gateway-replica").Single());
        }

        Assert.Equal(ClusterFixture.Replicas, servedBy.Count);
    }

    [Fact, Order(50)]
    public async Task Replica_StoppedGracefullyUnderLoad_NoClientRequestFails()
    {
        var run = await FaultUnderLoadAsync("TERM", exitWithin: TimeSpan.FromSeconds(40), after: TimeSpan.FromSeconds(4));

        var summary = run.Load.Summary($"graceful stop of {run.Replica} (SIGTERM at {run.SignalledAt.TotalSeconds:F1}s, exited at {run.ExitedAt.TotalSeconds:F1}s)");
        await Report(summary);
        Assert.True(run.Load.Outcomes.Count > 50, summary);
        Assert.True(run.Load.Outcomes.All(o => o.Error is null), summary + "\n" + cluster.Tail);
    }

    [Fact, Order(60)]
    public async Task Replica_KilledUnderLoad_RequestsOnNewConnectionsSucceedWithinASecond()
    {
        var run = await FaultUnderLoadAsync("KILL", exitWithin: TimeSpan.FromSeconds(10), after: TimeSpan.FromSeconds(5));

        // Only requests in flight on the killed replica may fail; a request that started a second after the kill must not.
        var later = run.Load.Outcomes.Where(o => o.Started > run.SignalledAt + TimeSpan.FromSeconds(1)).ToList();
        var summary = run.Load.Summary($"SIGKILL of {run.Replica} at {run.SignalledAt.TotalSeconds:F1}s") + "\n" + run.Load.Summary("  of which started 1 s after the kill", later);
        await Report(summary);
        Assert.True(later.Count > 20, summary);
        Assert.True(later.All(o => o.Error is null), summary + "\n" + cluster.Tail);
    }

    private sealed record FaultRun(LoadGenerator Load, string Replica, TimeSpan SignalledAt, TimeSpan ExitedAt);

    /// <summary>Client load through the shared endpoint; after 4 s the first gateway replica gets <paramref name="signal"/>,
    /// and the load goes on for <paramref name="after"/> once it has exited.</summary>
    private async Task<FaultRun> FaultUnderLoadAsync(string signal, TimeSpan exitWithin, TimeSpan after)
    {
        var ct = TestContext.Current.CancellationToken;
        await cluster.UnlimitedUpstreamQuotaAsync();
        var (name, pid) = cluster.Processes("gateway")[0];
        var load = new LoadGenerator(cluster.LoadBalancer, cluster.ApiKey, workers: 12);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = load.RunAsync(stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(4), ct);
        var signalled = load.Now;
        Signal(pid, signal);
        await WaitForExitAsync(pid, exitWithin);
        var exited = load.Now;
        await Task.Delay(after, ct);
        await stop.CancelAsync();
        await running;
        return new FaultRun(load, name, signalled, exited);
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static async Task WaitForExitAsync(int pid, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (ProcessTree.IsAlive(pid))
        {
            Assert.True(deadline.Elapsed < within, $"process {pid} still runs after {within.TotalSeconds} s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static async Task Report(string line)
    {
        TestContext.Current.SendDiagnosticMessage(line);
        await File.AppendAllTextAsync(Path.Combine(Directory.CreateDirectory(TestServers.Artifacts).FullName, "apphost-faults.txt"), line + "\n");
    }
}
