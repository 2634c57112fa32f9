using System.Text;
using Antigravity.Cluster.Benchmarks.Processes;

namespace Antigravity.Cluster.Benchmarks.Report;

/// <summary>The report: settings, throughput and latency, CPU per request of every process, memory, shutdown.</summary>
internal static class MarkdownReport
{
    /// <summary>The process groups both reports total.</summary>
    internal static readonly (string Name, Func<ClusterProcess, bool> Filter)[] GroupTotals =
    [
        ("Gateway replicas together", p => p.Group == ProcessGroup.Gateway),
        ("AccountService, QuotaWorker, WebUi", p => p.Group == ProcessGroup.Service),
        ("Redis and RabbitMQ", p => p.Group == ProcessGroup.Infrastructure),
        ("AppHost, DCP (balancer), dashboard, `dotnet run` wrappers", p => p.Group == ProcessGroup.Orchestration),
        ("**The cluster without the simulator**", p => p.Group < ProcessGroup.Simulator),
        ("Cloud Code simulator", p => p.Group == ProcessGroup.Simulator),
        ("Load generator", p => p.Group == ProcessGroup.LoadGenerator),
    ];

    private static readonly (string Name, Func<ClusterProcess, bool> Filter)[] s_totals = [.. GroupTotals, ("All of the above", _ => true)];

    /// <summary>Background JIT (tiered recompilation), included in the rows above: start-up work, not per-request work.</summary>
    private static readonly (string Name, Func<ClusterProcess, bool> Filter)[] s_jitRows =
    [
        ("of which the gateways' .NET background JIT", p => p.Group == ProcessGroup.Gateway),
        ("of which the cluster's .NET background JIT", p => p.Group < ProcessGroup.Simulator),
    ];

    public static string Write(BenchmarkResult r)
    {
        var md = new StringBuilder();
        var o = r.Options;
        md.AppendLine($"# Cluster benchmark, {r.Machine.Started:yyyy-MM-dd HH:mm} UTC").AppendLine();
        var arguments = o.Arguments.Count > 0 ? " -- " + string.Join(' ', o.Arguments) : "";
        md.AppendLine($"- command: `dotnet run -c Release --project tests/Cluster.Benchmarks{arguments}`");
        md.AppendLine($"- cluster: `{r.ClusterCommand}` (run.sh builds the cluster in its default configuration); commit {r.Machine.Commit}");
        md.AppendLine($"- machine: {r.Machine.Cores} cores, {r.Machine.Cpu}; load average at start {r.Machine.LoadAverage} (other work on the machine shows in the last CPU rows)");
        md.AppendLine($"- load: {o.Connections} connections, `POST /v1/messages` (claude-sonnet-4-6, a 20-word answer), {o.Duration.TotalSeconds:F0} s per phase after {o.Warmup.TotalSeconds:F0} s of warm-up per kind");
        md.AppendLine($"- upstream: the simulator, quota depletion off, {o.UpstreamLatencyMs} ± {o.UpstreamJitterMs} ms before answering, {o.ChunkIntervalMs} ms between its 5 stream chunks; the gateway calls `streamGenerateContent` for unary and streaming requests alike, so \"simulator direct\" sends that call").AppendLine();

        md.AppendLine("## Throughput and latency").AppendLine();
        md.AppendLine("| phase | requests | req/s | p50 ms | p90 ms | p99 ms | errors | requests by replica |").AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var p in r.Phases)
        {
            var replicas = string.Join(", ", p.Load.ByReplica().Select(x => $"{x.Replica} {x.Requests}"));
            md.AppendLine($"| {p.Name} | {p.Load.Requests} | {p.Load.PerSecond:F0} | {p.Load.Percentile(50):F1} | {p.Load.Percentile(90):F1} | {p.Load.Percentile(99):F1} | {p.Load.Errors.Count} | {replicas} |");
        }

        md.AppendLine();
        if (r.Phases.FirstOrDefault(p => p.Name.StartsWith("simulator", StringComparison.Ordinal)) is { Load.PerSecond: > 0 } direct)
        {
            md.AppendLine("Through the gateway: " + string.Join(", ", r.Phases.Where(p => p != direct).Select(p => $"{p.Name} {p.Load.PerSecond / direct.Load.PerSecond:P0}")) + " of the direct throughput.").AppendLine();
        }

        CpuTable(md, r);
        Tail(md, r);
        MemoryTable(md, r);
        Errors(md, r);
        Commands(md, r);
        md.AppendLine("## Shutdown").AppendLine();
        md.AppendLine(r.Shutdown.Leftovers.Count == 0
            ? $"SIGTERM to run.sh's process: all {r.Shutdown.Processes} processes of the run were gone after {r.Shutdown.Elapsed.TotalSeconds:F1} s."
            : $"SIGTERM to run.sh's process: after {r.Shutdown.Elapsed.TotalSeconds:F0} s these were still running and were killed: "
                + string.Join(", ", r.Shutdown.Leftovers.Select(p => $"{p.Name} ({p.Pid})")) + ".");
        return md.ToString();
    }

    private static void CpuTable(StringBuilder md, BenchmarkResult r)
    {
        md.AppendLine("## CPU per request, ms (user + system, from /proc/<pid>/stat)").AppendLine();
        md.AppendLine($"Idle: CPU ms per second over {r.IdleWindow.TotalSeconds:F0} s before any load. Each phase: the process's CPU during the phase divided by the phase's requests.").AppendLine();
        md.AppendLine("| process | pid | idle (ms/s) | " + string.Join(" | ", r.Phases.Select(p => p.Name)) + " |");
        md.AppendLine("|---|---:|---:|" + string.Concat(r.Phases.Select(_ => "---:|")));
        var usages = r.Phases.Select(p => p.Cpu).Prepend(r.IdleCpu).ToList();
        foreach (var process in Rows(usages.SelectMany(u => u.Processes.Values.Select(p => p.Process))))
        {
            var key = (process.Pid, process.Entry.StartTime);
            var idle = r.IdleCpu.Processes.TryGetValue(key, out var i) ? $"{i.Cpu.TotalMilliseconds / r.IdleWindow.TotalSeconds:F1}" : "–";
            var perPhase = r.Phases.Select(p => p.Cpu.Processes.TryGetValue(key, out var c) ? $"{c.Cpu.TotalMilliseconds / p.Load.Requests:F3}" : "–");
            md.AppendLine($"| {process.Name} | {process.Pid} | {idle} | {string.Join(" | ", perPhase)} |");
        }

        foreach (var (name, filter) in s_totals)
        {
            var perPhase = r.Phases.Select(p => $"{p.Cpu.Of(filter).TotalMilliseconds / p.Load.Requests:F3}");
            md.AppendLine($"| {name} | | {r.IdleCpu.Of(filter).TotalMilliseconds / r.IdleWindow.TotalSeconds:F1} | {string.Join(" | ", perPhase)} |");
        }

        foreach (var (name, filter) in s_jitRows)
        {
            md.AppendLine($"| {name} | | {r.IdleCpu.JitOf(filter).TotalMilliseconds / r.IdleWindow.TotalSeconds:F1} | "
                + string.Join(" | ", r.Phases.Select(p => $"{p.Cpu.JitOf(filter).TotalMilliseconds / p.Load.Requests:F3}")) + " |");
        }

        var gateways = GroupTotals[0].Filter;
        md.AppendLine($"| Gateway replicas together, without their background JIT | | {(r.IdleCpu.Of(gateways) - r.IdleCpu.JitOf(gateways)).TotalMilliseconds / r.IdleWindow.TotalSeconds:F1} | "
            + string.Join(" | ", r.Phases.Select(p => $"{(p.Cpu.Of(gateways) - p.Cpu.JitOf(gateways)).TotalMilliseconds / p.Load.Requests:F3}")) + " |");
        md.AppendLine($"| Whole machine (other work included) | | {r.IdleCpu.MachineBusy.TotalMilliseconds / r.IdleWindow.TotalSeconds:F1} | "
            + string.Join(" | ", r.Phases.Select(p => $"{p.Cpu.MachineBusy.TotalMilliseconds / p.Load.Requests:F3}")) + " |");
        md.AppendLine($"| Machine busy, % of all cores | | {Busy(r.IdleCpu):F0} % | " + string.Join(" | ", r.Phases.Select(p => $"{Busy(p.Cpu):F0} %")) + " |");
        md.AppendLine().AppendLine("The machine rows come from /proc/stat, which samples busy time at each clock tick: with bursty, partly idle load (the direct phase) it reads lower than the processes' own times, which the scheduler measures exactly. They are there to show other work on the machine: a phase whose machine row is well above \"All of the above\" shared the cores with something else. The background JIT rows are the .NET runtime recompiling hot methods with full optimisation (tiered compilation): start-up work that goes on for a minute or more under load and then stops, so a longer `--warmup` leaves less of it in the phases; they are a lower bound (the runtime ends its JIT thread when idle and starts another, and the time of one that ended during a phase is not seen).").AppendLine();
    }

    private static void Tail(StringBuilder md, BenchmarkResult r)
    {
        md.AppendLine("## After the load stopped").AppendLine();
        md.AppendLine("How long the cluster kept working once the last response was read (usage records through RabbitMQ to QuotaWorker, telemetry to the dashboard) until its CPU was back to the idle rate (+100 ms/s), and the processes that did most of that work, in ms per request of the phase (counted in the table above).").AppendLine();
        md.AppendLine("| phase | busy after, s | largest shares of that work, ms per request |").AppendLine("|---|---:|---|");
        foreach (var p in r.Phases)
        {
            var largest = p.Tail.Processes.Values.Where(x => x.Process.Group != ProcessGroup.LoadGenerator).OrderByDescending(x => x.Cpu).Take(5)
                .Select(x => $"{x.Process.Name} {x.Cpu.TotalMilliseconds / p.Load.Requests:F3}");
            md.AppendLine($"| {p.Name} | {(p.Drain >= r.MaxDrain ? "≥ " : "")}{p.Drain.TotalSeconds:F0} | {string.Join(", ", largest)} |");
        }

        md.AppendLine();
    }

    private static void MemoryTable(StringBuilder md, BenchmarkResult r)
    {
        md.AppendLine("## Memory: RSS, MB").AppendLine();
        md.AppendLine("| process | pid | idle | after load | peak |").AppendLine("|---|---:|---:|---:|---:|");
        foreach (var process in Rows(r.IdleMemory.Processes.Values.Concat(r.AfterMemory.Processes.Values).Select(m => m.Process)))
        {
            var key = (process.Pid, process.Entry.StartTime);
            var idle = r.IdleMemory.Processes.TryGetValue(key, out var i) ? $"{i.Rss:F0}" : "–";
            var (after, peak) = r.AfterMemory.Processes.TryGetValue(key, out var a) ? ($"{a.Rss:F0}", $"{a.Peak:F0}") : ("–", "–");
            md.AppendLine($"| {process.Name} | {process.Pid} | {idle} | {after} | {peak} |");
        }

        foreach (var (name, filter) in s_totals)
        {
            md.AppendLine($"| {name} | | {Sum(r.IdleMemory, filter, m => m.Rss):F0} | {Sum(r.AfterMemory, filter, m => m.Rss):F0} | |");
        }

        md.AppendLine();
    }

    private static void Errors(StringBuilder md, BenchmarkResult r)
    {
        var errors = r.Phases.SelectMany(p => p.Load.Errors.Select(e => (Phase: p.Name, e.Error))).ToList();
        if (errors.Count == 0)
        {
            return;
        }

        md.AppendLine("## Errors").AppendLine().AppendLine("| phase | count | first |").AppendLine("|---|---:|---|");
        foreach (var group in errors.GroupBy(e => (e.Phase, Kind: e.Error!.Split(':')[0])))
        {
            md.AppendLine($"| {group.Key.Phase} | {group.Count()} | {group.First().Error!.Replace('|', '/').ReplaceLineEndings(" ")} |");
        }

        md.AppendLine();
    }

    private static void Commands(StringBuilder md, BenchmarkResult r)
    {
        md.AppendLine("## The processes").AppendLine().AppendLine("| pid | parent | process | command line |").AppendLine("|---:|---:|---|---|");
        foreach (var p in Rows(r.IdleMemory.Processes.Values.Select(m => m.Process).Concat(r.AfterMemory.Processes.Values.Select(m => m.Process))))
        {
            var command = p.Entry.Command.Replace(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "~", StringComparison.Ordinal);
            md.AppendLine($"| {p.Pid} | {p.Entry.Parent} | {p.Name} | `{command[..Math.Min(180, command.Length)].Replace('|', '/')}` |");
        }

        md.AppendLine();
    }

    /// <summary>Each process once, in the report's order.</summary>
    private static List<ClusterProcess> Rows(IEnumerable<ClusterProcess> processes) =>
        [.. processes.DistinctBy(p => (p.Pid, p.Entry.StartTime)).OrderBy(p => p.Group).ThenBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Pid)];

    private static double Busy(CpuUsage usage) => usage.MachineBusy / usage.MachineTotal * 100;

    private static double Sum(MemorySnapshot memory, Func<ClusterProcess, bool> filter, Func<(ClusterProcess Process, double Rss, double Peak), double> value) =>
        memory.Processes.Values.Where(m => filter(m.Process)).Sum(value);
}
