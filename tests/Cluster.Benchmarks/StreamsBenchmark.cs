using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Antigravity.Cluster.Benchmarks.Cluster;
using Antigravity.Cluster.Benchmarks.Load;
using Antigravity.Cluster.Benchmarks.Processes;
using Antigravity.Cluster.Benchmarks.Report;

namespace Antigravity.Cluster.Benchmarks;

/// <summary>
/// Streams at scale (issue 14 item 5): N concurrent SSE streams of a long answer (upstream chunks a fixed interval apart)
/// through the shared endpoint, then the same streams straight to the simulator. What a replica holds (RSS), how much
/// later each chunk reaches the client than the upstream sent it (the gaps between chunks beyond the interval), and the
/// CPU each chunk costs every process.
/// </summary>
internal static class StreamsBenchmark
{
    private const int WordsPerChunk = 4; // the simulator's chunking (tests/CloudCodeSimulator/Generation/Reply.cs)

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        using var stop = new CancellationTokenSource();
        using var ctrlC = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
        var repo = ClusterBenchmark.RepoRoot();
        var port = ClusterBenchmark.FreePort().ToString(CultureInfo.InvariantCulture);
        var machine = MachineDescription.Read(repo);
        await using var cluster = new ClusterRun(repo, options.ClusterArguments(port));
        Console.WriteLine($"Starting the cluster: {cluster.Command} (it builds first)…");
        await cluster.StartAsync(TimeSpan.FromMinutes(10), stop.Token);
        using var simulator = SimulatorControl.Find(cluster.Processes());
        await simulator.ConfigureAsync(options with { ChunkIntervalMs = options.StreamIntervalMs }, stop.Token);
        var words = options.StreamChunks * WordsPerChunk;
        var direct = await simulator.DirectRequestsAsync(stop.Token);
        (string Name, StreamProbe Probe)[] kinds =
        [
            ("gateway", StreamProbe.Gateway(cluster.Gateway, cluster.ClientApiKey, words)),
            ("simulator direct", StreamProbe.Direct(simulator.BaseUrl, direct.AccessToken, direct.Project, words)),
        ];

        var loadGenerator = ClusterProcesses.LoadGenerator();
        List<ClusterProcess> Everything() => [.. cluster.Processes(), loadGenerator];
        await Task.Delay(TimeSpan.FromSeconds(10), stop.Token);
        var idleMemory = MemorySnapshot.Take(Everything());
        var idleBefore = CpuSnapshot.Take(Everything());
        await Task.Delay(TimeSpan.FromSeconds(5), stop.Token);
        var idleRate = (CpuSnapshot.Take(Everything()) - idleBefore).Of(p => p.Group != ProcessGroup.LoadGenerator).TotalMilliseconds / 5;

        var phases = new List<StreamPhase>();
        foreach (var (name, probe) in kinds)
        {
            Console.WriteLine($"Warm-up: {name}, {options.Warmup.TotalSeconds:F0} s");
            await RunStreamsAsync(probe, Math.Min(options.Streams, 200), options.Warmup, null, stop.Token);
            await Quiet.WaitAsync(cluster.Processes, idleRate, TimeSpan.FromSeconds(60), stop.Token);

            Console.WriteLine($"Measuring: {name}, {options.Streams} concurrent streams for {options.Duration.TotalSeconds:F0} s");
            var before = CpuSnapshot.Take(Everything());
            var rss = new ConcurrentDictionary<int, double>();
            var outcomes = await RunStreamsAsync(probe, options.Streams, options.Duration, () =>
            {
                foreach (var replica in cluster.Processes().Where(p => p.Group == ProcessGroup.Gateway && p.Name == "Gateway replica"))
                {
                    if (ProcFs.Memory(replica.Pid, "VmRSS") is { } mb)
                    {
                        rss.AddOrUpdate(replica.Pid, mb, (_, old) => Math.Max(old, mb));
                    }
                }
            }, stop.Token);
            await Quiet.WaitAsync(cluster.Processes, idleRate, TimeSpan.FromSeconds(60), stop.Token);
            var cpu = CpuSnapshot.Take(Everything()) - before;
            var phase = new StreamPhase(name, outcomes, cpu, new Dictionary<int, double>(rss));
            phases.Add(phase);
            Console.WriteLine($"  {phase.Streams} streams, {phase.Errors.Count} errors, {phase.Chunks} chunks ({phase.ChunksPerSecond:F0}/s), gap p99 {phase.GapPercentile(99):F1} ms");
        }

        var afterMemory = MemorySnapshot.Take(Everything());
        Console.WriteLine("Stopping the cluster (SIGTERM)…");
        var shutdown = await cluster.StopAsync(TimeSpan.FromSeconds(60));
        var markdown = StreamsReport.Write(options, cluster.Command, machine, phases, idleMemory, afterMemory);
        var path = Path.Combine(repo, "artifacts", "benchmarks", $"streams-{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, markdown, CancellationToken.None);
        Console.WriteLine(markdown);
        Console.WriteLine($"Written to {path}");
        return shutdown.Leftovers.Count == 0 && phases.All(p => p.Errors.Count == 0) ? 0 : 1;
    }

    /// <summary>
    /// <paramref name="streams"/> clients, each on its own connection, each starting its next stream when one ends, until
    /// <paramref name="duration"/> passed; the clients start spread over the first second (not one burst of connects).
    /// <paramref name="sample"/> runs every 500 ms meanwhile.
    /// </summary>
    private static async Task<StreamLoad> RunStreamsAsync(StreamProbe probe, int streams, TimeSpan duration, Action? sample, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = streams, UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(120) };
        var clock = Stopwatch.StartNew();
        using var sampling = new CancellationTokenSource();
        var sampler = sample is null ? Task.CompletedTask : Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                sample();
                await Task.Delay(500, CancellationToken.None);
            }
        }, CancellationToken.None);
        var perClient = await Task.WhenAll(Enumerable.Range(0, streams).Select(i => Task.Run(async () =>
        {
            var outcomes = new List<StreamOutcome>();
            await Task.Delay(TimeSpan.FromMilliseconds(1000.0 * i / streams), cancellationToken);
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                outcomes.Add(await probe.RunAsync(http, cancellationToken));
            }

            return outcomes;
        }, CancellationToken.None)));
        var elapsed = clock.Elapsed;
        await sampling.CancelAsync();
        await sampler;
        return new StreamLoad([.. perClient.SelectMany(o => o)], elapsed);
    }
}

/// <summary>Every stream of a phase, and how long the phase took until the last one ended.</summary>
internal sealed record StreamLoad(IReadOnlyList<StreamOutcome> Outcomes, TimeSpan Elapsed);

/// <summary>One measured phase: the streams, the CPU every process used (until the cluster was quiet again) and the
/// largest RSS each gateway replica had while the streams ran.</summary>
internal sealed record StreamPhase(string Name, StreamLoad Load, CpuUsage Cpu, IReadOnlyDictionary<int, double> PeakRss)
{
    private readonly Lazy<float[]> _gaps = new(() => [.. Load.Outcomes.SelectMany(o => o.Gaps).Order()]);

    public int Streams => Load.Outcomes.Count;

    public IReadOnlyList<StreamOutcome> Errors => [.. Load.Outcomes.Where(o => o.Outcome.Error is not null)];

    public long Chunks => Load.Outcomes.Sum(o => (long)o.Chunks);

    public double ChunksPerSecond => Chunks / Load.Elapsed.TotalSeconds;

    /// <summary>The gap between consecutive chunks of a stream under which <paramref name="percent"/> % of the gaps fall, ms.</summary>
    public double GapPercentile(double percent)
    {
        var gaps = _gaps.Value;
        return gaps.Length == 0 ? double.NaN : gaps[Math.Clamp((int)Math.Ceiling(percent / 100 * gaps.Length) - 1, 0, gaps.Length - 1)];
    }

    public double DurationPercentile(double percent)
    {
        var sorted = Load.Outcomes.Select(o => o.Outcome.Milliseconds).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
