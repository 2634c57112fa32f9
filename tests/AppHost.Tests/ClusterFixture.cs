using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Antigravity.TestEnvironment;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Antigravity.AppHost.Tests;

/// <summary>
/// The real AppHost in <c>--simulate</c> mode with three gateway replicas, started once through Aspire.Hosting.Testing
/// (DCP, the executables, the projects) and shared by the cluster tests, which run in a fixed order (later ones stop
/// replicas and finally the whole app).
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _log = new();
    private readonly ConcurrentDictionary<string, ResourceEvent> _states = new();
    private readonly CancellationTokenSource _stopWatching = new();

    public const int Replicas = 3;

    public string ApiKey { get; } = $"ag-apphosttest-{Guid.NewGuid():N}";

    public DistributedApplication App { get; private set; } = null!;

    public string AdminApiKey { get; private set; } = "";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The gateway's shared endpoint (DCP's proxy over the replicas).</summary>
    public Uri LoadBalancer { get; private set; } = null!;

    /// <summary>The Cloud Code simulator's base URL (its control API is under <c>/_sim/</c>).</summary>
    public Uri Simulator { get; private set; } = null!;

    public Uri AccountService { get; private set; } = null!;

    public Uri QuotaWorker { get; private set; } = null!;

    /// <summary>The last resource log lines, for failure messages.</summary>
    public string Tail => string.Join('\n', _log.TakeLast(80));

    public async ValueTask InitializeAsync()
    {
        using var start = new CancellationTokenSource(TimeSpan.FromMinutes(6)); // see AppHostProcessTests.s_start
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--simulate", "--replicas", Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), "--api-key", ApiKey], start.Token);
        builder.Services.AddLogging(logging => logging.AddProvider(new QueueLoggerProvider(_log)));
        // The fault tests compare the request log with every request they sent (tens of thousands): keep them all.
        builder.CreateResourceBuilder<ProjectResource>("quotaworker").WithEnvironment("RequestLog__MaxEntries", "1000000");
        App = await builder.BuildAsync(start.Token);
        _ = WatchAsync();
        await App.StartAsync(start.Token);
        foreach (var name in new[] { "accountservice", "quotaworker", "gateway", "webui" })
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(name, start.Token);
        }

        LoadBalancer = App.GetEndpoint("gateway", "http");
        Simulator = App.GetEndpoint("cloudcode", "http");
        AccountService = App.GetEndpoint("accountservice", "http");
        QuotaWorker = App.GetEndpoint("quotaworker", "http");
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        AdminApiKey = await model.Resources.OfType<ParameterResource>().Single(p => p.Name == "admin-api-key").GetValueAsync(start.Token) ?? "";
    }

    /// <summary>The simulator's accounts stop spending quota, so a load test measures the cluster, not quota exhaustion.</summary>
    public async Task UnlimitedUpstreamQuotaAsync()
    {
        var settings = System.Text.Json.Nodes.JsonNode.Parse(await Http.GetStringAsync(new Uri(Simulator, "/_sim/settings")))!.AsObject();
        settings["quotaCostPerRequest"] = 0;
        settings["recordBodies"] = false;
        using var content = new StringContent(settings.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await Http.PutAsync(new Uri(Simulator, "/_sim/settings"), content);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The running replicas of a project: DCP resource name and the service's own process id (the child of the
    /// <c>dotnet run</c> process DCP supervises).</summary>
    public IReadOnlyList<(string Name, int Pid)> Processes(string project)
    {
        var result = new List<(string Name, int Pid)>();
        foreach (var state in _states.Values.Where(s => s.Resource.Name == project).OrderBy(s => s.ResourceId, StringComparer.Ordinal))
        {
            if (state.Snapshot.State?.Text == KnownResourceStates.Running
                && state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid
                && ProcessTree.ServiceProcess(Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture)) is { } service)
            {
                result.Add((state.ResourceId, service));
            }
        }

        return result;
    }

    /// <summary>Waits until DCP has finished with a stopped replica: a state from which Aspire's start command starts it
    /// anew (DCP's "Terminated" when it killed the process, "Unknown" when stopping it ran past DCP's own timeouts).</summary>
    public async Task WaitForStoppedAsync(string resourceId, TimeSpan within)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(within);
        await App.ResourceNotifications.WaitForResourceAsync(_states[resourceId].Resource.Name,
            e => e.ResourceId == resourceId && IsStopped(e.Snapshot.State?.Text), timeout.Token);
    }

    /// <summary>Starts every replica of <paramref name="project"/> that was stopped and waits until all run again, logging
    /// what fails rather than throwing: a test that stops replicas calls this however it ends (its own failure is the one
    /// to report), so that the tests after it find the whole cluster.</summary>
    public async Task StartStoppedReplicasAsync(string project, TimeSpan within)
    {
        var commands = App.Services.GetRequiredService<ResourceCommandService>();
        var ids = _states.Values.Where(s => s.Resource.Name == project).Select(s => s.ResourceId).ToList();
        try
        {
            foreach (var id in ids.Where(id => IsStopped(_states[id].Snapshot.State?.Text) || _states[id].Snapshot.State?.Text == KnownResourceStates.Stopping))
            {
                await WaitForStoppedAsync(id, within);
                var started = await commands.ExecuteCommandAsync(id, KnownResourceCommands.StartCommand, TestContext.Current.CancellationToken);
                _log.Enqueue($"restore: start of {id}: {(started.Success ? "done" : started.Message)}");
            }

            for (var deadline = DateTime.UtcNow + within; Processes(project).Count < ids.Count && DateTime.UtcNow < deadline;)
            {
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
        }
        catch (OperationCanceledException e)
        {
            _log.Enqueue($"restore: {e.Message}");
        }
    }

    private static bool IsStopped(string? state) =>
        state is "Terminated" or "Unknown" || (state is not null && (state == KnownResourceStates.NotStarted || KnownResourceStates.TerminalStates.Contains(state)));

    /// <summary>Every process DCP started for the app (the supervised processes and their children), by pid.</summary>
    internal IReadOnlyList<ProcessTree.Entry> AllProcesses() =>
        [.. _states.Values
            .Select(s => s.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value)
            .OfType<object>()
            .Select(pid => Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture))
            .SelectMany(pid => ProcessTree.All().Where(p => p.Pid == pid).Concat(ProcessTree.Descendants(pid)))];

    private async Task WatchAsync()
    {
        try
        {
            await foreach (var update in App.ResourceNotifications.WatchAsync(_stopWatching.Token))
            {
                _states[update.ResourceId] = update;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopWatching.CancelAsync();
        Http.Dispose();
        await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(TestServers.Artifacts).FullName, "apphost-cluster.log"), string.Join('\n', _log));
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class QueueLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lines.Enqueue($"{category}: {formatter(state, exception)}");
            while (lines.Count > 5000 && lines.TryDequeue(out _))
            {
            }
        }
    }
}
