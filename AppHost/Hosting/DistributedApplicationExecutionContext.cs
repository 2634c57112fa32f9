namespace Antigravity.AppHost.Hosting;

internal enum DistributedApplicationOperation
{
    Run,
    Publish,
}

/// <summary>Whether the app model is being run locally or published (Aspire's execution context).</summary>
internal sealed class DistributedApplicationExecutionContext(DistributedApplicationOperation operation)
{
    public DistributedApplicationOperation Operation { get; } = operation;

    public bool IsRunMode => Operation == DistributedApplicationOperation.Run;

    public bool IsPublishMode => Operation == DistributedApplicationOperation.Publish;
}

/// <summary>One process of a project resource in run mode.</summary>
/// <param name="Name">The replica's display name, <c>gateway-abcdefgh</c> (Aspire/DCP naming).</param>
/// <param name="InstanceId">8 random lowercase letters: <c>service.instance.id</c>.</param>
/// <param name="Port">The port this process listens on (its target port).</param>
internal sealed record ReplicaInstance(int Index, string Name, string InstanceId, int Port);

/// <summary>What an environment callback sees (Aspire's <c>EnvironmentCallbackContext</c>).</summary>
internal sealed class EnvironmentCallbackContext(DistributedApplicationExecutionContext executionContext, Resource resource, ReplicaInstance? replica)
{
    public DistributedApplicationExecutionContext ExecutionContext { get; } = executionContext;

    public Resource Resource { get; } = resource;

    /// <summary>The process being started; null in publish mode.</summary>
    public ReplicaInstance? Replica { get; } = replica;

    /// <summary>Values are <see cref="string"/> or <see cref="IValueProvider"/>.</summary>
    public Dictionary<string, object> EnvironmentVariables { get; } = new(StringComparer.Ordinal);
}
