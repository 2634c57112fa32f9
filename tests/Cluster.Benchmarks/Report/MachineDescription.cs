using System.Diagnostics;

namespace Antigravity.Cluster.Benchmarks.Report;

/// <summary>Where and on what the figures were taken: the machine's speed and other load drift, so the report says.</summary>
internal sealed record MachineDescription(string Commit, string Cpu, int Cores, string LoadAverage, DateTimeOffset Started)
{
    public static MachineDescription Read(string repo) => new(
        Git(repo, "rev-parse --short HEAD") + (Git(repo, "status --porcelain --untracked-files=no").Length > 0 ? " (with uncommitted changes)" : ""),
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?",
        Environment.ProcessorCount,
        string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)),
        TimeProvider.System.GetUtcNow());

    private static string Git(string repo, string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", $"-C \"{repo}\" {arguments}") { RedirectStandardOutput = true, UseShellExecute = false })!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
