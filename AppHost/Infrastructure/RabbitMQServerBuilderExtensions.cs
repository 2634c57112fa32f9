using Microsoft.Extensions.Configuration;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Antigravity.AppHost.Infrastructure;

internal static class RabbitMQServerBuilderExtensions
{
    /// <summary>Debian's broker script. Run directly: the <c>/usr/sbin</c> wrapper switches user with <c>su</c>, which
    /// starts a new session that DCP could not stop.</summary>
    public const string BrokerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    /// <summary>
    /// RabbitMQ for the cluster: the broker named by <c>ConnectionStrings:{name}</c> when one is configured, otherwise a
    /// private local node (own node name, ports, data folder) with its own <c>epmd</c> as a resource beside it, so that no
    /// shared epmd daemon outlives the run.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRabbitMQServer(
        this IDistributedApplicationBuilder builder, string name, DataDirectory data, bool persistSecrets)
    {
        if (builder.Configuration.GetConnectionString(name) is { Length: > 0 })
        {
            return builder.AddConnectionString(name);
        }

        var user = builder.AddParameter($"{name}-username", "antigravity");
        var password = builder.AddGeneratedSecret($"{name}-password", persistSecrets);
        var directory = data.For(name);
        var port = builder.ExecutionContext.IsPublishMode ? 5672 : FreePort.Next();
        var epmdPort = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        // Set explicitly: the default (node port + 20000) can pass 65535.
        var distPort = FreePort.Next().ToString(CultureInfo.InvariantCulture);

        var epmd = builder.AddExecutable($"{name}-epmd", "epmd", directory, "-port", epmdPort)
            .ExcludeFromManifest()
            .WithIconName("PlugConnected");

        var rabbit = new RabbitMQServerResource(name, user.Resource, password.Resource, directory);
        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new(healthCheck, _ => new AmqpHealthCheck(rabbit.PrimaryEndpoint), failureStatus: null, tags: null));

        // A throwaway node gets a name of its own, so that two runs on one machine never meet; a persistent one keeps its
        // name, because its data folder (mnesia) is named after it.
        var nodeName = data.IsPersistent ? $"antigravity-{name}@localhost" : $"antigravity-{Environment.ProcessId}-{name}@localhost";
        return builder.AddResource(rabbit)
            .WithLoopbackTcpEndpoint(RabbitMQServerResource.PrimaryEndpointName, port)
            .WithEnvironment(async context =>
            {
                if (!context.ExecutionContext.IsRunMode)
                {
                    return; // published as a container (PublishAsContainer): nothing to prepare on this machine
                }

                var env = context.EnvironmentVariables;
                env["ERL_EPMD_PORT"] = epmdPort;
                env["RABBITMQ_NODENAME"] = nodeName;
                env["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
                env["RABBITMQ_NODE_PORT"] = port.ToString(CultureInfo.InvariantCulture);
                env["RABBITMQ_DIST_PORT"] = distPort;
                env["RABBITMQ_MNESIA_BASE"] = Directory.CreateDirectory(Path.Combine(directory, "mnesia")).FullName;
                env["RABBITMQ_LOG_BASE"] = Directory.CreateDirectory(Path.Combine(directory, "log")).FullName;
                env["RABBITMQ_LOGS"] = "-"; // to stdout, so the dashboard's console log shows it
                env["RABBITMQ_PID_FILE"] = Path.Combine(directory, "rabbit.pid");
                env["RABBITMQ_ENABLED_PLUGINS_FILE"] = WriteFile(directory, "enabled_plugins", "[].\n");
                env["HOME"] = Directory.CreateDirectory(Path.Combine(directory, "home")).FullName;

                // The first boot of an empty node creates this user; the password stays out of the environment.
                var userName = await user.Resource.GetValueAsync(context.CancellationToken);
                var secret = await password.Resource.GetValueAsync(context.CancellationToken);
                env["RABBITMQ_CONFIG_FILE"] = WriteFile(directory, "rabbitmq.conf", $"default_user = {userName}\ndefault_pass = {secret}\n", secret: true);
            })
            .WaitForStart(epmd)
            .WithHealthCheck(healthCheck)
            .PublishAsContainer(KubernetesManifests.RabbitMQImage, [], new Dictionary<string, string>
            {
                ["RABBITMQ_DEFAULT_USER"] = $"{{{user.Resource.Name}.value}}",
                ["RABBITMQ_DEFAULT_PASS"] = $"{{{password.Resource.Name}.value}}",
            })
            .WithIconName("Mail");
    }

    private static string WriteFile(string directory, string name, string content, bool secret = false)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        if (secret)
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }
}
