using k8s;
using k8s.Models;

namespace Antigravity.AppHost.Kubernetes;

internal static partial class KubernetesManifests
{
    /// <summary>Seconds between the pod leaving the Service's endpoints and SIGTERM, so no new request reaches a stopping replica.</summary>
    private const int PreStopDelaySeconds = 5;

    /// <summary>How long a replica drains open streams after SIGTERM (Gateway:ShutdownDrain).</summary>
    private const int DrainSeconds = 30;

    /// <summary>The gateway's <c>Gateway:UsageFlushTimeout</c> default: after the drain, its queued usage records are written.</summary>
    private const int UsageFlushSeconds = 10;

    private static IEnumerable<(string, IKubernetesObject)> Project(ProjectResource project, Dictionary<string, KubernetesValues.Value> env)
    {
        // Plain values go into the ConfigMap; a value that reads a secret becomes a container variable: a secretKeyRef when
        // it is the secret, or a $(VAR) expansion after the variables that read the secrets it combines.
        var config = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OTEL_SERVICE_NAME"] = project.Name,
        };
        var secretVariables = new List<V1EnvVar>();
        var composed = new List<V1EnvVar>();
        foreach (var (name, value) in env.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (value.Secrets.Count == 0)
            {
                config[name] = value.Text;
            }
            else if (value.WholeSecret is { } parameter)
            {
                composed.Add(SecretVariable(name, parameter));
            }
            else
            {
                composed.Add(new V1EnvVar { Name = name, Value = value.Text });
                secretVariables.AddRange(value.Secrets.Select(s => SecretVariable(KubernetesValues.VariableName(s), s)));
            }
        }

        config["HTTP_PORTS"] = KubernetesValues.ProjectPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        config.Remove("ASPNETCORE_URLS");
        var variables = secretVariables.DistinctBy(v => v.Name).Concat(composed).ToList();

        yield return ($"{project.Name}-config.yaml", new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = Metadata($"{project.Name}-config", project.Name),
            Data = config,
        });
        yield return Deployment(project, variables);
        yield return Service(project.Name, KubernetesValues.ProjectPort, "http");
        if (project.GetReplicaCount() > 1)
        {
            yield return Autoscaler(project);
            yield return DisruptionBudget(project);
        }
    }

    private static (string, IKubernetesObject) Deployment(ProjectResource project, List<V1EnvVar> variables)
    {
        var replicas = project.GetReplicaCount();
        var replicated = replicas > 1;
        var container = new V1Container
        {
            Name = project.Name,
            Image = $"{project.Name}:latest", // Aspire's publisher default (<res>:latest): set the registry with kustomize `images:`.
            ImagePullPolicy = "IfNotPresent",
            Ports = [new V1ContainerPort { Name = "http", ContainerPort = KubernetesValues.ProjectPort, Protocol = "TCP" }],
            EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = $"{project.Name}-config" } }],
            Env = variables.Count > 0 ? variables : null,
            Resources = replicated ? Limits("250m", "256Mi", "2", "1Gi") : Limits("100m", "192Mi", "1", "512Mi"),
            // A replica leaves the Service before it is told to stop, then drains its streams.
            Lifecycle = new V1Lifecycle { PreStop = new V1LifecycleHandler { Sleep = new V1SleepAction { Seconds = PreStopDelaySeconds } } },
        };
        if (project.TryGetAnnotationsOfType<HealthCheckAnnotation>(out _))
        {
            // ServiceDefaults maps /health (ready: every check) and /alive (live) in every environment.
            container.ReadinessProbe = HttpProbe("/health", periodSeconds: 5, failureThreshold: 3);
            container.StartupProbe = HttpProbe("/health", periodSeconds: 2, failureThreshold: 60);
            container.LivenessProbe = HttpProbe("/alive", periodSeconds: 10, failureThreshold: 3);
        }

        return ($"{project.Name}-deployment.yaml", new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = Metadata($"{project.Name}-deployment", project.Name),
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                RevisionHistoryLimit = 3,
                Selector = new V1LabelSelector { MatchLabels = Labels(project.Name) },
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "1", MaxUnavailable = replicated ? "0" : "1" },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Labels(project.Name) },
                    Spec = new V1PodSpec
                    {
                        Containers = [container],
                        TerminationGracePeriodSeconds = PreStopDelaySeconds + DrainSeconds + UsageFlushSeconds + 5,
                    },
                },
            },
        });
    }

    private static V1Probe HttpProbe(string path, int periodSeconds, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = "http" },
        PeriodSeconds = periodSeconds,
        TimeoutSeconds = 3,
        FailureThreshold = failureThreshold,
    };

    /// <summary>Gateway replicas are stateless: scale on CPU from the declared replica count up to five times it.</summary>
    private static (string, IKubernetesObject) Autoscaler(ProjectResource project) =>
        ($"{project.Name}-hpa.yaml", new V2HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v2",
            Kind = "HorizontalPodAutoscaler",
            Metadata = Metadata($"{project.Name}-hpa", project.Name),
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = $"{project.Name}-deployment" },
                MinReplicas = project.GetReplicaCount(),
                MaxReplicas = project.GetReplicaCount() * 5,
                Metrics =
                [
                    new V2MetricSpec
                    {
                        Type = "Resource",
                        Resource = new V2ResourceMetricSource { Name = "cpu", Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = 70 } },
                    },
                ],
            },
        });

    /// <summary>Voluntary disruptions (node drains, upgrades) keep at least one replica serving.</summary>
    private static (string, IKubernetesObject) DisruptionBudget(ProjectResource project) =>
        ($"{project.Name}-pdb.yaml", new V1PodDisruptionBudget
        {
            ApiVersion = "policy/v1",
            Kind = "PodDisruptionBudget",
            Metadata = Metadata($"{project.Name}-pdb", project.Name),
            Spec = new V1PodDisruptionBudgetSpec { MinAvailable = 1, Selector = new V1LabelSelector { MatchLabels = Labels(project.Name) } },
        });
}
