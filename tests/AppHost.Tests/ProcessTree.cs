using System.Globalization;

namespace Antigravity.AppHost.Tests;

/// <summary>The machine's processes from /proc: parents, groups and sessions.</summary>
internal static class ProcessTree
{
    public sealed record Entry(int Pid, int Parent, string Command);

    public static IEnumerable<Entry> All()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string stat;
            string command;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
                command = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
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

            yield return new Entry(pid, int.Parse(fields[1], CultureInfo.InvariantCulture), command);
        }
    }

    /// <summary>Every descendant of a process.</summary>
    public static List<Entry> Descendants(int pid)
    {
        var all = All().ToList();
        var result = new List<Entry>();
        var frontier = new Queue<int>([pid]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var child in all.Where(p => p.Parent == parent))
            {
                result.Add(child);
                frontier.Enqueue(child.Pid);
            }
        }

        return result;
    }

    /// <summary>The service behind DCP's <c>dotnet run</c> process: its child running the built app (or itself).</summary>
    public static int? ServiceProcess(int pid) =>
        Descendants(pid).FirstOrDefault(p => p.Command.Contains("Antigravity.", StringComparison.Ordinal))?.Pid ?? pid;

    public static bool IsAlive(int pid) => All().Any(p => p.Pid == pid);
}
