namespace Antigravity.AppHost.Running;

internal sealed partial class Orchestrator
{
    /// <summary>
    /// Starts a project's replicas, each on its own port with its own instance id; with more than one, a load balancer takes
    /// the endpoint's port first, so references (and users) have one stable address.
    /// </summary>
    private async Task StartProjectAsync(ProjectResource project, ResourceStatus row)
    {
        var endpointPort = project.HttpEndpoint.AllocatedPort!.Value;
        var replicas = Enumerable.Range(0, project.Replicas).Select(i =>
        {
            var id = NewInstanceId();
            return new ReplicaInstance(i, project.Replicas > 1 ? $"{project.Name}-{id}" : project.Name, id,
                project.Replicas > 1 ? PortAllocator.Next() : endpointPort);
        }).ToList();

        row.Url = $"http://{project.HttpEndpoint.RunHost}:{endpointPort}";
        if (project.Replicas > 1)
        {
            var balancer = await ReplicaLoadBalancer.StartAsync(project, endpointPort, replicas, _shutdown.Token);
            lock (_balancers)
            {
                _balancers[project] = balancer;
            }
        }

        var dll = ProjectOutput.DllPath(project);
        var workingDirectory = Path.GetDirectoryName(project.ProjectPath)!;
        var started = new List<(ReplicaInstance Replica, ChildProcess Process, ResourceStatus Row)>();
        foreach (var replica in replicas)
        {
            var env = ResourceEnvironment.ForRun(project, app.Builder.ExecutionContext, replica);
            var process = ChildProcess.Start(replica.Name, "dotnet", [dll, .. project.Args.SelectMany(a => a(replica))], env, workingDirectory, _console.Log);
            var replicaRow = project.Replicas > 1 ? _console.Add(replica.Name, "Replica") : row;
            replicaRow.Url = $"http://{project.HttpEndpoint.RunHost}:{replica.Port}";
            replicaRow.State = ResourceState.Starting;
            Track(project, replicaRow, project.ShutdownTimeout, process);
            started.Add((replica, process, replicaRow));
        }

        if (project.Replicas > 1)
        {
            row.Pid = null;
            row.Url = $"http://localhost:{endpointPort}";
        }

        await Task.WhenAll(started.Select(async s =>
        {
            if (project.HealthCheckPath is { } path)
            {
                var url = $"http://{project.HttpEndpoint.RunHost}:{s.Replica.Port}{path}";
                await WaitHealthyAsync(s.Process, ct => HealthProbes.HttpAsync(url, project.HealthCheckAcceptsAnyStatus, ct), TimeSpan.FromSeconds(90));
                lock (_balancers)
                {
                    if (_balancers.TryGetValue(project, out var balancer))
                    {
                        balancer.MarkHealthy(s.Replica.Name);
                    }
                }
            }

            MarkRunning(s.Row);
        }));
        MarkRunning(row);
    }
}
