using k8s;
using k8s.Models;

namespace Antigravity.AppHost.Publishing;

internal static partial class KubernetesPublisher
{
    /// <summary>Redis in a StatefulSet with a data volume; the password comes from its Secret (never the command line).</summary>
    private static IEnumerable<(string, IKubernetesObject)> Redis(RedisResource redis)
    {
        yield return Secret(redis.Name, new() { ["REDIS_PASSWORD"] = redis.PasswordParameter.GetValue(ValueTarget.Kubernetes) });
        var container = new V1Container
        {
            Name = redis.Name,
            Image = $"{RedisResource.Image}:{RedisResource.ImageTag}",
            Command = ["/bin/sh", "-c", "exec redis-server --requirepass \"$REDIS_PASSWORD\" --dir /data --appendonly yes"],
            Ports = Ports(redis),
            EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = KubernetesNames.Secrets(redis.Name) } }],
            ReadinessProbe = TcpProbe(periodSeconds: 5),
            LivenessProbe = TcpProbe(periodSeconds: 15),
            Resources = Limits("100m", "128Mi", "1", "1Gi"),
            VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data" }],
        };
        yield return StatefulSet(redis, container, "1Gi");
        yield return Service(redis);
    }

    /// <summary>RabbitMQ in a StatefulSet (a stable host name keeps its node name), default user from its Secret.</summary>
    private static IEnumerable<(string, IKubernetesObject)> RabbitMq(RabbitMQServerResource rabbit)
    {
        yield return Secret(rabbit.Name, new()
        {
            ["RABBITMQ_DEFAULT_USER"] = rabbit.UserNameParameter.GetValue(ValueTarget.Kubernetes),
            ["RABBITMQ_DEFAULT_PASS"] = rabbit.PasswordParameter.GetValue(ValueTarget.Kubernetes),
        });
        var container = new V1Container
        {
            Name = rabbit.Name,
            Image = $"{RabbitMQServerResource.Image}:{RabbitMQServerResource.ImageTag}",
            Ports = Ports(rabbit),
            EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = KubernetesNames.Secrets(rabbit.Name) } }],
            ReadinessProbe = TcpProbe(periodSeconds: 5),
            LivenessProbe = TcpProbe(periodSeconds: 20, initialDelaySeconds: 30),
            Resources = Limits("200m", "256Mi", "1", "1Gi"),
            VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/var/lib/rabbitmq" }],
        };
        yield return StatefulSet(rabbit, container, "2Gi");
        yield return Service(rabbit);
    }

    private static (string, IKubernetesObject) StatefulSet(Resource resource, V1Container container, string storage) =>
        ($"{resource.Name}-statefulset.yaml", new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = Metadata(KubernetesNames.Workload(resource.Name, stateful: true), resource.Name),
            Spec = new V1StatefulSetSpec
            {
                Replicas = 1,
                ServiceName = KubernetesNames.Service(resource.Name),
                Selector = new V1LabelSelector { MatchLabels = Labels(resource.Name) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Labels(resource.Name) },
                    Spec = new V1PodSpec { Containers = [container], TerminationGracePeriodSeconds = 30 },
                },
                VolumeClaimTemplates =
                [
                    new V1PersistentVolumeClaim
                    {
                        Metadata = new V1ObjectMeta { Name = "data" },
                        Spec = new V1PersistentVolumeClaimSpec
                        {
                            AccessModes = ["ReadWriteOnce"],
                            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(storage) } },
                        },
                    },
                ],
            },
        });

    private static V1Probe TcpProbe(int periodSeconds, int initialDelaySeconds = 0) => new()
    {
        TcpSocket = new V1TCPSocketAction { Port = "tcp" },
        PeriodSeconds = periodSeconds,
        InitialDelaySeconds = initialDelaySeconds,
        TimeoutSeconds = 3,
    };
}
