using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Antigravity.AppHost.Tests;

/// <summary>
/// The AppHost as <c>./run.sh</c> starts it, in a child process: its own dashboard ports, fixed ports randomized by DCP
/// (so it never meets another run), user secrets under <paramref name="appData"/> (Aspire's store honours
/// <c>APPDATA</c>), the banner parsed for the URLs and keys a user would copy.
/// </summary>
internal sealed partial class AppHostProcess(string appData, IReadOnlyList<string> arguments) : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Process Process { get; private set; } = null!;

    public Uri Gateway { get; private set; } = null!;

    public Uri AdminApi { get; private set; } = null!;

    public string AdminApiKey { get; private set; } = "";

    public string ClientApiKey { get; private set; } = "";

    /// <summary>The dashboard's login URL from the banner (with its browser token).</summary>
    public Uri? DashboardLogin { get; private set; }

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
        startInfo.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{TestEnvironment.TestServers.FreePort()}";
        startInfo.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{TestEnvironment.TestServers.FreePort()}";
        startInfo.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{TestEnvironment.TestServers.FreePort()}";
        startInfo.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        Process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        Process.OutputDataReceived += (_, e) => OnLine(e.Data);
        Process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        Process.Exited += (_, _) => _ready.TrySetResult();
        Process.Start();
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
        await _ready.Task.WaitAsync(within);
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
        if (GatewayLine().Match(line) is { Success: true } gateway)
        {
            Gateway = new Uri(gateway.Groups[1].Value);
        }
        else if (ClientKeyLine().Match(line) is { Success: true } client)
        {
            ClientApiKey = client.Groups[1].Value;
        }
        else if (AdminKeyLine().Match(line) is { Success: true } admin)
        {
            AdminApiKey = admin.Groups[1].Value;
        }
        else if (AdminApiLine().Match(line) is { Success: true } api)
        {
            AdminApi = new Uri(api.Groups[1].Value);
        }
        else if (DashboardLine().Match(line) is { Success: true } dashboard)
        {
            DashboardLogin = new Uri(dashboard.Groups[1].Value);
        }
        else if (line.StartsWith("Claude Code", StringComparison.Ordinal))
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

    [GeneratedRegex(@"^Gateway \(.*\): (\S+)$")]
    private static partial Regex GatewayLine();

    [GeneratedRegex(@"^Client API key: (\S+)$")]
    private static partial Regex ClientKeyLine();

    [GeneratedRegex(@"admin API key: (\S+)$")]
    private static partial Regex AdminKeyLine();

    [GeneratedRegex(@"^Aspire dashboard \(traces, metrics, logs\): (\S+)$")]
    private static partial Regex DashboardLine();

    [GeneratedRegex(@"^Admin API \(for the CLI\): (\S+)$")]
    private static partial Regex AdminApiLine();
}
