using k8s;
using k8s.Models;

namespace Antigravity.AppHost.Kubernetes;

internal static partial class KubernetesManifests
{
    /// <summary>The images the servers run as in a cluster (locally they are Debian's redis-server and rabbitmq-server).</summary>
    public const string RedisImage = "docker.io/library/redis:7.4";
    public const string RabbitMQImage = "docker.io/library/rabbitmq:3.13";

    /// <summary>Redis in a StatefulSet with a data volume and AOF; the password from the Secret (never the command line).</summary>
    private static IEnumerable<(string, IKubernetesObject)> Redis(RedisServerResource redis)
    {
        var container = new V1Container
        {
            Name = redis.Name,
            Image = RedisImage,
            Command = ["/bin/sh", "-c", "exec redis-server --requirepass \"$REDIS_PASSWORD\" --dir /data --appendonly yes --appendfsync everysec"],
            Ports = [new V1ContainerPort { Name = "tcp", ContainerPort = KubernetesValues.ContainerPort(redis), Protocol = "TCP" }],
            Env = [SecretVariable("REDIS_PASSWORD", redis.PasswordParameter)],
            ReadinessProbe = TcpProbe(periodSeconds: 5),
            LivenessProbe = TcpProbe(periodSeconds: 15),
            Resources = Limits("100m", "128Mi", "1", "1Gi"),
            VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data" }],
        };
        yield return StatefulSet(redis.Name, container, "1Gi");
        yield return Service(redis.Name, KubernetesValues.ContainerPort(redis), "tcp");
    }

    /// <summary>RabbitMQ in a StatefulSet (a stable host name keeps its node name), its default user from the Secret.</summary>
    private static IEnumerable<(string, IKubernetesObject)> RabbitMq(RabbitMQServerResource rabbit, string userName)
    {
        var container = new V1Container
        {
            Name = rabbit.Name,
            Image = RabbitMQImage,
            Ports = [new V1ContainerPort { Name = "tcp", ContainerPort = KubernetesValues.ContainerPort(rabbit), Protocol = "TCP" }],
            Env =
            [
                new V1EnvVar { Name = "RABBITMQ_DEFAULT_USER", Value = userName },
                SecretVariable("RABBITMQ_DEFAULT_PASS", rabbit.PasswordParameter),
            ],
            ReadinessProbe = TcpProbe(periodSeconds: 5),
            LivenessProbe = TcpProbe(periodSeconds: 20, initialDelaySeconds: 30),
            Resources = Limits("200m", "256Mi", "1", "1Gi"),
            VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/var/lib/rabbitmq" }],
        };
        yield return StatefulSet(rabbit.Name, container, "2Gi");
        yield return Service(rabbit.Name, KubernetesValues.ContainerPort(rabbit), "tcp");
    }

    private static (string, IKubernetesObject) StatefulSet(string resource, V1Container container, string storage) =>
        ($"{resource}-statefulset.yaml", new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = Metadata($"{resource}-statefulset", resource),
            Spec = new V1StatefulSetSpec
            {
                Replicas = 1,
                ServiceName = KubernetesValues.ServiceName(resource),
                Selector = new V1LabelSelector { MatchLabels = Labels(resource) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Labels(resource) },
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
