namespace Antigravity.AppHost.Running;

/// <summary>The states Aspire's dashboard shows.</summary>
internal enum ResourceState
{
    Waiting,
    Starting,
    Running,
    Exited,
    FailedToStart,
    External,
}

/// <summary>One row of the resource table: a resource, or one replica of a project.</summary>
internal sealed class ResourceStatus(string name, string type)
{
    public string Name { get; } = name;

    public string Type { get; } = type;

    public ResourceState State { get; set; } = ResourceState.Waiting;

    public bool Healthy { get; set; }

    public string? Url { get; set; }

    public int? Pid { get; set; }

    public string? Detail { get; set; }
}
