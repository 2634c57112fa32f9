using System.Diagnostics;
using System.Globalization;
using Antigravity.AppHost.Running;

namespace Antigravity.AppHost.Tests;

/// <summary>The cluster as a newcomer runs it (<c>--simulate</c>), through the gateway's load-balancing port. The tests share
/// one cluster and run in order: requests first (ClusterTests.Requests.cs), then a replica is killed, then Ctrl+C.</summary>
[TestCaseOrderer(typeof(OrderAttributeOrderer))]
public sealed partial class ClusterTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Fact, Order(1)]
    public async Task LoadBalancer_Requests_ReachBothReplicas()
    {
        var replicas = cluster.StartedPids.Keys.Where(k => k.StartsWith("gateway-", StringComparison.Ordinal)).Order().ToList();
        Assert.True(replicas.Count == 2, cluster.Tail);

        var servedBy = new HashSet<string>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await cluster.Http.GetAsync(new Uri(cluster.LoadBalancer, "/health"), TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}\n{cluster.Tail}");
            servedBy.Add(response.Headers.GetValues(ReplicaLoadBalancer.ReplicaHeader).Single());
        }

        Assert.Equal(replicas, servedBy.Order());
    }

    [Fact, Order(90)]
    public async Task LoadBalancer_OneReplicaKilled_FollowingRequestsSucceed()
    {
        var victim = cluster.StartedPids.First(kv => kv.Key.StartsWith("gateway-", StringComparison.Ordinal));
        using (var process = Process.GetProcessById(victim.Value))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        for (var i = 0; i < 6; i++)
        {
            using var response = await cluster.Http.GetAsync(new Uri(cluster.LoadBalancer, "/health"), TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, $"request {i}: {(int)response.StatusCode}\n{cluster.Tail}");
            Assert.NotEqual(victim.Key, response.Headers.GetValues(ReplicaLoadBalancer.ReplicaHeader).Single());
        }

        await Until(() => cluster.Output.Contains($"{victim.Key} (pid {victim.Value}) exited", StringComparison.Ordinal));
    }

    [Fact, Order(100)]
    public async Task AppHost_CtrlC_LeavesNoProcessBehind()
    {
        var pids = cluster.StartedPids.Values.ToHashSet();
        Assert.Contains(cluster.StartedPids.Keys, k => k == "messaging-epmd");

        using (Process.Start("kill", ["-INT", cluster.AppHost.Id.ToString(CultureInfo.InvariantCulture)]))
        {
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        await cluster.AppHost.WaitForExitAsync(timeout.Token);

        Assert.Contains("All resources stopped.", cluster.Output, StringComparison.Ordinal);
        var left = LiveProcesses().Where(p => pids.Contains(p.Pid) || pids.Contains(p.Group) || pids.Contains(p.Session)).ToList();
        Assert.True(left.Count == 0, "left behind: " + string.Join(", ", left.Select(p => $"{p.Pid} {p.Command}")));
    }

    /// <summary>Every process on the machine with its process group and session, from /proc/&lt;pid&gt;/stat.</summary>
    private static IEnumerable<(int Pid, int Group, int Session, string Command)> LiveProcesses()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            if (fields[0] == "Z")
            {
                continue; // a zombie is already dead
            }

            yield return (pid, int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture), stat[..(close + 1)]);
        }
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "condition not met within 30 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
