using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Antigravity.AppHost.Kubernetes;

/// <summary>
/// Kubernetes manifests from Aspire's app model, built as KubernetesClient objects: per project a Deployment, Service
/// and ConfigMap; StatefulSets for Redis and RabbitMQ unless existing servers were given; for a replicated project (the
/// gateway) a HorizontalPodAutoscaler and a PodDisruptionBudget; one Secret for every secret parameter, which pods read
/// by <c>secretKeyRef</c>; and a kustomization.yaml listing everything. Labels follow Aspire's Kubernetes publisher.
/// </summary>
internal static partial class KubernetesManifests
{
    public const string AppName = "antigravity";

    public static async Task<IReadOnlyList<string>> WriteAsync(
        DistributedApplicationModel model, DistributedApplicationExecutionContext executionContext, string outputDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        var values = new KubernetesValues(model);
        var objects = new List<(string File, IKubernetesObject Object)>();
        var secrets = new HashSet<ParameterResource>();
        foreach (var resource in model.Resources)
        {
            switch (resource)
            {
                case RedisServerResource redis:
                    objects.AddRange(Redis(redis));
                    secrets.Add(redis.PasswordParameter);
                    break;
                case RabbitMQServerResource rabbit:
                    objects.AddRange(RabbitMq(rabbit, await KubernetesValues.ValueOfAsync(rabbit.UserNameParameter, cancellationToken)));
                    secrets.Add(rabbit.PasswordParameter);
                    break;
                case ProjectResource project when !project.TryGetLastAnnotation<ManifestPublishingCallbackAnnotation>(out var excluded) || excluded.Callback is not null:
                    var env = await EnvironmentAsync(project, executionContext, logger, cancellationToken);
                    var resolved = new Dictionary<string, KubernetesValues.Value>(StringComparer.Ordinal);
                    foreach (var (name, expression) in env)
                    {
                        resolved[name] = await values.ResolveAsync(expression, cancellationToken);
                    }

                    secrets.UnionWith(resolved.Values.SelectMany(v => v.Secrets));
                    objects.AddRange(Project(project, resolved));
                    break;
            }
        }

        var secretData = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in secrets.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            secretData[KubernetesValues.SecretKey(parameter)] = await KubernetesValues.ValueOfAsync(parameter, cancellationToken);
        }

        objects.Add(("secrets.yaml", new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Type = "Opaque",
            Metadata = new V1ObjectMeta { Name = KubernetesValues.SecretName, Labels = Labels("secrets") },
            StringData = secretData,
        }));

        Directory.CreateDirectory(outputDirectory);
        var files = new List<string>();
        foreach (var (file, value) in objects)
        {
            var path = Path.Combine(outputDirectory, file);
            File.WriteAllText(path, KubernetesYaml.Serialize(value).TrimEnd() + "\n");
            if (value is V1Secret)
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            files.Add(file);
        }

        File.WriteAllText(Path.Combine(outputDirectory, "kustomization.yaml"),
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n" + string.Concat(files.Select(f => $"- {f}\n")));
        return files;
    }

    /// <summary>Aspire's publisher labels: chart name, resource, release.</summary>
    public static Dictionary<string, string> Labels(string resource) => new()
    {
        ["app.kubernetes.io/name"] = AppName,
        ["app.kubernetes.io/component"] = resource,
        ["app.kubernetes.io/instance"] = AppName,
    };

    /// <summary>The environment Aspire gives a resource in publish mode, as manifest expressions.</summary>
    private static async Task<Dictionary<string, string>> EnvironmentAsync(
        IResource resource, DistributedApplicationExecutionContext executionContext, ILogger logger, CancellationToken cancellationToken)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(resource)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(executionContext, logger, cancellationToken);
        return configuration.EnvironmentVariables.ToDictionary(StringComparer.Ordinal);
    }

    private static V1ObjectMeta Metadata(string name, string resource) => new() { Name = name, Labels = Labels(resource) };

    private static (string, IKubernetesObject) Service(string resource, int port, string portName) =>
        ($"{resource}-service.yaml", new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = Metadata(KubernetesValues.ServiceName(resource), resource),
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = Labels(resource),
                Ports = [new V1ServicePort { Name = portName, Port = port, TargetPort = portName, Protocol = "TCP" }],
            },
        });

    private static V1ResourceRequirements Limits(string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit) => new()
    {
        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpuRequest), ["memory"] = new(memoryRequest) },
        Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpuLimit), ["memory"] = new(memoryLimit) },
    };

    private static V1EnvVar SecretVariable(string name, ParameterResource parameter) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = KubernetesValues.SecretName, Key = KubernetesValues.SecretKey(parameter) } },
    };
}
