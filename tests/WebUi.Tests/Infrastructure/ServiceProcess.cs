using System.Diagnostics;
using Antigravity.TestEnvironment;

namespace Antigravity.WebUi.Tests.Infrastructure;

/// <summary>
/// One of the solution's services run from its built dll as a child process on a free loopback port (several ASP.NET
/// apps cannot share one test process: their <c>Program</c> types collide). Output goes to a log file among the artifacts.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServiceProcess(string name, Process process, StreamWriter log, Uri baseAddress)
    {
        Name = name;
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public static async Task<ServiceProcess> StartAsync(string project, string name, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        // WEBUI_TESTS_<PROJECT>_ROOT runs a service built elsewhere (another checkout), e.g. one not merged yet.
        var root = Environment.GetEnvironmentVariable($"WEBUI_TESTS_{project.ToUpperInvariant()}_ROOT") ?? Paths.RepositoryRoot;
        var dll = Path.Combine(root, "artifacts", "bin", project, Paths.Configuration, $"Antigravity.{project}.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build {project} first (the test project references it, so `dotnet build` does).", dll);
        }

        var port = TestServers.FreePort();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var logDirectory = Path.Combine(TestServers.Artifacts, "webui", "logs");
        Directory.CreateDirectory(logDirectory);
        var log = new StreamWriter(Path.Combine(logDirectory, $"{name}.log"), append: false) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var service = new ServiceProcess(name, process, log, new Uri($"http://127.0.0.1:{port}"));
        await service.WaitUntilAliveAsync(cancellationToken);
        return service;
    }

    private async Task WaitUntilAliveAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} while starting; see artifacts/…/webui/logs/{Name}.log");
            }

            try
            {
                using var response = await http.GetAsync("/alive", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"{Name} did not answer /alive within 60 s");
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }
}
