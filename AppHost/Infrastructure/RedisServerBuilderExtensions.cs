using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Antigravity.AppHost.Infrastructure;

internal static class RedisServerBuilderExtensions
{
    /// <summary>
    /// Redis for the cluster: the server named by <c>ConnectionStrings:{name}</c> when one is configured, otherwise a local
    /// <c>redis-server</c> on loopback with a generated password, appending every write to its AOF (<c>appendfsync
    /// everysec</c>) when <paramref name="data"/> is persistent.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRedisServer(
        this IDistributedApplicationBuilder builder, string name, DataDirectory data, bool persistSecrets)
    {
        if (builder.Configuration.GetConnectionString(name) is { Length: > 0 })
        {
            return builder.AddConnectionString(name);
        }

        var password = builder.AddGeneratedSecret($"{name}-password", persistSecrets);
        var directory = data.For(name);
        var port = builder.ExecutionContext.IsPublishMode ? 6379 : FreePort.Next();
        // Throwaway data keeps an AOF too (deleted with the folder when the AppHost stops): a Redis restart in the middle
        // of a run loses nothing acknowledged, as in a team's run (ClusterTests restarts it under load).
        var persistence = "--appendonly yes --appendfsync everysec " + (data.IsPersistent ? "--save 3600 1" : "--save ''");

        // The password goes into a mode-600 file, not onto the command line where ps would show it; exec leaves
        // redis-server as the process DCP supervises, so its stop signal reaches the server.
        var script = "umask 077 && printf 'requirepass \"%s\"\\n' \"$REDIS_PASSWORD\" > auth.conf && unset REDIS_PASSWORD && "
            + $"exec redis-server auth.conf --port \"$REDIS_PORT\" --bind 127.0.0.1 --dir . --daemonize no {persistence}";
        var redis = new RedisServerResource(name, password.Resource, directory);
        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new(healthCheck, _ => new RedisPingHealthCheck(redis), failureStatus: null, tags: null));

        return builder.AddResource(redis)
            .WithLoopbackTcpEndpoint(RedisServerResource.PrimaryEndpointName, port)
            .WithArgs("-c", script)
            .WithEnvironment("REDIS_PORT", port.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("REDIS_PASSWORD", password)
            .WithHealthCheck(healthCheck)
            .PublishAsContainer(KubernetesManifests.RedisImage,
                ["--requirepass", $"{{{password.Resource.Name}.value}}", "--appendonly", "yes", "--appendfsync", "everysec"],
                new Dictionary<string, string>())
            .WithIconName("Database");
    }
}
