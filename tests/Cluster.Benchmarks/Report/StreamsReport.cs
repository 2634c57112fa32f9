using System.Text;
using Antigravity.Cluster.Benchmarks.Processes;

namespace Antigravity.Cluster.Benchmarks.Report;

/// <summary>The streams benchmark's report: streams and chunk gaps, replica memory, CPU per chunk of every process.</summary>
internal static class StreamsReport
{
    public static string Write(BenchmarkOptions o, string clusterCommand, MachineDescription machine, IReadOnlyList<StreamPhase> phases,
        MemorySnapshot idleMemory, MemorySnapshot afterMemory)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Streams benchmark, {machine.Started:yyyy-MM-dd HH:mm} UTC").AppendLine();
        md.AppendLine($"- command: `dotnet run -c Release --project tests/Cluster.Benchmarks -- {string.Join(' ', o.Arguments)}`");
        md.AppendLine($"- cluster: `{clusterCommand}`; commit {machine.Commit}");
        md.AppendLine($"- machine: {machine.Cores} cores, {machine.Cpu}; load average at start {machine.LoadAverage}");
        md.AppendLine($"- load: {o.Streams} concurrent `POST /v1/messages` SSE streams (each client starts its next stream when one ends; clients start spread over 1 s), {o.Duration.TotalSeconds:F0} s after a {o.Warmup.TotalSeconds:F0} s warm-up at up to 200 streams");
        md.AppendLine($"- upstream: the simulator, {o.UpstreamLatencyMs} ± {o.UpstreamJitterMs} ms before answering, then {o.StreamChunks} chunks {o.StreamIntervalMs} ms apart").AppendLine();

        md.AppendLine("## Streams and the gaps between chunks").AppendLine();
        md.AppendLine($"A gap is the time between two consecutive chunks of one stream as the client reads them; the upstream sends them {o.StreamIntervalMs} ms apart, so a gap beyond that is delay added on the way (the simulator's own timer slack shows in the direct row).").AppendLine();
        md.AppendLine("| phase | streams | errors | chunks/s | gap p50 ms | gap p99 ms | gap p99.9 ms | gap max ms | stream p50 ms | stream p99 ms |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in phases)
        {
            md.AppendLine($"| {p.Name} | {p.Streams} | {p.Errors.Count} | {p.ChunksPerSecond:F0} | {p.GapPercentile(50):F1} | {p.GapPercentile(99):F1} | {p.GapPercentile(99.9):F1} | {p.GapPercentile(100):F1} | {p.DurationPercentile(50):F0} | {p.DurationPercentile(99):F0} |");
        }

        if (phases.Count == 2)
        {
            md.AppendLine().AppendLine($"Added by the gateway at p99: {phases[0].GapPercentile(99) - phases[1].GapPercentile(99):F1} ms over the direct gaps ({phases[0].GapPercentile(99) - o.StreamIntervalMs:F1} ms over the upstream's interval).");
        }

        md.AppendLine().AppendLine("## Gateway replicas' memory, MB").AppendLine();
        md.AppendLine("| replica pid | idle RSS | largest RSS during the gateway phase | RSS after | peak (VmHWM) |").AppendLine("|---:|---:|---:|---:|---:|");
        foreach (var (pid, peak) in phases[0].PeakRss.OrderBy(x => x.Key))
        {
            var idle = idleMemory.Processes.Values.FirstOrDefault(m => m.Process.Pid == pid);
            var after = afterMemory.Processes.Values.FirstOrDefault(m => m.Process.Pid == pid);
            md.AppendLine($"| {pid} | {idle.Rss:F0} | {peak:F0} | {after.Rss:F0} | {after.Peak:F0} |");
        }

        md.AppendLine().AppendLine("## CPU per chunk delivered, µs (user + system, from /proc/<pid>/stat, until the cluster was quiet again)").AppendLine();
        md.AppendLine("| process | " + string.Join(" | ", phases.Select(p => p.Name)) + " |").AppendLine("|---|" + string.Concat(phases.Select(_ => "---:|")));
        foreach (var process in phases.SelectMany(p => p.Cpu.Processes.Values.Select(v => v.Process)).DistinctBy(p => (p.Pid, p.Entry.StartTime))
                     .Where(p => p.Group is ProcessGroup.Gateway or ProcessGroup.Simulator or ProcessGroup.LoadGenerator).OrderBy(p => p.Group).ThenBy(p => p.Pid))
        {
            var key = (process.Pid, process.Entry.StartTime);
            md.AppendLine($"| {process.Name} ({process.Pid}) | " + string.Join(" | ", phases.Select(p =>
                p.Cpu.Processes.TryGetValue(key, out var c) && p.Chunks > 0 ? $"{c.Cpu.TotalMilliseconds * 1000 / p.Chunks:F1}" : "–")) + " |");
        }

        foreach (var (name, filter) in MarkdownReport.GroupTotals)
        {
            md.AppendLine($"| {name} | " + string.Join(" | ", phases.Select(p => p.Chunks > 0 ? $"{p.Cpu.Of(filter).TotalMilliseconds * 1000 / p.Chunks:F1}" : "–")) + " |");
        }

        md.AppendLine($"| Machine busy, % of all cores | " + string.Join(" | ", phases.Select(p => $"{p.Cpu.MachineBusy / p.Cpu.MachineTotal * 100:F0} %")) + " |");

        var errors = phases.SelectMany(p => p.Errors.Select(e => (Phase: p.Name, e.Outcome.Error))).ToList();
        if (errors.Count > 0)
        {
            md.AppendLine().AppendLine("## Errors").AppendLine().AppendLine("| phase | count | first |").AppendLine("|---|---:|---|");
            foreach (var group in errors.GroupBy(e => (e.Phase, Kind: e.Error!.Split(':')[0])))
            {
                md.AppendLine($"| {group.Key.Phase} | {group.Count()} | {group.First().Error!.Replace('|', '/').ReplaceLineEndings(" ")} |");
            }
        }

        return md.ToString();
    }
}
