using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace Antigravity.AppHost.Tests;

/// <summary>
/// <c>publish</c> output parses into KubernetesClient models, and the objects agree with each other: selectors match
/// labels, Services target container ports, probes point at health paths, every referenced ConfigMap and Secret exists.
/// </summary>
public sealed partial class ManifestTests : IClassFixture<ManifestTests.Published>
{
    private readonly Published _published;

    public ManifestTests(Published published) => _published = published;

    [Fact]
    public void Workloads_Selectors_MatchTheirPodLabels()
    {
        foreach (var (name, selector, template) in _published.Workloads())
        {
            Assert.NotEmpty(selector);
            Assert.All(selector, kv => Assert.Equal(kv.Value, template.Metadata.Labels[kv.Key]));
            Assert.Equal("antigravity", template.Metadata.Labels["app.kubernetes.io/name"]);
            Assert.Equal("antigravity", template.Metadata.Labels["app.kubernetes.io/instance"]);
            Assert.True(template.Metadata.Labels.ContainsKey("app.kubernetes.io/component"), name);
        }
    }

    [Fact]
    public void Services_SelectAWorkload_AndTargetItsContainerPorts()
    {
        var services = _published.Of<V1Service>();
        Assert.Equal(["accountservice-service", "gateway-service", "messaging-service", "quotaworker-service", "redis-service", "webui-service"],
            services.Select(s => s.Metadata.Name).Order());
        foreach (var service in services)
        {
            var pods = _published.Workloads().Where(w => service.Spec.Selector.All(kv => w.Template.Metadata.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value)).ToList();
            var pod = Assert.Single(pods).Template;
            var ports = pod.Spec.Containers.SelectMany(c => c.Ports).ToList();
            foreach (var port in service.Spec.Ports)
            {
                Assert.Contains(ports, p => p.Name == port.TargetPort.Value || p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == port.TargetPort.Value);
            }
        }
    }

    [Fact]
    public void Projects_Probes_PointAtHealthPathsOnANamedPort()
    {
        foreach (var deployment in _published.Of<V1Deployment>())
        {
            var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
            Assert.Equal("/health", container.ReadinessProbe.HttpGet.Path);
            Assert.Equal("/alive", container.LivenessProbe.HttpGet.Path);
            Assert.Contains(container.Ports, p => p.Name == container.ReadinessProbe.HttpGet.Port.Value);
            Assert.Contains(container.Ports, p => p.Name == container.LivenessProbe.HttpGet.Port.Value);
            Assert.NotNull(container.Resources.Requests["cpu"]);
            Assert.NotNull(container.Resources.Limits["memory"]);
        }
    }

    [Fact]
    public void References_ExistingConfigMapsAndSecretKeys()
    {
        var configMaps = _published.Of<V1ConfigMap>().Select(c => c.Metadata.Name).ToHashSet();
        var secret = Assert.Single(_published.Of<V1Secret>());
        var containers = _published.Workloads().SelectMany(w => w.Template.Spec.Containers).ToList();
        var secretRefs = containers.SelectMany(c => c.Env ?? []).Where(e => e.ValueFrom?.SecretKeyRef is not null).Select(e => e.ValueFrom.SecretKeyRef).ToList();

        Assert.All(containers.SelectMany(c => c.EnvFrom ?? []), s => Assert.Contains(s.ConfigMapRef.Name, configMaps));
        Assert.NotEmpty(secretRefs);
        Assert.All(secretRefs, r => Assert.Equal(secret.Metadata.Name, r.Name));
        Assert.All(secretRefs, r => Assert.Contains(r.Key, secret.StringData.Keys));
    }

    [Fact]
    public void Containers_ExpandOnlyVariablesDefinedBeforeThem()
    {
        foreach (var container in _published.Workloads().SelectMany(w => w.Template.Spec.Containers))
        {
            var defined = new HashSet<string>();
            foreach (var variable in container.Env ?? [])
            {
                foreach (Match reference in Variable().Matches(variable.Value ?? ""))
                {
                    Assert.Contains(reference.Groups[1].Value, defined);
                }

                defined.Add(variable.Name);
            }
        }
    }

    [Fact]
    public void Gateway_Replicas_HaveAutoscalerBudgetAndGracePeriod()
    {
        var gateway = _published.Of<V1Deployment>().Single(d => d.Metadata.Name == "gateway-deployment");
        var hpa = Assert.Single(_published.Of<V2HorizontalPodAutoscaler>());
        var pdb = Assert.Single(_published.Of<V1PodDisruptionBudget>());

        Assert.Equal(2, gateway.Spec.Replicas);
        Assert.Equal(gateway.Metadata.Name, hpa.Spec.ScaleTargetRef.Name);
        Assert.Equal(2, hpa.Spec.MinReplicas);
        Assert.All(pdb.Spec.Selector.MatchLabels, kv => Assert.Equal(kv.Value, gateway.Spec.Template.Metadata.Labels[kv.Key]));
        Assert.True(gateway.Spec.Template.Spec.TerminationGracePeriodSeconds >= 5 + 30 + 10); // preStop, drain, usage flush
        Assert.NotNull(gateway.Spec.Template.Spec.Containers[0].Lifecycle.PreStop);
    }

    [Fact]
    public void Gateway_RuntimeSettings_ReachThePods()
    {
        var gatewayConfig = _published.Of<V1ConfigMap>().Single(c => c.Metadata.Name == "gateway-config").Data;

        // The gen0 budget the benchmark measures with (AppHost/Program.cs); only the gateway gets it.
        Assert.Equal("0x2000000", gatewayConfig["DOTNET_GCgen0size"]);
        Assert.DoesNotContain("DOTNET_GCgen0size", _published.Of<V1ConfigMap>().Single(c => c.Metadata.Name == "accountservice-config").Data.Keys);
    }

    [Fact]
    public void Secrets_LiveInOneSecret_ConfigMapsHoldNone()
    {
        var secret = Assert.Single(_published.Of<V1Secret>()).StringData;
        var gateway = _published.Of<V1Deployment>().Single(d => d.Metadata.Name == "gateway-deployment").Spec.Template.Spec.Containers[0];
        var gatewayConfig = _published.Of<V1ConfigMap>().Single(c => c.Metadata.Name == "gateway-config").Data;
        var env = gateway.Env.ToDictionary(e => e.Name);

        Assert.Equal("http://accountservice-service:8080", gatewayConfig["services__accountservice__http__0"]);
        Assert.Equal("8080", gatewayConfig["HTTP_PORTS"]);
        Assert.Equal("redis-service:6379,password=$(SECRET_REDIS_PASSWORD)", env["ConnectionStrings__redis"].Value);
        Assert.Equal("redis-password", env["SECRET_REDIS_PASSWORD"].ValueFrom.SecretKeyRef.Key);
        Assert.DoesNotContain("Admin__ApiKey", env.Keys); // the internet-facing gateway holds the admin key's hash only
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret["admin-api-key"]))), gatewayConfig["Gateway__AdminKeySha256"]);
        Assert.Equal("internal-api-key", env["Internal__ApiKey"].ValueFrom.SecretKeyRef.Key);
        Assert.Equal("gateway-client-key", env["Gateway__BootstrapApiKey"].ValueFrom.SecretKeyRef.Key);
        Assert.Equal(32, Convert.FromBase64String(secret["secrets-key"]).Length);
        Assert.Equal("REPLACE-ME-google-oauth-client-secret", secret["google-oauth-client-secret"]);
        foreach (var config in _published.Of<V1ConfigMap>())
        {
            Assert.All(config.Data.Values, value => Assert.DoesNotContain(value, secret.Values));
        }
    }

    [Fact]
    public void SecretFile_IsReadableByItsOwnerOnly()
    {
        var mode = File.GetUnixFileMode(Path.Combine(_published.Directory, "secrets.yaml"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public void Kustomization_ListsEveryManifest()
    {
        var listed = File.ReadAllLines(Path.Combine(_published.Directory, "kustomization.yaml"))
            .Where(l => l.StartsWith("- ", StringComparison.Ordinal)).Select(l => l[2..]).Order();
        var files = System.IO.Directory.GetFiles(_published.Directory, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order();

        Assert.Equal(files, listed);
    }

    [Fact]
    public void AspireManifest_ExpressionsReferenceDeclaredResources()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_published.Directory, "aspire-manifest.json")));
        var resources = manifest.RootElement.GetProperty("resources");
        var names = resources.EnumerateObject().Select(r => r.Name).ToHashSet();

        Assert.Equal("container.v0", resources.GetProperty("redis").GetProperty("type").GetString());
        Assert.Equal("{redis.bindings.tcp.host}:{redis.bindings.tcp.port},password={redis-password.value}", resources.GetProperty("redis").GetProperty("connectionString").GetString());
        Assert.Equal("parameter.v0", resources.GetProperty("redis-password").GetProperty("type").GetString());
        var gateway = resources.GetProperty("gateway");
        Assert.Equal("project.v0", gateway.GetProperty("type").GetString());
        Assert.True(File.Exists(Path.Combine(_published.Directory, gateway.GetProperty("path").GetString()!)));
        Assert.True(gateway.GetProperty("bindings").GetProperty("http").GetProperty("external").GetBoolean());
        Assert.DoesNotContain("cloudcode", names);
        foreach (Match match in Expression().Matches(manifest.RootElement.GetRawText()))
        {
            Assert.Contains(match.Groups[1].Value, names);
        }
    }

    [GeneratedRegex(@"\$\(([A-Za-z0-9_]+)\)")]
    private static partial Regex Variable();

    [GeneratedRegex(@"\{([a-z0-9-]+)\.(?:connectionString|value|inputs\.value|bindings\.[a-z]+\.(?:url|host|port|targetPort|scheme))\}")]
    private static partial Regex Expression();

    /// <summary>One <c>publish</c> run shared by the class.</summary>
    public sealed class Published : IDisposable
    {
        public Published()
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("apphost-publish-").FullName;
            // The built AppHost, as ./run.sh publish runs it (in a child process: Aspire's host is not made to run twice in one).
            using var publish = Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Antigravity.AppHost.dll"), "publish", "--output", Directory])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetTempPath(),
            })!;
            var output = publish.StandardOutput.ReadToEndAsync();
            var errors = publish.StandardError.ReadToEnd();
            publish.WaitForExit();
            Output = output.Result + errors;
            if (publish.ExitCode != 0)
            {
                throw new InvalidOperationException($"publish exited with {publish.ExitCode}:\n{Output}");
            }

            foreach (var file in System.IO.Directory.GetFiles(Directory, "*.yaml").Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal)))
            {
                Objects.AddRange(KubernetesYaml.LoadAllFromString(File.ReadAllText(file)));
            }
        }

        public string Directory { get; }

        public string Output { get; } = "";

        public List<object> Objects { get; } = [];

        public List<T> Of<T>() => [.. Objects.OfType<T>()];

        public IEnumerable<(string Name, IDictionary<string, string> Selector, V1PodTemplateSpec Template)> Workloads() =>
            Of<V1Deployment>().Select(d => (d.Metadata.Name, d.Spec.Selector.MatchLabels, d.Spec.Template))
                .Concat(Of<V1StatefulSet>().Select(s => (s.Metadata.Name, s.Spec.Selector.MatchLabels, s.Spec.Template)));

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }
}
