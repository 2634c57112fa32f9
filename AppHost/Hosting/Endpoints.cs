namespace Antigravity.AppHost.Hosting;

/// <summary>
/// An endpoint (Aspire's <c>EndpointAnnotation</c>). <see cref="TargetPort"/> is what the workload listens on when
/// deployed (the container port); <see cref="AllocatedPort"/> is the local port allocated in run mode, the address every
/// reference gets. For a resource with replicas that is the load balancer's port and each replica has its own.
/// </summary>
internal sealed class EndpointAnnotation(Resource resource, string name, string scheme, int targetPort)
{
    public Resource Resource { get; } = resource;

    public string Name { get; } = name;

    public string Scheme { get; } = scheme;

    public int TargetPort { get; } = targetPort;

    /// <summary>Exposed outside the cluster (<c>WithExternalHttpEndpoints</c>).</summary>
    public bool IsExternal { get; set; }

    /// <summary>The port fixed by the user for run mode (<c>--port</c> for the gateway), else allocated at start.</summary>
    public int? FixedPort { get; set; }

    /// <summary>The local port, set when the app starts.</summary>
    public int? AllocatedPort { get; set; }

    /// <summary>The host references use in run mode. Redis and RabbitMQ run as local processes bound to IPv4
    /// loopback (no container proxy), so they are addressed as 127.0.0.1; projects listen on localhost as under Aspire.</summary>
    public string RunHost { get; set; } = "localhost";
}

internal enum EndpointProperty
{
    Url,
    Host,
    Port,
    TargetPort,
    Scheme,
}

/// <summary>An endpoint property as a value: <c>{gateway.bindings.http.url}</c>.</summary>
internal sealed class EndpointReference(EndpointAnnotation endpoint, EndpointProperty property = EndpointProperty.Url) : IValueProvider
{
    public EndpointAnnotation Endpoint { get; } = endpoint;

    public EndpointReference Property(EndpointProperty value) => new(Endpoint, value);

    public string ValueExpression => $"{{{Endpoint.Resource.Name}.bindings.{Endpoint.Name}.{ManifestName(property)}}}";

    public bool IsSecret => false;

    public string GetValue(ValueTarget target)
    {
        // In Kubernetes the host is the Service's DNS name and the port the Service port (= the container port),
        // as Aspire's Kubernetes publisher resolves references (http://<resource>-service:<port>).
        var host = target == ValueTarget.Run ? Endpoint.RunHost : KubernetesNames.Service(Endpoint.Resource.Name);
        var port = target == ValueTarget.Run
            ? Endpoint.AllocatedPort ?? throw new InvalidOperationException($"The port of {Endpoint.Resource.Name}/{Endpoint.Name} is not allocated yet.")
            : Endpoint.TargetPort;
        return property switch
        {
            EndpointProperty.Url => $"{Endpoint.Scheme}://{host}:{port}",
            EndpointProperty.Host => host,
            EndpointProperty.Port => port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            EndpointProperty.TargetPort => Endpoint.TargetPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => Endpoint.Scheme,
        };
    }

    private static string ManifestName(EndpointProperty property) => property switch
    {
        EndpointProperty.Url => "url",
        EndpointProperty.Host => "host",
        EndpointProperty.Port => "port",
        EndpointProperty.TargetPort => "targetPort",
        _ => "scheme",
    };
}

/// <summary>The names the Kubernetes publisher gives a resource's objects (Aspire's publisher: <c>&lt;res&gt;-service</c>, …).</summary>
internal static class KubernetesNames
{
    public static string Service(string resource) => $"{resource}-service";

    public static string Workload(string resource, bool stateful) => stateful ? $"{resource}-statefulset" : $"{resource}-deployment";

    public static string Config(string resource) => $"{resource}-config";

    public static string Secrets(string resource) => $"{resource}-secrets";
}
