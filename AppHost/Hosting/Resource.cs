namespace Antigravity.AppHost.Hosting;

/// <summary>A named part of the application (Aspire's <c>IResource</c> with its annotations as plain lists).</summary>
internal abstract class Resource(string name)
{
    public string Name { get; } = name;

    /// <summary>Endpoints the resource listens on.</summary>
    public List<EndpointAnnotation> Endpoints { get; } = [];

    /// <summary>Callbacks that add environment variables (Aspire's <c>EnvironmentCallbackAnnotation</c>), in order.</summary>
    public List<Action<EnvironmentCallbackContext>> EnvironmentCallbacks { get; } = [];

    /// <summary>Resources that must be healthy before this one starts (<c>WaitFor</c>).</summary>
    public List<Resource> WaitsFor { get; } = [];

    /// <summary>Resources this one references (<c>WithReference</c>): the relationship graph.</summary>
    public List<Resource> References { get; } = [];

    /// <summary>Work done once the resource is healthy and before dependants start (Aspire's <c>OnResourceReady</c>).</summary>
    public List<Func<Running.ResourceConsole, CancellationToken, Task>> ReadyCallbacks { get; } = [];

    public EndpointAnnotation GetEndpoint(string name) => Endpoints.FirstOrDefault(e => e.Name == name)
        ?? throw new InvalidOperationException($"Resource '{Name}' has no endpoint named '{name}'.");

    public override string ToString() => Name;
}

/// <summary>A resource other resources connect to by a connection string (<c>IResourceWithConnectionString</c>).</summary>
internal interface IResourceWithConnectionString
{
    string Name { get; }

    /// <summary>The name of the connection string, <c>ConnectionStrings__{name}</c>.</summary>
    string ConnectionStringName => Name;

    ReferenceExpression ConnectionStringExpression { get; }

    /// <summary>The connection properties injected as <c>{NAME}_{PROPERTY}</c> (Aspire 13+).</summary>
    IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties();
}

/// <summary>A reference to a resource's connection string: <c>{redis.connectionString}</c>.</summary>
internal sealed class ConnectionStringReference(IResourceWithConnectionString resource) : IValueProvider
{
    public string ValueExpression => $"{{{resource.Name}.connectionString}}";

    public bool IsSecret => resource.ConnectionStringExpression.IsSecret;

    public string GetValue(ValueTarget target) => resource.ConnectionStringExpression.GetValue(target);
}
