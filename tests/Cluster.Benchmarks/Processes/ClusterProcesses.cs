namespace Antigravity.Cluster.Benchmarks.Processes;

/// <summary>A process of the run, named for the report.</summary>
internal sealed record ClusterProcess(ProcFs.Entry Entry, string Name, ProcessGroup Group)
{
    public int Pid => Entry.Pid;
}

/// <summary>
/// Every process of a cluster started by <c>./run.sh</c>: the descendants of run.sh's process, and DCP, which detaches
/// from the AppHost and watches it (<c>--monitor &lt;pid&gt;</c>), with its own descendants.
/// </summary>
internal static class ClusterProcesses
{
    public static List<ClusterProcess> Discover(int rootPid)
    {
        var all = ProcFs.All();
        var found = new Dictionary<int, ProcFs.Entry>();
        var frontier = new Queue<int>([rootPid]);
        foreach (var root in all.Where(p => p.Pid == rootPid))
        {
            found[root.Pid] = root;
        }

        while (frontier.TryDequeue(out var pid))
        {
            var monitor = $"--monitor {pid}";
            foreach (var next in all.Where(p => !found.ContainsKey(p.Pid) && (p.Parent == pid || p.Command.Contains(monitor, StringComparison.Ordinal))))
            {
                found[next.Pid] = next;
                frontier.Enqueue(next.Pid);
            }
        }

        return [.. found.Values.Select(ProcessNames.Name).OrderBy(p => p.Group).ThenBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Pid)];
    }

    /// <summary>This process: the load generator (HTTP clients only).</summary>
    public static ClusterProcess LoadGenerator() =>
        new(ProcFs.All().Single(p => p.Pid == Environment.ProcessId), "load generator (this benchmark)", ProcessGroup.LoadGenerator);
}
