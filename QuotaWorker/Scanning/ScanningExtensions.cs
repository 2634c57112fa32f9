using Antigravity.ClusterState.Credentials;
using Antigravity.QuotaWorker.PoolHealth;
using Antigravity.QuotaWorker.Scanning;
using MassTransit;

namespace Microsoft.Extensions.Hosting;

internal static class ScanningExtensions
{
    /// <summary>The named HttpClient for <c>fetchAvailableModels</c> (tests add handlers to it).</summary>
    public const string QuotaClientName = "cloudcode-quota";

    public static IHostApplicationBuilder AddQuotaScanning(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ScanningOptions>().BindConfiguration(ScanningOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.AddCloudCodeOptions();
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<InternalOptions>().BindConfiguration(InternalOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // Quota calls time out per scan (ScanningOptions.RequestTimeout) and fall back across hosts themselves;
        // the blanket resilience handler would add retries and a second timeout on top.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented opt-out (ServiceDefaults).
        builder.Services.AddHttpClient(QuotaClientName).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddInternalApiClient(orAdminKey: true);

        builder.Services.AddSingleton<PoolReader>();
        builder.Services.AddSingleton<ScanLease>();
        builder.Services.AddSingleton<QuotaStore>();
        builder.Services.AddSingleton<CatalogBuilder>();
        builder.Services.AddSingleton<AccountCredentials>();
        builder.Services.AddSingleton<AccountScanner>();
        builder.Services.AddSingleton<ScanQueue>();
        builder.Services.AddSingleton<ScanScheduler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ScanScheduler>());
        builder.Services.AddHostedService<ScanWorker>();
        return builder;
    }

    /// <summary>Queues named by MassTransit's formatter (<c>AddMessaging</c>): <c>quotaworker-account-added</c>, ...</summary>
    public static void AddScanConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<AccountAddedConsumer>();
        bus.AddConsumer<AccountRateLimitedConsumer>();
        bus.AddConsumer<ScanQuotaConsumer>();
    }
}
