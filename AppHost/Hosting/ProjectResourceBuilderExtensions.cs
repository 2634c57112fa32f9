namespace Antigravity.AppHost.Hosting;

internal static class ProjectResourceBuilderExtensions
{
    /// <summary>A .NET project; <paramref name="projectPath"/> is relative to the AppHost's folder, as in Aspire.</summary>
    public static IResourceBuilder<ProjectResource> AddProject(this DistributedApplicationBuilder builder, string name, string projectPath)
    {
        var fullPath = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, projectPath));
        var project = builder.AddResource(new ProjectResource(name, fullPath));
        return project.WithEnvironment(context => ProjectEnvironment.Apply(context, builder));
    }

    /// <summary>
    /// Runs <paramref name="replicas"/> processes, each on its own port with its own <c>service.instance.id</c>, behind one
    /// load-balancing port (as DCP's proxy does); published as <c>spec.replicas</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithReplicas(this IResourceBuilder<ProjectResource> builder, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        builder.Resource.Replicas = replicas;
        return builder;
    }

    /// <summary>Marks the HTTP endpoint as reachable from outside (a LoadBalancer Service when published).</summary>
    public static IResourceBuilder<ProjectResource> WithExternalHttpEndpoints(this IResourceBuilder<ProjectResource> builder)
    {
        builder.Resource.HttpEndpoint.IsExternal = true;
        return builder;
    }

    /// <summary>Fixes the local port of the HTTP endpoint (the load balancer's port with replicas).</summary>
    public static IResourceBuilder<ProjectResource> WithHttpPort(this IResourceBuilder<ProjectResource> builder, int? port)
    {
        builder.Resource.HttpEndpoint.FixedPort = port;
        return builder;
    }

    /// <summary>How long a process may take to stop after SIGTERM; also the pod's <c>terminationGracePeriodSeconds</c>.</summary>
    public static IResourceBuilder<ProjectResource> WithShutdownTimeout(this IResourceBuilder<ProjectResource> builder, TimeSpan timeout)
    {
        builder.Resource.ShutdownTimeout = timeout;
        return builder;
    }

    /// <summary>Adds command-line arguments, computed per process (for a program that takes its port as an argument).</summary>
    public static IResourceBuilder<ProjectResource> WithArgs(this IResourceBuilder<ProjectResource> builder, Func<ReplicaInstance, IEnumerable<string>> args)
    {
        builder.Resource.Args.Add(args);
        return builder;
    }

    /// <summary>Runs only with <c>dotnet run</c>; left out of published manifests (test doubles such as the simulator).</summary>
    public static IResourceBuilder<ProjectResource> ExcludeFromManifest(this IResourceBuilder<ProjectResource> builder)
    {
        builder.Resource.RunOnly = true;
        return builder;
    }
}
