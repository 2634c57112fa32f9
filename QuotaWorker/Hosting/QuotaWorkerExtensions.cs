using Antigravity.ClusterState;
using Antigravity.ClusterState.Secrets;
using Antigravity.QuotaWorker.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

internal static class QuotaWorkerExtensions
{
    /// <summary>Everything the worker runs: Redis, the bus and its consumers, scans, usage (from the Redis usage stream), the log, pool health, the read API.</summary>
    public static IHostApplicationBuilder AddQuotaWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddRedisClient(RedisClientDefaults.ConnectionName, configureOptions: RedisClientDefaults.Apply);
        builder.Services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ClusterRedis>();
        builder.Services.AddSingleton<WorkerMetrics>();
        builder.Services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SecretProtector>();

        // Messaging:EndpointPrefix gives a worker group its own queues (tests sharing one broker); replicas of one
        // deployment share the default ones and compete for messages, which is the point.
        builder.AddMessaging(bus => bus.AddScanConsumers());

        builder.AddQuotaScanning();
        builder.AddUsageCounters();
        builder.AddRequestLog();
        builder.AddPoolHealth();
        builder.AddStatsApi();
        return builder;
    }
}
