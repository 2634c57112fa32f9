using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Antigravity.Cluster.Benchmarks.Cluster;
using Antigravity.Cluster.Benchmarks.Load;
using Antigravity.Cluster.Benchmarks.Processes;
using Antigravity.Cluster.Benchmarks.Report;

namespace Antigravity.Cluster.Benchmarks;

/// <summary>Starts the cluster, measures it idle and under each kind of load, stops it, writes the report.</summary>
internal static class ClusterBenchmark
{
    /// <summary>After the banner: accounts signed in, first quota reads, JIT; then the idle rate is measured.</summary>
    private static readonly TimeSpan s_startupSettle = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan s_idleWindow = TimeSpan.FromSeconds(5);

    /// <summary>How long a phase's tail of work (usage records, telemetry) may take before its CPU is read anyway.</summary>
    private static readonly TimeSpan s_maxDrain = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        using var stop = new CancellationTokenSource();
        using var ctrlC = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
        var repo = RepoRoot();
        var port = FreePort().ToString(CultureInfo.InvariantCulture);
        var environment = MachineDescription.Read(repo);
        await using var cluster = new ClusterRun(repo, options.ClusterArguments(port));
        Console.WriteLine($"Starting the cluster: {cluster.Command} (it builds first)…");
        await cluster.StartAsync(TimeSpan.FromMinutes(10), stop.Token);
        using var simulator = SimulatorControl.Find(cluster.Processes());
        await simulator.ConfigureAsync(options, stop.Token);
        var gateway = new GatewayRequests(cluster.Gateway, cluster.ClientApiKey);
        var direct = await simulator.DirectRequestsAsync(stop.Token);
        Console.WriteLine($"Cluster ready: gateway {cluster.Gateway}, simulator {simulator.BaseUrl}, {cluster.Processes().Count} processes.");

        var loadGenerator = ClusterProcesses.LoadGenerator();
        List<ClusterProcess> Everything() => [.. cluster.Processes(), loadGenerator];
        await Task.Delay(s_startupSettle, stop.Token);
        var idleMemory = MemorySnapshot.Take(Everything());
        var idleBefore = CpuSnapshot.Take(Everything());
        await Task.Delay(s_idleWindow, stop.Token);
        var idleCpu = CpuSnapshot.Take(Everything()) - idleBefore;
        var idleRate = idleCpu.Of(p => p.Group != ProcessGroup.LoadGenerator).TotalMilliseconds / s_idleWindow.TotalSeconds;
        Task<TimeSpan> DrainAsync() => Quiet.WaitAsync(cluster.Processes, idleRate, s_maxDrain, stop.Token);

        (string Name, Func<HttpClient, Task<Outcome>> Send)[] kinds =
        [
            ("gateway, unary", gateway.UnaryAsync),
            ("gateway, streaming", gateway.StreamAsync),
            ("simulator direct", direct.StreamAsync),
        ];
        foreach (var (name, send) in kinds)
        {
            Console.WriteLine($"Warm-up: {name}, {options.Warmup.TotalSeconds:F0} s");
            await LoadGenerator.RunAsync(send, options.Connections, options.Warmup, stop.Token);
        }

        await DrainAsync();

        var phases = new List<Phase>();
        foreach (var (name, send) in kinds)
        {
            Console.WriteLine($"Measuring: {name}, {options.Duration.TotalSeconds:F0} s at {options.Connections} connections");
            var before = CpuSnapshot.Take(Everything());
            var load = await LoadGenerator.RunAsync(send, options.Connections, options.Duration, stop.Token);
            var loadEnd = CpuSnapshot.Take(Everything());
            var drain = await DrainAsync();
            var after = CpuSnapshot.Take(Everything());
            phases.Add(new Phase(name, load, after - before, after - loadEnd, drain));
            Console.WriteLine($"  {load.Requests} requests, {load.PerSecond:F0}/s, p99 {load.Percentile(99):F1} ms, {load.Errors.Count} errors; the cluster was busy {drain.TotalSeconds:F0} s after");
        }

        var afterMemory = MemorySnapshot.Take(Everything());
        Console.WriteLine("Stopping the cluster (SIGTERM)…");
        var shutdown = await cluster.StopAsync(TimeSpan.FromSeconds(60));

        var result = new BenchmarkResult(options, cluster.Command, environment, idleCpu, s_idleWindow, phases, s_maxDrain, idleMemory, afterMemory, shutdown);
        var markdown = MarkdownReport.Write(result);
        var path = Path.Combine(repo, "artifacts", "benchmarks", $"cluster-{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, markdown, CancellationToken.None);
        Console.WriteLine(markdown);
        Console.WriteLine($"Written to {path}");
        return shutdown.Leftovers.Count == 0 && phases.All(p => p.Load.Errors.Count == 0) ? 0 : 1;
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "run.sh")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("run.sh not found above " + AppContext.BaseDirectory);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
