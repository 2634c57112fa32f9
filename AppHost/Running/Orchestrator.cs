using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Antigravity.AppHost.Running;

/// <summary>
/// Runs the app model locally, as DCP does for an Aspire AppHost: each resource starts once the resources it waits for
/// are healthy, projects run from their build output (one process per replica, behind a load balancer), logs stream to
/// the console, and Ctrl+C or SIGTERM stops everything in reverse order, then removes the throwaway data.
/// </summary>
internal sealed partial class Orchestrator(DistributedApplication app)
{
    private static readonly TimeSpan s_serverGrace = TimeSpan.FromSeconds(15);

    private readonly ResourceConsole _console = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly List<StartedResource> _started = [];
    private RunDirectory? _run;
    private int _signals;

    public async Task<int> RunAsync()
    {
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);

        var resources = app.Resources.Where(r => r is ProjectResource or RedisResource or RabbitMQServerResource).ToList();
        if (FindBinaries(resources) is not { } binaries)
        {
            return 1;
        }

        if (!await ProjectOutput.EnsureBuiltAsync([.. resources.OfType<ProjectResource>()], _console, _shutdown.Token))
        {
            _console.Error("The build failed: see above, or run `dotnet build AppHost`.");
            return 1;
        }

        AllocatePorts(resources);
        _run = RunDirectory.Create();
        var exitCode = 0;
        try
        {
            var ready = resources.ToDictionary(r => r, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            var rows = resources.ToDictionary(r => r, r => _console.Add(r.Name, TypeName(r)));
            await Task.WhenAll(resources.Select(r => StartWhenReadyAsync(r, rows[r], ready, binaries)));

            if (!_shutdown.IsCancellationRequested)
            {
                _console.WriteTable();
                foreach (var callback in app.Builder.AfterStartCallbacks)
                {
                    await callback(app, _shutdown.Token);
                }

                if (_console.Rows.Any(r => r.State == ResourceState.FailedToStart))
                {
                    _console.Error("Some resources failed to start (see above). The others keep running; Ctrl+C stops everything.");
                    exitCode = 1;
                }
                else
                {
                    _console.Info($"Everything is running. Ctrl+C stops every process. Throwaway data: {_run.Path}");
                }

                await Task.Delay(Timeout.Infinite, _shutdown.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        finally
        {
            await StopAllAsync();
        }

        return exitCode;
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref _signals) == 1)
        {
            _console.Info($"{context.Signal}: stopping every resource (again to kill at once)…");
            _shutdown.Cancel();
            return;
        }

        lock (_started)
        {
            foreach (var process in _started.SelectMany(s => s.Processes))
            {
                process.Kill();
            }
        }
    }

    private async Task StartWhenReadyAsync(Resource resource, ResourceStatus row, Dictionary<Resource, TaskCompletionSource> ready, ServerBinaries binaries)
    {
        try
        {
            foreach (var dependency in resource.WaitsFor)
            {
                row.Detail = $"waiting for {dependency.Name}";
                if (ready.TryGetValue(dependency, out var dependencyReady))
                {
                    try
                    {
                        await dependencyReady.Task.WaitAsync(_shutdown.Token);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        throw new InvalidOperationException($"{dependency.Name}, which it waits for, failed to start");
                    }
                }
            }

            row.Detail = null;
            row.State = ResourceState.Starting;
            await StartAsync(resource, row, binaries);
            foreach (var callback in resource.ReadyCallbacks)
            {
                await callback(_console, _shutdown.Token);
            }

            ready[resource].TrySetResult();
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            ready[resource].TrySetCanceled();
        }
        catch (Exception e)
        {
            row.State = ResourceState.FailedToStart;
            row.Detail = e.Message;
            _console.Error($"{resource.Name} failed to start: {e.Message}");
            ready[resource].TrySetException(e);
        }
    }

    private Task StartAsync(Resource resource, ResourceStatus row, ServerBinaries binaries) => resource switch
    {
        RedisResource { IsExternal: true } or RabbitMQServerResource { IsExternal: true } => External(row),
        RedisResource redis => StartRedisAsync(redis, row, binaries),
        RabbitMQServerResource rabbit => StartRabbitMqAsync(rabbit, row, binaries),
        ProjectResource project => StartProjectAsync(project, row),
        _ => Task.CompletedTask,
    };

    private static Task External(ResourceStatus row)
    {
        row.State = ResourceState.External;
        row.Url = "(ConnectionStrings)";
        return Task.CompletedTask;
    }

    private async Task StartRedisAsync(RedisResource redis, ResourceStatus row, ServerBinaries binaries)
    {
        var process = RedisServer.Start(redis, binaries.Redis!, _run!, _console.Log);
        Track(redis, row, s_serverGrace, process);
        var port = redis.GetEndpoint("tcp").AllocatedPort!.Value;
        row.Url = $"redis://127.0.0.1:{port}";
        await WaitHealthyAsync(process, ct => HealthProbes.RedisAsync(port, redis.PasswordParameter.Value ?? "", ct), TimeSpan.FromSeconds(30));
        MarkRunning(row);
    }

    private async Task StartRabbitMqAsync(RabbitMQServerResource rabbit, ResourceStatus row, ServerBinaries binaries)
    {
        var (epmd, broker) = RabbitMqServer.Start(rabbit, binaries.RabbitMq!, binaries.Epmd!, _run!, _console.Log);
        Track(rabbit, row, s_serverGrace, epmd, broker);
        var port = rabbit.GetEndpoint("tcp").AllocatedPort!.Value;
        row.Url = $"amqp://127.0.0.1:{port}";
        await WaitHealthyAsync(broker, ct => HealthProbes.AmqpAsync(port, ct), TimeSpan.FromSeconds(120));
        MarkRunning(row);
    }

    private static void MarkRunning(ResourceStatus row)
    {
        row.State = ResourceState.Running;
        row.Healthy = true;
    }

    private void AllocatePorts(IEnumerable<Resource> resources)
    {
        var endpoints = resources.SelectMany(r => r.Endpoints).ToList();
        // Fixed ports first: a free port the OS hands out for another resource must not be one a fixed endpoint will bind.
        foreach (var port in endpoints.Select(e => e.FixedPort).OfType<int>())
        {
            PortAllocator.Reserve(port);
        }

        foreach (var endpoint in endpoints)
        {
            endpoint.AllocatedPort = endpoint.FixedPort ?? PortAllocator.Next();
        }
    }

    private ServerBinaries? FindBinaries(List<Resource> resources)
    {
        var binaries = new ServerBinaries(Running.Binaries.Find("redis-server"), Running.Binaries.Find("rabbitmq-server"), Running.Binaries.Find("epmd"));
        var ok = true;
        if (resources.OfType<RedisResource>().Any(r => !r.IsExternal) && binaries.Redis is null)
        {
            _console.Error(Running.Binaries.InstallHint("redis-server", "redis-server", "redis"));
            ok = false;
        }

        if (resources.OfType<RabbitMQServerResource>().Any(r => !r.IsExternal) && (binaries.RabbitMq is null || binaries.Epmd is null))
        {
            _console.Error(Running.Binaries.InstallHint(binaries.RabbitMq is null ? "rabbitmq-server" : "epmd", "rabbitmq-server", "messaging"));
            ok = false;
        }

        return ok ? binaries : null;
    }

    private static string TypeName(Resource resource) => resource switch
    {
        ProjectResource { Replicas: > 1 } p => $"Project ×{p.Replicas}",
        ProjectResource => "Project",
        RedisResource => "Redis",
        RabbitMQServerResource => "RabbitMQ",
        _ => resource.GetType().Name,
    };

    /// <summary>8 random lowercase letters, as DCP's object-name suffix that becomes <c>service.instance.id</c>.</summary>
    internal static string NewInstanceId() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz", 8);

    internal sealed record ServerBinaries(string? Redis, string? RabbitMq, string? Epmd);

    private sealed record StartedResource(Resource Resource, TimeSpan Grace, List<ChildProcess> Processes);
}
