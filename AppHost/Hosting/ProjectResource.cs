namespace Antigravity.AppHost.Hosting;

/// <summary>A .NET project (<c>AddProject</c>), run from its built output.</summary>
internal sealed class ProjectResource : Resource
{
    /// <summary>The container port a project listens on when deployed (Aspire's Kubernetes publisher and aspirate default).</summary>
    public const int DefaultTargetPort = 8080;

    public ProjectResource(string name, string projectPath) : base(name)
    {
        ProjectPath = projectPath;
        Endpoints.Add(new EndpointAnnotation(this, "http", "http", DefaultTargetPort));
    }

    /// <summary>Absolute path of the .csproj.</summary>
    public string ProjectPath { get; }

    /// <summary>The project's name: its file name without extension (<c>Gateway</c>).</summary>
    public string ProjectName => Path.GetFileNameWithoutExtension(ProjectPath);

    /// <summary>The number of processes (<c>WithReplicas</c>); more than one sit behind a load balancer.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>The readiness path the AppHost polls before dependants start (<c>WithHttpHealthCheck</c>).</summary>
    public string? HealthCheckPath { get; set; }

    /// <summary>Any HTTP answer counts as healthy (<c>WithHttpResponseCheck</c>).</summary>
    public bool HealthCheckAcceptsAnyStatus { get; set; }

    /// <summary>The liveness path used by Kubernetes probes.</summary>
    public string? LivenessPath { get; set; }

    /// <summary>Command-line arguments of each process (<c>WithArgs</c>).</summary>
    public List<Func<ReplicaInstance, IEnumerable<string>>> Args { get; } = [];

    /// <summary>Only in run mode (the Cloud Code simulator): left out of published manifests.</summary>
    public bool RunOnly { get; set; }

    /// <summary>How long a replica may take to stop after SIGTERM (in-flight streams finish), and the pod's grace period.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public EndpointAnnotation HttpEndpoint => GetEndpoint("http");
}
