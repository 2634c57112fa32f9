using System.Collections.Concurrent;
using System.Diagnostics;
using Antigravity.TestEnvironment;

namespace Antigravity.AppHost.Tests;

/// <summary>
/// The AppHost as <c>./run.sh</c> starts it, in a child process: its own dashboard ports, fixed ports randomized by DCP
/// (so it never meets another run), user secrets under <paramref name="appData"/> (Aspire's store honours
/// <c>APPDATA</c>), the banner parsed for the URLs and keys a user would copy.
/// </summary>
internal sealed class AppHostProcess(string appData, IReadOnlyList<string> arguments) : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ClusterBanner _banner = new();

    public Process Process { get; private set; } = null!;

    public Uri Gateway => _banner.Gateway!;

    public Uri AdminApi => _banner.AdminApi!;

    public string AdminApiKey => _banner.AdminApiKey;

    public string ClientApiKey => _banner.ClientApiKey;

    /// <summary>The dashboard's login URL from the banner (with its browser token).</summary>
    public Uri? DashboardLogin => _banner.DashboardLogin;

    public string Output => string.Join('\n', _output);

    public async Task StartAsync(TimeSpan within)
    {
        var startInfo = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Antigravity.AppHost.dll"), .. arguments, "--DcpPublisher:RandomizePorts=true"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.Environment["APPDATA"] = appData;
        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Development";
        startInfo.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{TestServers.FreePort()}";
        startInfo.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{TestServers.FreePort()}";
        startInfo.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{TestServers.FreePort()}";
        startInfo.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        Process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        Process.OutputDataReceived += (_, e) => OnLine(e.Data);
        Process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        Process.Exited += (_, _) => _ready.TrySetResult();
        Process.Start();
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
        try
        {
            await _ready.Task.WaitAsync(within);
        }
        catch (TimeoutException e)
        {
            // CI shows only a failure's first lines: the last lines first, everything in a file.
            var lines = _output.ToArray();
            var file = Path.Combine(Directory.CreateDirectory(TestServers.Artifacts).FullName, $"apphost-{Process.Id}.log");
            await File.WriteAllLinesAsync(file, lines);
            throw new TimeoutException(
                $"The AppHost did not print its banner within {within}; its last lines (of {lines.Length}, all in {file}):\n"
                + string.Join('\n', lines.TakeLast(30)), e);
        }

        if (Process.HasExited)
        {
            throw new InvalidOperationException($"The AppHost exited with code {Process.ExitCode} while starting:\n{Output}");
        }
    }

    /// <summary>The processes of this run: the AppHost's descendants, and DCP (which detaches) with its own.</summary>
    public List<ProcessTree.Entry> Processes()
    {
        var dcp = ProcessTree.All().Where(p => p.Command.Contains($"--monitor {Process.Id}", StringComparison.Ordinal)).ToList();
        return [.. ProcessTree.Descendants(Process.Id).Concat(dcp).Concat(dcp.SelectMany(d => ProcessTree.Descendants(d.Pid))).DistinctBy(p => p.Pid)];
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
            _ready.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Process is { HasExited: false })
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        Process?.Dispose();
    }
}
