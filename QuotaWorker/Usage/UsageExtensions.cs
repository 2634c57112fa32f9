using Antigravity.QuotaWorker.Usage;
using MassTransit;

namespace Microsoft.Extensions.Hosting;

internal static class UsageExtensions
{
    public static IHostApplicationBuilder AddUsageCounters(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<UsageOptions>().BindConfiguration(UsageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<UsageRecorder>();
        builder.Services.AddSingleton<UsageReader>();
        return builder;
    }

    public static void AddUsageConsumers(this IBusRegistrationConfigurator bus, IConfiguration configuration, string? endpointPrefix)
    {
        var options = configuration.GetSection(UsageOptions.SectionName).Get<UsageOptions>() ?? new UsageOptions();
        bus.AddConsumer<RequestCompletedConsumer>(consumer => consumer.Options<BatchOptions>(batch => batch
            .SetMessageLimit(options.BatchSize)
            .SetTimeLimit(options.BatchTimeLimit)
            .SetConcurrencyLimit(2)))
            .Endpoint(e => e.Name = ScanningExtensions.EndpointName(endpointPrefix, "request-completed"));
    }
}
