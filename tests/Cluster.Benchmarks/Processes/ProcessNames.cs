using System.Text.RegularExpressions;

namespace Antigravity.Cluster.Benchmarks.Processes;

/// <summary>Where a process's CPU is counted in the report's totals (the order of the report's rows).</summary>
internal enum ProcessGroup
{
    Gateway,
    Service,
    Infrastructure,
    Orchestration,
    Simulator,
    LoadGenerator,
}

/// <summary>Names a process of the cluster from its command line.</summary>
internal static partial class ProcessNames
{
    public static ClusterProcess Name(ProcFs.Entry entry)
    {
        var argv = entry.Argv;
        // Redis rewrites its argv[0] into a title ("redis-server 127.0.0.1:6379"): the first word is the program.
        var exe = argv.Count > 0 ? Path.GetFileName(argv[0].Split(' ')[0]) : "?";
        var (name, group) = exe switch
        {
            "dotnet" when argv.Count > 1 && argv[1] == "run" => ($"dotnet run ({ProjectOf(argv)})", ProcessGroup.Orchestration),
            "redis-server" => ("Redis", ProcessGroup.Infrastructure),
            "beam.smp" => ("RabbitMQ (beam.smp)", ProcessGroup.Infrastructure),
            "epmd" or "erl_child_setup" or "inet_gethost" => ($"RabbitMQ ({exe})", ProcessGroup.Infrastructure),
            "sh" when entry.Command.Contains("rabbit", StringComparison.Ordinal) => ($"RabbitMQ (sh {Path.GetFileName(argv[^1])})", ProcessGroup.Infrastructure),
            "dcp" or "dcpctrl" or "dcpproc" => ($"DCP {string.Join(' ', argv.Skip(1).TakeWhile(a => !a.StartsWith('-')))}".TrimEnd(), ProcessGroup.Orchestration),
            _ when entry.Command.Contains("Aspire.Dashboard", StringComparison.Ordinal) => ("Aspire dashboard", ProcessGroup.Orchestration),
            _ when Service().Match(exe == "dotnet" && argv.Count > 1 ? argv[1] : exe) is { Success: true } service => Service(service.Groups[1].Value),
            _ => ($"{exe} {string.Join(' ', argv.Skip(1).Take(2))}".Trim(), ProcessGroup.Orchestration),
        };
        return new ClusterProcess(entry, name, group);
    }

    private static (string, ProcessGroup) Service(string name) => name switch
    {
        "Gateway" => ("Gateway replica", ProcessGroup.Gateway),
        "CloudCodeSimulator" => ("Cloud Code simulator", ProcessGroup.Simulator),
        "AppHost" => ("AppHost", ProcessGroup.Orchestration),
        _ => (name, ProcessGroup.Service),
    };

    private static string ProjectOf(IReadOnlyList<string> argv)
    {
        var i = argv.ToList().FindIndex(a => a is "--project" or "-p");
        return i >= 0 && i + 1 < argv.Count ? Path.GetFileNameWithoutExtension(argv[i + 1].TrimEnd('/')) : "?";
    }

    [GeneratedRegex(@"Antigravity\.(\w+)(\.dll)?$")]
    private static partial Regex Service();
}
