namespace Antigravity.AppHost.Hosting;

/// <summary>The wiring verbs of Aspire's app model: references, waits, environment, health checks.</summary>
internal static class ResourceBuilderExtensions
{
    /// <summary>
    /// Injects a connection string resource: <c>ConnectionStrings__{name}</c> plus the connection properties
    /// <c>{NAME}_HOST</c>, <c>_PORT</c>, <c>_PASSWORD</c>, <c>_URI</c>… (aspire-conventions.md §1.2).
    /// </summary>
    public static IResourceBuilder<T> WithReference<T, TSource>(this IResourceBuilder<T> builder, IResourceBuilder<TSource> source)
        where T : Resource
        where TSource : Resource, IResourceWithConnectionString
    {
        var resource = source.Resource;
        builder.Resource.References.Add(resource);
        return builder.WithEnvironment(context =>
        {
            context.EnvironmentVariables[$"ConnectionStrings__{((IResourceWithConnectionString)resource).ConnectionStringName}"] = new ConnectionStringReference(resource);
            var prefix = EncodeName(resource.Name);
            foreach (var (property, value) in resource.GetConnectionProperties())
            {
                context.EnvironmentVariables[$"{prefix}_{property.ToUpperInvariant()}"] = value;
            }
        });
    }

    /// <summary>
    /// Injects a project's endpoints for service discovery: <c>services__{name}__{endpoint}__0</c> and <c>{NAME}_{ENDPOINT}</c>
    /// (endpoint name = scheme here, so Aspire 13.1 and 13.2 agree). With replicas this is the load balancer's address.
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<ProjectResource> source)
        where T : Resource
    {
        var resource = source.Resource;
        builder.Resource.References.Add(resource);
        return builder.WithEnvironment(context =>
        {
            foreach (var endpoint in resource.Endpoints)
            {
                var url = new EndpointReference(endpoint);
                context.EnvironmentVariables[$"services__{resource.Name}__{endpoint.Name}__0"] = url;
                context.EnvironmentVariables[$"{EncodeName(resource.Name)}_{EncodeName(endpoint.Name)}"] = url;
            }
        });
    }

    /// <summary>Starts the resource only once <paramref name="dependency"/> is running and healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency) where T : Resource
    {
        if (!builder.Resource.WaitsFor.Contains(dependency.Resource))
        {
            builder.Resource.WaitsFor.Add(dependency.Resource);
        }

        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, Action<EnvironmentCallbackContext> callback) where T : Resource
    {
        builder.Resource.EnvironmentCallbacks.Add(callback);
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value) where T : Resource =>
        builder.WithEnvironment(context => context.EnvironmentVariables[name] = value);

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IValueProvider value) where T : Resource =>
        builder.WithEnvironment(context => context.EnvironmentVariables[name] = value);

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IResourceBuilder<ParameterResource> parameter)
        where T : Resource
    {
        builder.Resource.References.Add(parameter.Resource);
        return builder.WithEnvironment(name, (IValueProvider)parameter.Resource);
    }

    /// <summary>The AppHost polls <paramref name="path"/> until it answers 200 before dependants start; Kubernetes probes it for readiness.</summary>
    public static IResourceBuilder<ProjectResource> WithHttpHealthCheck(this IResourceBuilder<ProjectResource> builder, string path = "/health", string? livenessPath = "/alive")
    {
        builder.Resource.HealthCheckPath = path;
        builder.Resource.LivenessPath = livenessPath;
        return builder;
    }

    /// <summary>Healthy as soon as <paramref name="path"/> answers at all, whatever the status (a test double without /health).</summary>
    public static IResourceBuilder<ProjectResource> WithHttpResponseCheck(this IResourceBuilder<ProjectResource> builder, string path = "/")
    {
        builder.Resource.HealthCheckPath = path;
        builder.Resource.HealthCheckAcceptsAnyStatus = true;
        return builder;
    }

    /// <summary>Runs <paramref name="callback"/> once the resource is healthy, before resources waiting for it start.</summary>
    public static IResourceBuilder<T> OnResourceReady<T>(this IResourceBuilder<T> builder, Func<Running.ResourceConsole, CancellationToken, Task> callback) where T : Resource
    {
        builder.Resource.ReadyCallbacks.Add(callback);
        return builder;
    }

    /// <summary>Aspire's environment-variable name encoding: upper case, anything but letters and digits becomes '_'.</summary>
    public static string EncodeName(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_'));
}
