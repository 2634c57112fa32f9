using Antigravity.Gateway;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// On SIGTERM the readiness check (<c>/health</c>) turns unhealthy at once so load balancers stop sending new requests,
/// and the host waits up to <see cref="GatewayOptions.ShutdownDrain"/> for open streams to finish before it stops.
/// </summary>
internal static class GracefulShutdown
{
    public static IHostApplicationBuilder AddGracefulShutdown(this IHostApplicationBuilder builder)
    {
        var drain = builder.Configuration.GetSection(GatewayOptions.SectionName).GetValue<TimeSpan?>(nameof(GatewayOptions.ShutdownDrain)) ?? TimeSpan.FromSeconds(30);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = drain);
        builder.Services.AddSingleton<DrainingCheck>();
        builder.Services.AddHealthChecks().AddCheck<DrainingCheck>("draining");
        return builder;
    }

    private sealed class DrainingCheck(IHostApplicationLifetime lifetime) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
                ? HealthCheckResult.Unhealthy("The gateway is shutting down.")
                : HealthCheckResult.Healthy());
    }
}
