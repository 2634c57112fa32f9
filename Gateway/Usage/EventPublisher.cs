using System.Threading.Channels;
using Antigravity.Gateway.Telemetry;

namespace Antigravity.Gateway.Usage;

/// <summary>
/// Publishes <c>AccountRateLimited</c>, <c>TokenRejected</c> and <c>AccountInvalidated</c> in the background: the request
/// path only writes to a bounded channel and never waits on the bus. These are hints (the pool's state in Redis is already
/// updated); when the channel is full (the broker is down for long), the oldest are dropped and counted
/// (<c>gateway.events.dropped</c>). Usage records do not go this way: see <see cref="UsageRecords"/>. On shutdown the host stops
/// Kestrel (draining open streams) before this service, so the events of the last requests are still in the channel
/// or being published: they get <see cref="s_drainTimeout"/> to go out instead of being cancelled.
/// </summary>
/// <param name="sink">The bus; null without <c>ConnectionStrings:messaging</c>, when there is nobody to tell and events are
/// dropped at once.</param>
internal sealed class EventPublisher(ILogger<EventPublisher> logger, BusEventSink? sink = null) : BackgroundService
{
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(5);

    private readonly Channel<object> _events = Channel.CreateBounded<object>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
        _ => GatewayTelemetry.EventsDropped.Add(1));

    /// <summary>Queues an event; never blocks.</summary>
    public void Publish(object message)
    {
        if (sink is not null)
        {
            _events.Writer.TryWrite(message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (sink is null)
        {
            return;
        }

        using var publishing = new CancellationTokenSource();
        using var stopping = stoppingToken.Register(() => publishing.CancelAfter(s_drainTimeout));
        try
        {
            await foreach (var message in _events.Reader.ReadAllAsync(stoppingToken))
            {
                await PublishAsync(sink, message, publishing.Token);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        while (!publishing.IsCancellationRequested && _events.Reader.TryRead(out var message))
        {
            await PublishAsync(sink, message, publishing.Token);
        }
    }

    private async Task PublishAsync(BusEventSink bus, object message, CancellationToken cancellationToken)
    {
        try
        {
            await bus.PublishAsync(message, cancellationToken);
        }
        catch (Exception ex)
        {
            GatewayTelemetry.EventsDropped.Add(1);
            Log.EventDropped(logger, ex, message.GetType().Name);
        }
    }
}
