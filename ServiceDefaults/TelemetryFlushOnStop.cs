using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Flushes and shuts down the OpenTelemetry providers once the host has stopped, all three at once and within one
/// bound (<see cref="Timeout"/>), instead of leaving it to their disposal. Disposed by the container one after the
/// other, each exporter waits for its last batch, and the OTLP exporter retries a batch the collector did not take
/// until its own timeout: with the collector away (a dashboard restarting, a collector pod down, Aspire's test host,
/// which points OTLP at a port where nothing listens) a replica took 18–20 s to exit after SIGTERM, longer than
/// Aspire's restart command waits. With the collector up the last batches go out in milliseconds, as before.
/// </summary>
internal sealed class TelemetryFlushOnStop(IServiceProvider services) : IHostedLifecycleService
{
    /// <summary>How long the stopped host waits for the last telemetry to be exported.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        var milliseconds = (int)Timeout.TotalMilliseconds;
        BaseProvider?[] providers = [services.GetService<TracerProvider>(), services.GetService<MeterProvider>(), services.GetService<LoggerProvider>()];
        // Shutdown blocks on the exporter thread; each on its own thread so the bound holds for all three together. A
        // provider shut down here is not waited for again when the container disposes it.
        var shutdowns = providers.OfType<BaseProvider>().Select(provider => Task.Factory.StartNew(
            () => Shutdown(provider, milliseconds), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        await Task.WhenAll(shutdowns).WaitAsync(Timeout + TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static void Shutdown(BaseProvider provider, int milliseconds)
    {
        _ = provider switch
        {
            TracerProvider tracer => tracer.Shutdown(milliseconds),
            MeterProvider meter => meter.Shutdown(milliseconds),
            LoggerProvider logger => logger.Shutdown(milliseconds),
            _ => false,
        };
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
