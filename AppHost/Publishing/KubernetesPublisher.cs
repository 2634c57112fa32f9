using k8s;
using k8s.Models;

namespace Antigravity.AppHost.Publishing;

/// <summary>
/// Kubernetes manifests from the app model, built as KubernetesClient objects and serialized with <see cref="KubernetesYaml"/>:
/// per project a Deployment, Service, ConfigMap and Secret (environment split by secrecy, as Aspire's publisher does);
/// StatefulSets for Redis and RabbitMQ unless existing servers were given; for the gateway a HorizontalPodAutoscaler and a
/// PodDisruptionBudget; and a kustomization.yaml listing everything. Labels follow Aspire's Kubernetes publisher.
/// </summary>
internal static partial class KubernetesPublisher
{
    public const string AppName = "antigravity";

    public static IReadOnlyList<string> Write(DistributedApplication app, string outputDirectory)
    {
        var objects = new List<(string File, IKubernetesObject Object)>();
        foreach (var resource in app.Resources)
        {
            objects.AddRange(resource switch
            {
                RedisResource { IsExternal: false } redis => Redis(redis),
                RabbitMQServerResource { IsExternal: false } rabbit => RabbitMq(rabbit),
                ProjectResource { RunOnly: false } project => Project(project),
                _ => [],
            });
        }

        var files = new List<string>();
        foreach (var (file, value) in objects)
        {
            File.WriteAllText(Path.Combine(outputDirectory, file), KubernetesYaml.Serialize(value).TrimEnd() + "\n");
            files.Add(file);
        }

        File.WriteAllText(Path.Combine(outputDirectory, "kustomization.yaml"), Kustomization(files));
        return files;
    }

    /// <summary>Aspire's publisher labels: chart name, resource, release.</summary>
    public static Dictionary<string, string> Labels(string resource) => new()
    {
        ["app.kubernetes.io/name"] = AppName,
        ["app.kubernetes.io/component"] = resource,
        ["app.kubernetes.io/instance"] = AppName,
    };

    private static string Kustomization(IEnumerable<string> files) =>
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
        + string.Concat(files.Select(f => $"- {f}\n"));

    private static V1ObjectMeta Metadata(string name, string resource) => new() { Name = name, Labels = Labels(resource) };

    /// <summary>Splits an environment into ConfigMap data and Secret data, values resolved for the cluster (service DNS names, container ports).</summary>
    private static (Dictionary<string, string> Config, Dictionary<string, string> Secrets) Split(Dictionary<string, object> env)
    {
        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in env)
        {
            (ResourceEnvironment.IsSecret(value) ? secrets : config)[name] = ResourceEnvironment.Resolve(value, ValueTarget.Kubernetes);
        }

        return (config, secrets);
    }

    private static (string, IKubernetesObject) ConfigMap(string resource, Dictionary<string, string> data) =>
        ($"{resource}-config.yaml", new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = Metadata(KubernetesNames.Config(resource), resource), Data = data });

    private static (string, IKubernetesObject) Secret(string resource, Dictionary<string, string> data) =>
        ($"{resource}-secrets.yaml", new V1Secret { ApiVersion = "v1", Kind = "Secret", Type = "Opaque", Metadata = Metadata(KubernetesNames.Secrets(resource), resource), StringData = data });

    private static (string, IKubernetesObject) Service(Resource resource) =>
        ($"{resource.Name}-service.yaml", new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = Metadata(KubernetesNames.Service(resource.Name), resource.Name),
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = Labels(resource.Name),
                Ports = [.. resource.Endpoints.Select(e => new V1ServicePort { Name = e.Name, Port = e.TargetPort, TargetPort = e.Name, Protocol = "TCP" })],
            },
        });

    private static List<V1EnvFromSource> EnvFrom(string resource) =>
    [
        new() { ConfigMapRef = new V1ConfigMapEnvSource { Name = KubernetesNames.Config(resource) } },
        new() { SecretRef = new V1SecretEnvSource { Name = KubernetesNames.Secrets(resource) } },
    ];

    private static List<V1ContainerPort> Ports(Resource resource) =>
        [.. resource.Endpoints.Select(e => new V1ContainerPort { Name = e.Name, ContainerPort = e.TargetPort, Protocol = "TCP" })];

    private static V1ResourceRequirements Limits(string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit) => new()
    {
        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpuRequest), ["memory"] = new(memoryRequest) },
        Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpuLimit), ["memory"] = new(memoryLimit) },
    };
}
