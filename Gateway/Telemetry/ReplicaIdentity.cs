namespace Antigravity.Gateway.Telemetry;

/// <summary>
/// The name this replica gives itself in request-log events: <c>service.instance.id</c> from the standard
/// <c>OTEL_RESOURCE_ATTRIBUTES</c> (the AppHost sets one per replica, as Aspire does), else the machine name (the pod
/// name in Kubernetes). Replicas on one machine would otherwise all share the machine name.
/// </summary>
internal sealed class ReplicaIdentity(IConfiguration configuration)
{
    public string Name { get; } = InstanceId(configuration["OTEL_RESOURCE_ATTRIBUTES"]) ?? Environment.MachineName;

    /// <summary>The value of <c>service.instance.id</c> in a <c>key=value,key=value</c> list, or null.</summary>
    internal static string? InstanceId(string? attributes)
    {
        foreach (var pair in (attributes ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair.Split('=', 2, StringSplitOptions.TrimEntries) is ["service.instance.id", { Length: > 0 } value])
            {
                return Uri.UnescapeDataString(value);
            }
        }

        return null;
    }
}
