using System.Globalization;

namespace Antigravity.Cluster.Benchmarks.Processes;

/// <summary>What <c>/proc</c> says about processes: parent, command line, CPU time, memory.</summary>
internal static class ProcFs
{
    /// <summary>Kernel clock ticks per second (<c>getconf CLK_TCK</c>): 100 on every Linux this runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>A live process: pid and start time together name it (a pid can be reused).</summary>
    public sealed record Entry(int Pid, long StartTime, int Parent, IReadOnlyList<string> Argv)
    {
        public string Command => string.Join(' ', Argv);
    }

    public static List<Entry> All()
    {
        var result = new List<Entry>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { } stat && stat[0] != "Z"
                && Read(Path.Combine(dir, "cmdline")) is { } cmdline)
            {
                result.Add(new Entry(pid, Long(stat[19]), int.Parse(stat[1], CultureInfo.InvariantCulture), cmdline.Split('\0', StringSplitOptions.RemoveEmptyEntries)));
            }
        }

        return result;
    }

    /// <summary>
    /// User plus system CPU of the process, plus that of its children that exited and were reaped (so a short-lived
    /// helper counts towards its parent); null when the process is gone.
    /// </summary>
    public static TimeSpan? CpuTime(int pid) =>
        Stat(pid) is { } stat ? TimeSpan.FromSeconds((Long(stat[11]) + Long(stat[12]) + Long(stat[13]) + Long(stat[14])) / TicksPerSecond) : null;

    /// <summary>
    /// CPU of the process's .NET background JIT threads (".NET Tiered Compilation", 15 characters in <c>comm</c>), by
    /// thread id: the runtime recompiles hot methods with full optimisation some time after they first ran, start-up work
    /// that goes on for a minute or more under load, reported apart so that a phase's figure can be read with and without
    /// it. The thread exits when it has nothing to do and a new one starts later, so the times are kept per thread.
    /// </summary>
    public static IReadOnlyDictionary<int, TimeSpan> JitThreads(int pid)
    {
        var result = new Dictionary<int, TimeSpan>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                if (Read(Path.Combine(task, "comm"))?.TrimEnd('\n') == ".NET Tiered Com" && Read(Path.Combine(task, "stat")) is { } stat
                    && int.TryParse(Path.GetFileName(task), CultureInfo.InvariantCulture, out var tid))
                {
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    result[tid] = TimeSpan.FromSeconds((Long(fields[11]) + Long(fields[12])) / TicksPerSecond);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // exited meanwhile
        }

        return result;
    }

    /// <summary>JIT CPU between two <see cref="JitThreads"/> readings: the threads alive at the end, from their time at the
    /// start (or zero when they started since). A thread that exited in between is left out: a lower bound.</summary>
    public static TimeSpan JitBetween(IReadOnlyDictionary<int, TimeSpan> before, IReadOnlyDictionary<int, TimeSpan> after) =>
        after.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Value - (before.TryGetValue(t.Key, out var b) && b <= t.Value ? b : TimeSpan.Zero));

    /// <summary>Busy and total CPU time of the whole machine, all cores (first line of <c>/proc/stat</c>).</summary>
    public static (TimeSpan Busy, TimeSpan Total) MachineCpu()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..].Select(Long).ToArray();
        var total = fields.Take(8).Sum(); // user nice system idle iowait irq softirq steal (guest time is inside user)
        var idle = fields[3] + fields[4];
        return (TimeSpan.FromSeconds((total - idle) / TicksPerSecond), TimeSpan.FromSeconds(total / TicksPerSecond));
    }

    /// <summary>A <c>/proc/pid/status</c> size in MB (<c>VmRSS</c> now, <c>VmHWM</c> the peak); null when gone.</summary>
    public static double? Memory(int pid, string field)
    {
        var status = Read($"/proc/{pid}/status");
        var line = status?.Split('\n').FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? null : Long(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }

    public static bool IsAlive(Entry entry) => Stat(entry.Pid) is { } stat && stat[0] != "Z" && Long(stat[19]) == entry.StartTime;

    /// <summary>The fields after the command name, from the state on (field 3 of proc(5) is index 0).</summary>
    private static string[]? Stat(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        return stat is null ? null : stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // exited meanwhile, or not ours
        }
    }

    private static long Long(string value) => long.Parse(value, CultureInfo.InvariantCulture);
}
