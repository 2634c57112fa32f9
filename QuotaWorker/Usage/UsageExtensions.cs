using Antigravity.QuotaWorker.Usage;

namespace Microsoft.Extensions.Hosting;

internal static class UsageExtensions
{
    /// <summary>Usage counters: the usage stream's consumer, the recorder and the reader behind the stats API.</summary>
    public static IHostApplicationBuilder AddUsageCounters(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<UsageOptions>().BindConfiguration(UsageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<UsageRecorder>();
        builder.Services.AddSingleton<UsageReader>();
        builder.Services.AddSingleton<UsageStreamConsumer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<UsageStreamConsumer>());
        return builder;
    }
}
