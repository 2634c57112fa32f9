using System.Collections.Concurrent;
using System.Diagnostics;
using Antigravity.Cluster.Benchmarks.Processes;
using Antigravity.TestEnvironment;

namespace Antigravity.Cluster.Benchmarks.Cluster;

/// <summary>
/// <c>./run.sh --simulate</c> as a user starts it (it builds, then <c>exec dotnet run --project AppHost</c>), with the
/// banner parsed for the gateway's URL and the client key a user would copy.
/// </summary>
internal sealed class ClusterRun(string repoRoot, IReadOnlyList<string> arguments) : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ClusterBanner _banner = new();
    private readonly Dictionary<(int, long), ClusterProcess> _seen = [];
    private Process? _process;
    private bool _stopped;

    public string Command => "./run.sh " + string.Join(' ', arguments);

    public Uri Gateway => _banner.Gateway!;

    public string ClientApiKey => _banner.ClientApiKey;

    public string Output => string.Join('\n', _output);

    public async Task StartAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(Path.Combine(repoRoot, "run.sh"), arguments)
        {
            WorkingDirectory = repoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // run.sh's build would leave MSBuild worker nodes running for minutes after it; the cluster is unchanged by this.
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        _process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _ready.TrySetResult();
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await _ready.Task.WaitAsync(within, cancellationToken);
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"run.sh exited with code {_process.ExitCode} while starting:\n{Output}");
        }
    }

    /// <summary>The cluster's processes now; every one seen is remembered, so that none outlives <see cref="StopAsync"/>.</summary>
    public List<ClusterProcess> Processes()
    {
        var processes = _process is null ? [] : ClusterProcesses.Discover(_process.Id);
        foreach (var process in processes)
        {
            _seen.TryAdd((process.Pid, process.Entry.StartTime), process);
        }

        return processes;
    }

    /// <summary>
    /// SIGTERM to run.sh's process (what <c>kill</c> of ./run.sh sends), then waits until every process of the run is gone.
    /// Whatever is still there after <paramref name="grace"/> is killed, and named in the result.
    /// </summary>
    public async Task<ShutdownResult> StopAsync(TimeSpan grace)
    {
        if (_process is null || _stopped)
        {
            return new ShutdownResult(_seen.Count, TimeSpan.Zero, []);
        }

        _stopped = true;
        Processes();
        var clock = Stopwatch.StartNew();
        if (!_process.HasExited)
        {
            await SignalAsync("TERM", _process.Id);
        }

        while (clock.Elapsed < grace && _seen.Values.Any(p => ProcFs.IsAlive(p.Entry)))
        {
            await Task.Delay(100);
        }

        var elapsed = clock.Elapsed;
        var leftovers = _seen.Values.Where(p => ProcFs.IsAlive(p.Entry)).ToList();
        foreach (var process in leftovers)
        {
            await SignalAsync("KILL", process.Pid);
        }

        return new ShutdownResult(_seen.Count, elapsed, leftovers);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(60));
        _process?.Dispose();
    }

    private static async Task SignalAsync(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (_banner.Read(line))
        {
            _ready.TrySetResult(); // the banner's last section: everything is healthy
        }
    }
}

/// <summary>How the cluster stopped: how many processes it had, how long SIGTERM took, what had to be killed.</summary>
internal sealed record ShutdownResult(int Processes, TimeSpan Elapsed, IReadOnlyList<ClusterProcess> Leftovers);
