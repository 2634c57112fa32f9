using Antigravity.ClusterState;
using Antigravity.ClusterState.Credentials;
using Antigravity.ClusterState.Secrets;
using Antigravity.Gateway;
using Antigravity.Gateway.Accounts;
using Antigravity.Gateway.Config;
using Antigravity.Gateway.Keys;
using Antigravity.Gateway.Models;
using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Rules;
using Antigravity.Gateway.Telemetry;
using Antigravity.Gateway.Upstream;
using Antigravity.Gateway.Usage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the protocol-neutral request pipeline every front door uses.</summary>
internal static class PipelineExtensions
{
    /// <summary>
    /// The pipeline and what it stands on: options (<c>Gateway</c>, <c>CloudCode</c>, <c>Secrets</c>, <c>Internal</c>), the Redis-held pool,
    /// keys, config cache and signature cache, the upstream transport, the event publisher, and telemetry.
    /// Needs <c>AddRedisClient</c> first; <c>AddMessaging</c> is optional (events are dropped without a bus).
    /// </summary>
    public static IHostApplicationBuilder AddGatewayPipeline(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName)
            .Configure<IConfiguration>((o, c) =>
            {
                // The binder appends configured items to a list's defaults; configured lists replace them instead.
                o.Models = Replace(c, "Gateway:Models", o.Models);
                o.CapacityBackoff = c.GetSection("Gateway:CapacityBackoff").Get<List<TimeSpan>>() is { Count: > 0 } backoff ? backoff : o.CapacityBackoff;
            })
            .ValidateDataAnnotations().ValidateOnStart();
        builder.AddCloudCodeOptions();
        services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InternalOptions>().BindConfiguration(InternalOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<ClusterRedis>();
        services.AddSingleton<ClusterConfig>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterConfig>());
        services.AddSingleton<ModelResolver>();
        services.AddSingleton<ApiKeyGate>();
        services.AddSingleton<LevelRoutingCache>();
        services.AddSingleton<RequestBodyBudget>();
        services.AddSingleton<AccountPool>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<SignatureCache>();
        services.AddSingleton<CloudCodeTransport>();
        services.AddSingleton<EventPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<EventPublisher>());
        services.AddSingleton<UsageRecords>();
        services.AddHostedService(sp => sp.GetRequiredService<UsageRecords>());
        services.AddSingleton<ReplicaIdentity>();
        services.AddSingleton<GatewayPipeline>();
        services.AddSingleton<ModelsCatalog>();

        builder.Services.AddOpenTelemetry()
            .WithTracing(t => t.AddSource(GatewayTelemetry.Name))
            .WithMetrics(m => m.AddMeter(GatewayTelemetry.Name));
        return builder;
    }

    private static List<string> Replace(IConfiguration configuration, string key, List<string> bound) =>
        configuration.GetSection(key).Get<List<string>>() is { Count: > 0 } configured ? configured : bound;
}
