namespace Antigravity.AppHost.Running;

internal sealed partial class Orchestrator
{
    private readonly Dictionary<Resource, ReplicaLoadBalancer> _balancers = [];

    private void Track(Resource resource, ResourceStatus row, TimeSpan grace, params ChildProcess[] processes)
    {
        lock (_started)
        {
            var entry = _started.FirstOrDefault(s => s.Resource == resource);
            if (entry is null)
            {
                entry = new StartedResource(resource, grace, []);
                _started.Add(entry);
            }

            entry.Processes.AddRange(processes);
        }

        row.Pid = processes[^1].Pid;
        foreach (var process in processes)
        {
            _console.Info(row.Url is { } url ? $"started {process.Name} (pid {process.Pid}) at {url}" : $"started {process.Name} (pid {process.Pid})");
            _ = WatchAsync(resource, row, process);
        }
    }

    /// <summary>Says clearly when a process exits on its own, and takes a replica out of its load balancer.</summary>
    private async Task WatchAsync(Resource resource, ResourceStatus row, ChildProcess process)
    {
        var code = await process.Exited;
        if (process.Stopping || _shutdown.IsCancellationRequested)
        {
            return;
        }

        row.State = ResourceState.Exited;
        row.Healthy = false;
        row.Detail = $"code {code}";
        _console.Error($"{process.Name} (pid {process.Pid}) exited with code {code}.");
        lock (_balancers)
        {
            if (_balancers.TryGetValue(resource, out var balancer))
            {
                balancer.Remove(process.Name);
            }
        }

        _console.WriteTable();
    }

    private async Task WaitHealthyAsync(ChildProcess process, Func<CancellationToken, Task<bool>> probe, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
        deadline.CancelAfter(timeout);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited with code {process.Exited.Result} while starting");
            }

            try
            {
                if (await probe(deadline.Token))
                {
                    return;
                }

                await Task.Delay(250, deadline.Token);
            }
            catch (OperationCanceledException) when (!_shutdown.IsCancellationRequested)
            {
                throw new TimeoutException($"{process.Name} was not healthy within {timeout.TotalSeconds:0} s");
            }
        }
    }

    /// <summary>Stops resources in reverse start order (dependants first); each resource's processes together.</summary>
    private async Task StopAllAsync()
    {
        List<StartedResource> started;
        lock (_started)
        {
            started = [.. _started];
        }

        for (var i = started.Count - 1; i >= 0; i--)
        {
            var entry = started[i];
            // A little over the grace period: the process's own shutdown timeout runs from the same SIGTERM.
            await Task.WhenAll(entry.Processes.Select(p => p.StopAsync(entry.Grace + TimeSpan.FromSeconds(5))));
            ReplicaLoadBalancer? balancer;
            lock (_balancers)
            {
                _balancers.Remove(entry.Resource, out balancer);
            }

            if (balancer is not null)
            {
                await balancer.DisposeAsync();
            }

            foreach (var process in entry.Processes)
            {
                _console.Info($"stopped {process.Name} (pid {process.Pid})");
            }
        }

        if (_run is not null)
        {
            if (app.Builder.Arguments.KeepData)
            {
                _console.Info($"Kept the data in {_run.Path} (--keep-data).");
            }
            else
            {
                _run.Delete();
            }
        }

        _console.Info("All resources stopped.");
    }
}
