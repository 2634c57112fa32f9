namespace Antigravity.Cluster.Benchmarks.Processes;

/// <summary>CPU time of each process and of the whole machine at one moment.</summary>
internal sealed record CpuSnapshot(IReadOnlyDictionary<(int, long), (ClusterProcess Process, TimeSpan Cpu)> Processes, IReadOnlyDictionary<(int, long), IReadOnlyDictionary<int, TimeSpan>> Jit, TimeSpan MachineBusy, TimeSpan MachineTotal)
{
    public static CpuSnapshot Take(IEnumerable<ClusterProcess> processes)
    {
        var cpu = new Dictionary<(int, long), (ClusterProcess, TimeSpan)>();
        var jit = new Dictionary<(int, long), IReadOnlyDictionary<int, TimeSpan>>();
        foreach (var process in processes)
        {
            if (ProcFs.CpuTime(process.Pid) is { } time)
            {
                cpu[(process.Pid, process.Entry.StartTime)] = (process, time);
                jit[(process.Pid, process.Entry.StartTime)] = ProcFs.JitThreads(process.Pid);
            }
        }

        var (busy, total) = ProcFs.MachineCpu();
        return new CpuSnapshot(cpu, jit, busy, total);
    }

    /// <summary>
    /// CPU used between two snapshots: a process that started in between counts whole; one that exited in between is
    /// counted through its parent's reaped-children time.
    /// </summary>
    public static CpuUsage operator -(CpuSnapshot after, CpuSnapshot before) => new(
        after.Processes.ToDictionary(p => p.Key, p => (p.Value.Process, p.Value.Cpu - (before.Processes.TryGetValue(p.Key, out var b) ? b.Cpu : TimeSpan.Zero))),
        after.Jit.ToDictionary(p => p.Key, p => ProcFs.JitBetween(before.Jit.GetValueOrDefault(p.Key) ?? new Dictionary<int, TimeSpan>(), p.Value)),
        after.MachineBusy - before.MachineBusy,
        after.MachineTotal - before.MachineTotal);
}

/// <summary>
/// CPU used during a phase, per process (measured exactly by the scheduler) and by the whole machine (all cores, other
/// agents' work included; sampled at each tick, see the report's note).
/// </summary>
internal sealed record CpuUsage(IReadOnlyDictionary<(int, long), (ClusterProcess Process, TimeSpan Cpu)> Processes, IReadOnlyDictionary<(int, long), TimeSpan> Jit, TimeSpan MachineBusy, TimeSpan MachineTotal)
{
    public TimeSpan Of(Func<ClusterProcess, bool> filter) =>
        Processes.Values.Where(p => filter(p.Process)).Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Cpu);

    /// <summary>The part of <see cref="Of"/> that the processes' background JIT threads used (<see cref="ProcFs.JitThreads"/>, a lower bound).</summary>
    public TimeSpan JitOf(Func<ClusterProcess, bool> filter) =>
        Processes.Where(p => filter(p.Value.Process)).Aggregate(TimeSpan.Zero, (sum, p) => sum + Jit.GetValueOrDefault(p.Key));
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
