using Antigravity.QuotaWorker.PoolHealth;

namespace Microsoft.Extensions.Hosting;

internal static class PoolHealthExtensions
{
    public static IHostApplicationBuilder AddPoolHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PoolHealthOptions>().BindConfiguration(PoolHealthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PoolMaintenance>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PoolMaintenance>());
        return builder;
    }
}
