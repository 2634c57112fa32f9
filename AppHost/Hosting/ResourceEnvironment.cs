namespace Antigravity.AppHost.Hosting;

/// <summary>Computes a resource's environment from its callbacks, the way Aspire's <c>GetEnvironmentVariableValuesAsync</c> does.</summary>
internal static class ResourceEnvironment
{
    /// <summary>The variables of one process in run mode, resolved to strings.</summary>
    public static Dictionary<string, string> ForRun(ProjectResource project, DistributedApplicationExecutionContext executionContext, ReplicaInstance replica)
    {
        var env = Resolve(Compute(project, executionContext, replica), ValueTarget.Run);
        if (LaunchProfile.For(project) is { } profile)
        {
            env.TryAdd("DOTNET_LAUNCH_PROFILE", profile.Name);
            foreach (var (name, value) in profile.EnvironmentVariables)
            {
                env.TryAdd(name, value);
            }
        }

        env.TryAdd("ASPNETCORE_ENVIRONMENT", "Development");
        return env;
    }

    /// <summary>The variables in publish mode: literals and values (manifest expressions, Kubernetes values).</summary>
    public static Dictionary<string, object> ForPublish(Resource resource) =>
        Compute(resource, new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish), replica: null);

    public static Dictionary<string, object> Compute(Resource resource, DistributedApplicationExecutionContext executionContext, ReplicaInstance? replica)
    {
        var context = new EnvironmentCallbackContext(executionContext, resource, replica);
        foreach (var callback in resource.EnvironmentCallbacks)
        {
            callback(context);
        }

        return context.EnvironmentVariables;
    }

    public static Dictionary<string, string> Resolve(Dictionary<string, object> env, ValueTarget target) =>
        env.ToDictionary(kv => kv.Key, kv => Resolve(kv.Value, target), StringComparer.Ordinal);

    public static string Resolve(object value, ValueTarget target) => value switch
    {
        IValueProvider provider => provider.GetValue(target),
        _ => value.ToString() ?? "",
    };

    public static string ManifestExpression(object value) => value switch
    {
        IValueProvider provider => provider.ValueExpression,
        _ => value.ToString() ?? "",
    };

    public static bool IsSecret(object value) => value is IValueProvider { IsSecret: true };
}
