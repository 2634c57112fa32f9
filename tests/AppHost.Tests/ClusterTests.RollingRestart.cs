using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Antigravity.AppHost.Tests;

/// <summary>A rolling restart of the gateway (issue 15): each replica in turn is stopped through Aspire's stop command (DCP
/// takes it out of the shared endpoint and sends SIGTERM), started again once its process has exited, and the next one only
/// once it serves clients again, all under client load through the shared endpoint. No client request may fail and no
/// stream may be cut.</summary>
/// <remarks>Stop and start are two commands here (Aspire's restart command is the same two in a row, and gives up at the
/// first): DCP can answer a stop as failed while the process is still draining or already gone (its bounds are fixed:
/// SIGTERM, 6 s, SIGKILL; Aspire polls for about 15 s), so what the test checks is the process itself. Whatever happens,
/// every replica runs again when the test ends, for the tests after it.</remarks>
public sealed partial class ClusterTests
{
    private static readonly TimeSpan s_stepTimeout = TimeSpan.FromMinutes(2);

    [Fact, Order(45)]
    public async Task Replicas_RestartedOneAtATimeUnderLoad_NoClientRequestFails()
    {
        var ct = TestContext.Current.CancellationToken;
        await cluster.UnlimitedUpstreamQuotaAsync();
        var replicas = cluster.Processes("gateway");
        Assert.Equal(ClusterFixture.Replicas, replicas.Count);
        var load = new LoadGenerator(cluster.LoadBalancer, cluster.ApiKey, workers: 12);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = load.RunAsync(stop.Token);
        var steps = new List<string>();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            foreach (var (replica, pid) in replicas)
            {
                steps.Add(await RestartAsync(replica, pid, load, ct));
            }

            await Task.Delay(TimeSpan.FromSeconds(3), ct);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
            await cluster.StartStoppedReplicasAsync("gateway", s_stepTimeout);
        }

        var summary = load.Summary("rolling restart of 3 replicas (" + string.Join("; ", steps) + ")");
        await Report(summary);
        Assert.True(cluster.Processes("gateway").Count == ClusterFixture.Replicas, $"not every replica runs again\n{cluster.Tail}");
        Assert.True(load.Outcomes.Count > 50, summary);
        Assert.True(load.Outcomes.All(o => o.Error is null), summary + "\n" + cluster.Tail);
    }

    /// <summary>Stops the replica, starts it once its process has exited, and returns once a client request started after
    /// the start was answered by it; the figures are seconds since the load began.</summary>
    private async Task<string> RestartAsync(string replica, int pid, LoadGenerator load, CancellationToken ct)
    {
        var commands = cluster.App.Services.GetRequiredService<ResourceCommandService>();
        var exiting = Task.Run(async () =>
        {
            await WaitForExitAsync(pid, s_stepTimeout);
            return load.Now;
        }, ct);
        var stopAt = load.Now;
        var stopped = await commands.ExecuteCommandAsync(replica, KnownResourceCommands.StopCommand, ct);
        var stopDone = load.Now;
        var exited = await exiting;
        await cluster.WaitForStoppedAsync(replica, s_stepTimeout);

        var started = await commands.ExecuteCommandAsync(replica, KnownResourceCommands.StartCommand, ct);
        Assert.True(started.Success, $"start of {replica}: {started.Message}\n{cluster.Tail}");
        var startDone = load.Now;
        var instance = replica["gateway-".Length..];
        var deadline = load.Now + s_stepTimeout;
        while (!load.Outcomes.Any(o => o.Replica == instance && o.Started > startDone && o.Error is null))
        {
            Assert.True(load.Now < deadline, $"{replica} served no request within {s_stepTimeout.TotalMinutes} minutes of its start\n{cluster.Tail}");
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }

        return $"{replica}: stop at {stopAt.TotalSeconds:F1}s, "
            + (stopped.Success ? "stopped" : $"stop answered '{stopped.Message}'") + $" at {stopDone.TotalSeconds:F1}s, "
            + $"exited at {exited.TotalSeconds:F1}s, started at {startDone.TotalSeconds:F1}s, serving at {load.Now.TotalSeconds:F1}s";
    }
}
