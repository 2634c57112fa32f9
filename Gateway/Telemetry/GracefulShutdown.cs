using Antigravity.Gateway;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// On SIGTERM the readiness check (<c>/health</c>) turns unhealthy at once so load balancers stop sending new requests;
/// the listener stays open for <see cref="GatewayOptions.ShutdownDelay"/> more (requests still arriving meanwhile are
/// served), then closes, and the host waits up to <see cref="GatewayOptions.ShutdownDrain"/> for open streams to finish,
/// then up to <see cref="GatewayOptions.UsageFlushTimeout"/> for their usage records to reach Redis.
/// </summary>
internal static class GracefulShutdown
{
    public static IHostApplicationBuilder AddGracefulShutdown(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(GatewayOptions.SectionName);
        var defaults = new GatewayOptions();
        var drain = section.GetValue(nameof(GatewayOptions.ShutdownDrain), defaults.ShutdownDrain);
        var delay = section.GetValue(nameof(GatewayOptions.ShutdownDelay), defaults.ShutdownDelay);
        var flush = section.GetValue(nameof(GatewayOptions.UsageFlushTimeout), defaults.UsageFlushTimeout);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = drain + delay + flush);
        if (delay > TimeSpan.Zero)
        {
            builder.Services.AddHostedService(sp => new ShutdownDelay(delay, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        }

        builder.Services.AddSingleton<DrainingCheck>();
        builder.Services.AddHealthChecks().AddCheck<DrainingCheck>("draining");
        return builder;
    }

    /// <summary>While the replica stops, every response closes its connection (<c>Connection: close</c>), so clients move
    /// their keep-alive connections to other replicas before the listener closes, instead of racing a request against
    /// the close of an idle connection (a balancer that routes by TCP connection, like DCP's, keeps sending new
    /// connections until the process exits).</summary>
    public static IApplicationBuilder UseConnectionCloseWhileStopping(this IApplicationBuilder app)
    {
        var stopping = app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return app.Use((context, next) =>
        {
            if (stopping.IsCancellationRequested)
            {
                context.Response.Headers.Connection = "close";
            }

            return next(context);
        });
    }

    /// <summary>Holds the host in its stopping phase (ApplicationStopping has fired, so <c>/health</c> is unhealthy) before
    /// any hosted service, Kestrel included, is stopped.</summary>
    private sealed class ShutdownDelay(TimeSpan delay, TimeProvider time) : IHostedLifecycleService
    {
        public Task StoppingAsync(CancellationToken cancellationToken) => Task.Delay(delay, time, cancellationToken);

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class DrainingCheck(IHostApplicationLifetime lifetime) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
                ? HealthCheckResult.Unhealthy("The gateway is shutting down.")
                : HealthCheckResult.Healthy());
    }
}
