using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Antigravity.AppHost.Tests;

/// <summary>A rolling restart of the gateway (issue 15): each replica in turn is restarted through Aspire's restart
/// command (SIGTERM, then started again) and the next one only once it serves clients again, under client load through
/// the shared endpoint. No client request may fail and no stream may be cut.</summary>
public sealed partial class ClusterTests
{
    // Explicit until it is reliable: in one CI run Aspire's restart command answered "Failed to stop resource" for the first
    // replica under load and left the cluster broken for the tests after it (it passed in another CI run and in 3 by hand).
    // Run it with: ./test.sh --project tests/AppHost.Tests/AppHost.Tests.csproj -- --explicit on --filter-method "*RestartedOneAtATime*"
    [Fact(Explicit = true), Order(45)]
    public async Task Replicas_RestartedOneAtATimeUnderLoad_NoClientRequestFails()
    {
        var ct = TestContext.Current.CancellationToken;
        await cluster.UnlimitedUpstreamQuotaAsync();
        var replicas = cluster.Processes("gateway").Select(p => p.Name).ToList();
        Assert.Equal(ClusterFixture.Replicas, replicas.Count);
        var commands = cluster.App.Services.GetRequiredService<ResourceCommandService>();
        var load = new LoadGenerator(cluster.LoadBalancer, cluster.ApiKey, workers: 12);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = load.RunAsync(stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        var steps = new List<string>();
        foreach (var replica in replicas)
        {
            var at = load.Now;
            var restarted = await commands.ExecuteCommandAsync(replica, KnownResourceCommands.RestartCommand, ct);
            Assert.True(restarted.Success, $"restart of {replica}: {restarted.Message}");
            // Serving again: a client request started after the restart was answered by it (Aspire's health state of a
            // restarted replica is not reliable to wait for: it stayed unhealthy in the notifications while the replica served).
            var back = load.Now;
            var instance = replica["gateway-".Length..];
            var deadline = load.Now + TimeSpan.FromMinutes(2);
            while (!load.Outcomes.Any(o => o.Replica == instance && o.Started > back && o.Error is null))
            {
                Assert.True(load.Now < deadline, $"{replica} served no request within 2 minutes of its restart\n{cluster.Tail}");
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }

            steps.Add($"{replica} restarted at {at.TotalSeconds:F1}s, restart command done at {back.TotalSeconds:F1}s, serving at {load.Now.TotalSeconds:F1}s");
        }

        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        await stop.CancelAsync();
        await running;

        var summary = load.Summary("rolling restart of 3 replicas (" + string.Join("; ", steps) + ")");
        await Report(summary);
        Assert.True(load.Outcomes.Count > 50, summary);
        Assert.True(load.Outcomes.All(o => o.Error is null), summary + "\n" + cluster.Tail);
    }
}
