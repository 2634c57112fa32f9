using System.Diagnostics;

namespace Antigravity.Cluster.Benchmarks.Processes;

/// <summary>CPU time of each process and of the whole machine at one moment.</summary>
internal sealed record CpuSnapshot(IReadOnlyDictionary<(int, long), (ClusterProcess Process, TimeSpan Cpu)> Processes, TimeSpan MachineBusy, TimeSpan MachineTotal, long Timestamp)
{
    public static CpuSnapshot Take(IEnumerable<ClusterProcess> processes)
    {
        var cpu = new Dictionary<(int, long), (ClusterProcess, TimeSpan)>();
        foreach (var process in processes)
        {
            if (ProcFs.CpuTime(process.Pid) is { } time)
            {
                cpu[(process.Pid, process.Entry.StartTime)] = (process, time);
            }
        }

        var (busy, total) = ProcFs.MachineCpu();
        return new CpuSnapshot(cpu, busy, total, Stopwatch.GetTimestamp());
    }

    /// <summary>
    /// CPU used between two snapshots: a process that started in between counts whole; one that exited in between is
    /// counted through its parent's reaped-children time.
    /// </summary>
    public static CpuUsage operator -(CpuSnapshot after, CpuSnapshot before) => new(
        after.Processes.ToDictionary(p => p.Key, p => (p.Value.Process, p.Value.Cpu - (before.Processes.TryGetValue(p.Key, out var b) ? b.Cpu : TimeSpan.Zero))),
        after.MachineBusy - before.MachineBusy,
        after.MachineTotal - before.MachineTotal,
        Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp));
}

/// <summary>
/// CPU used during a phase, per process and by the whole machine (all cores, other agents' work included), and the wall
/// time it took.
/// </summary>
internal sealed record CpuUsage(IReadOnlyDictionary<(int, long), (ClusterProcess Process, TimeSpan Cpu)> Processes, TimeSpan MachineBusy, TimeSpan MachineTotal, TimeSpan Wall)
{
    /// <summary>
    /// The CPU time the kernel accounted (<c>/proc/stat</c>, busy and idle) over wall time × cores. Below 100 % the
    /// virtual machine's host ran something else on our vCPUs; without steal-time accounting (steal is 0 here) the
    /// process that was on the vCPU is charged for that time, so per-process figures are inflated then.
    /// </summary>
    public double Accounted => MachineTotal / (Wall * Environment.ProcessorCount);

    public TimeSpan Of(Func<ClusterProcess, bool> filter) =>
        Processes.Values.Where(p => filter(p.Process)).Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Cpu);
}

/// <summary>Resident memory of each process (MB): <c>VmRSS</c> now and the peak so far (<c>VmHWM</c>).</summary>
internal sealed record MemorySnapshot(IReadOnlyDictionary<(int, long), (ClusterProcess Process, double Rss, double Peak)> Processes)
{
    public static MemorySnapshot Take(IEnumerable<ClusterProcess> processes)
    {
        var memory = new Dictionary<(int, long), (ClusterProcess, double, double)>();
        foreach (var process in processes)
        {
            if (ProcFs.Memory(process.Pid, "VmRSS") is { } rss)
            {
                memory[(process.Pid, process.Entry.StartTime)] = (process, rss, ProcFs.Memory(process.Pid, "VmHWM") ?? rss);
            }
        }

        return new MemorySnapshot(memory);
    }
}
