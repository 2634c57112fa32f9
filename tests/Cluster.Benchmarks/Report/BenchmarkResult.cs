using Antigravity.Cluster.Benchmarks.Cluster;
using Antigravity.Cluster.Benchmarks.Load;
using Antigravity.Cluster.Benchmarks.Processes;

namespace Antigravity.Cluster.Benchmarks.Report;

/// <summary>
/// One measured phase: its load, the CPU every process used from its start until the cluster was quiet again
/// (<paramref name="Drain"/> after the load stopped), and the part of it after the load stopped (<paramref name="Tail"/>).
/// </summary>
internal sealed record Phase(string Name, LoadResult Load, CpuUsage Cpu, CpuUsage Tail, TimeSpan Drain);

/// <summary>Everything the report shows.</summary>
internal sealed record BenchmarkResult(
    BenchmarkOptions Options,
    string ClusterCommand,
    MachineDescription Machine,
    CpuUsage IdleCpu,
    TimeSpan IdleWindow,
    IReadOnlyList<Phase> Phases,
    TimeSpan MaxDrain,
    MemorySnapshot IdleMemory,
    MemorySnapshot AfterMemory,
    ShutdownResult Shutdown);
