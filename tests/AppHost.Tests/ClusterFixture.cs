using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Antigravity.AppHost.Hosting;
using Antigravity.TestEnvironment;

namespace Antigravity.AppHost.Tests;

/// <summary>
/// The whole cluster in <c>--simulate</c> mode, started once as a real process (<c>dotnet Antigravity.AppHost.dll --simulate
/// --port P --api-key K</c>) and shared by the cluster tests, which run in a fixed order (the last one stops it).
/// </summary>
public sealed partial class ClusterFixture : IAsyncLifetime
{
    private static readonly TimeSpan s_startDeadline = TimeSpan.FromMinutes(3);
    private readonly ConcurrentQueue<string> _output = new();

    public int Port { get; } = TestServers.FreePort();

    public string ApiKey { get; } = $"ag-apphosttest-{Guid.NewGuid():N}";

    public Process AppHost { get; private set; } = null!;

    /// <summary>Every process the AppHost said it started, by resource or replica name.</summary>
    public Dictionary<string, int> StartedPids { get; } = [];

    /// <summary>The URL of every started project, by resource or replica name (e.g. <c>cloudcode</c>, <c>accountservice</c>).</summary>
    public Dictionary<string, Uri> StartedUrls { get; } = [];

    /// <summary>The Cloud Code simulator's base URL (its control API is under <c>/_sim/</c>).</summary>
    public Uri Simulator => Url("cloudcode");

    public Uri AccountService => Url("accountservice");

    public Uri QuotaWorker => Url("quotaworker");

    public string AdminApiKey { get; private set; } = "";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Uri LoadBalancer => new($"http://localhost:{Port}");

    public string Output => string.Join('\n', _output);

    public string Tail => string.Join('\n', _output.TakeLast(80));

    public async ValueTask InitializeAsync()
    {
        var dll = Path.Combine(DistributedApplicationBuilder.BuildMetadata("ArtifactsPath")!, "bin", "AppHost",
            DistributedApplicationBuilder.BuildMetadata("Configuration")!.ToLowerInvariant(), "Antigravity.AppHost.dll");
        var startInfo = new ProcessStartInfo("dotnet", [dll, "--simulate", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--api-key", ApiKey])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        AppHost = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        AppHost.OutputDataReceived += (_, e) => OnLine(e.Data, ready);
        AppHost.ErrorDataReceived += (_, e) => OnLine(e.Data, ready);
        AppHost.Exited += (_, _) => ready.TrySetResult();
        AppHost.Start();
        AppHost.BeginOutputReadLine();
        AppHost.BeginErrorReadLine();
        await ready.Task.WaitAsync(s_startDeadline);
        await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(TestServers.Artifacts).FullName, "apphost-cluster-start.log"), Output);
        if (AppHost.HasExited)
        {
            throw new InvalidOperationException($"The AppHost exited with code {AppHost.ExitCode} while starting:\n{Tail}");
        }
    }

    private void OnLine(string? line, TaskCompletionSource ready)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (Started().Match(line) is { Success: true } started)
        {
            lock (StartedPids)
            {
                StartedPids[started.Groups[1].Value] = int.Parse(started.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (started.Groups[3].Success)
                {
                    StartedUrls[started.Groups[1].Value] = new Uri(started.Groups[3].Value);
                }
            }
        }

        if (AdminKey().Match(line) is { Success: true } admin)
        {
            AdminApiKey = admin.Groups[1].Value;
        }

        if (line.Contains("Everything is running", StringComparison.Ordinal) || line.Contains("failed to start", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!AppHost.HasExited)
        {
            using var interrupt = Process.Start("kill", ["-INT", AppHost.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await AppHost.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                AppHost.Kill(entireProcessTree: true);
            }
        }

        await File.WriteAllTextAsync(Path.Combine(TestServers.Artifacts, "apphost-cluster.log"), Output);
        AppHost.Dispose();
    }

    private Uri Url(string resource)
    {
        lock (StartedPids)
        {
            return StartedUrls.TryGetValue(resource, out var url) ? url : throw new InvalidOperationException($"The AppHost printed no URL for {resource}:\n{Tail}");
        }
    }

    [GeneratedRegex(@"started (\S+) \(pid (\d+)\)(?: at (\S+))?")]
    private static partial Regex Started();

    [GeneratedRegex(@"admin API key: (\S+)")]
    private static partial Regex AdminKey();
}
