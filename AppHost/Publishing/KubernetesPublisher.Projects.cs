using k8s;
using k8s.Models;

namespace Antigravity.AppHost.Publishing;

internal static partial class KubernetesPublisher
{
    /// <summary>Seconds between the pod leaving the Service's endpoints and SIGTERM, so no new request reaches a stopping replica.</summary>
    private const int PreStopDelaySeconds = 5;

    private static IEnumerable<(string, IKubernetesObject)> Project(ProjectResource project)
    {
        var (config, secrets) = Split(ResourceEnvironment.ForPublish(project));
        yield return ConfigMap(project.Name, config);
        yield return Secret(project.Name, secrets);
        yield return Deployment(project);
        yield return Service(project);
        if (project.Replicas > 1)
        {
            yield return Autoscaler(project);
            yield return DisruptionBudget(project);
        }
    }

    private static (string, IKubernetesObject) Deployment(ProjectResource project)
    {
        var isGateway = project.Replicas > 1;
        var container = new V1Container
        {
            Name = project.Name,
            Image = $"{project.Name}:latest", // Aspire's publisher default (<res>:latest): set the registry with kustomize `images:`.
            ImagePullPolicy = "IfNotPresent",
            Ports = Ports(project),
            EnvFrom = EnvFrom(project.Name),
            Resources = isGateway ? Limits("250m", "256Mi", "2", "1Gi") : Limits("100m", "192Mi", "1", "512Mi"),
            // A replica leaves the Service before it is told to stop, then drains its streams (ShutdownTimeout).
            Lifecycle = new V1Lifecycle { PreStop = new V1LifecycleHandler { Sleep = new V1SleepAction { Seconds = PreStopDelaySeconds } } },
        };
        if (project.HealthCheckPath is { } readiness)
        {
            container.ReadinessProbe = HttpProbe(readiness, periodSeconds: 5, failureThreshold: 3);
            container.StartupProbe = HttpProbe(readiness, periodSeconds: 2, failureThreshold: 60);
        }

        if (project.LivenessPath is { } liveness)
        {
            container.LivenessProbe = HttpProbe(liveness, periodSeconds: 10, failureThreshold: 3);
        }

        return ($"{project.Name}-deployment.yaml", new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = Metadata(KubernetesNames.Workload(project.Name, stateful: false), project.Name),
            Spec = new V1DeploymentSpec
            {
                Replicas = project.Replicas,
                RevisionHistoryLimit = 3,
                Selector = new V1LabelSelector { MatchLabels = Labels(project.Name) },
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "1", MaxUnavailable = isGateway ? "0" : "1" },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Labels(project.Name) },
                    Spec = new V1PodSpec
                    {
                        Containers = [container],
                        TerminationGracePeriodSeconds = PreStopDelaySeconds + (long)project.ShutdownTimeout.TotalSeconds + 5,
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
                ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = KubernetesNames.Workload(project.Name, stateful: false) },
                MinReplicas = project.Replicas,
                MaxReplicas = project.Replicas * 5,
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
