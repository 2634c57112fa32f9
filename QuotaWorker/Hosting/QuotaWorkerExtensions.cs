using Antigravity.ClusterState.Secrets;
using Antigravity.QuotaWorker.Hosting;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

internal static class QuotaWorkerExtensions
{
    /// <summary>Everything the worker runs: Redis, the bus and its consumers, scans, usage, the log, pool health, the read API.</summary>
    public static IHostApplicationBuilder AddQuotaWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddRedisClient();
        builder.Services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName);
        builder.Services.AddSingleton<RedisStore>();
        builder.Services.AddSingleton<WorkerMetrics>();
        builder.Services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SecretProtector>();

        builder.AddMessaging(bus =>
        {
            // Tests (and side-by-side deployments) give each worker group its own queues.
            if (builder.Configuration["Messaging:EndpointPrefix"] is { Length: > 0 } prefix)
            {
                bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(prefix, false));
            }

            bus.AddScanConsumers();
            bus.AddUsageConsumers(builder.Configuration);
        });

        builder.AddQuotaScanning();
        builder.AddUsageCounters();
        builder.AddRequestLog();
        builder.AddPoolHealth();
        builder.AddStatsApi();
        return builder;
    }
}
