using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the one shared Redis connection, as Aspire's <c>AddRedisClient</c> does.</summary>
public static class RedisClientExtensions
{
    /// <summary>The health check name Aspire's Redis component uses.</summary>
    public const string HealthCheckName = "StackExchange.Redis";

    /// <summary>
    /// Registers a singleton <see cref="IConnectionMultiplexer"/> from <c>ConnectionStrings:{connectionName}</c>
    /// with <c>AbortOnConnectFail=false</c> (the service starts while Redis is still coming up), and a readiness
    /// health check named <see cref="HealthCheckName"/>.
    /// </summary>
    public static IHostApplicationBuilder AddRedisClient(this IHostApplicationBuilder builder, string connectionName = "redis")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"Redis connection string 'ConnectionStrings:{connectionName}' is missing. Set ConnectionStrings__{connectionName}, for example '127.0.0.1:6379,password=...'.");
        }

        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ClientName ??= builder.Environment.ApplicationName;

        // Complete replies on the .NET thread pool instead of the library's dedicated worker threads: one thread hop
        // fewer per command, which is most of a command's cost on small (2-core) pods.
        options.SocketManager ??= SocketManager.ThreadPool;

        builder.Services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        builder.Services.AddHealthChecks().AddRedis(sp => sp.GetRequiredService<IConnectionMultiplexer>(), name: HealthCheckName);
        return builder;
    }
}
