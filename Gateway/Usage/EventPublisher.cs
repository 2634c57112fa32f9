using System.Threading.Channels;
using MassTransit;

namespace Antigravity.Gateway.Usage;

/// <summary>
/// Publishes <c>RequestCompleted</c>, <c>AccountRateLimited</c>, <c>TokenRejected</c> and <c>AccountInvalidated</c> in
/// the background: the request path only writes to a bounded channel and never waits on the bus (ARCHITECTURE.md).
/// When the channel is full (the broker is down for long), the oldest events are dropped.
/// </summary>
internal sealed class EventPublisher(IServiceProvider services, ILogger<EventPublisher> logger) : BackgroundService
{
    private readonly Channel<object> _events = Channel.CreateBounded<object>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    /// <summary>Queues an event; never blocks.</summary>
    public void Publish(object message) => _events.Writer.TryWrite(message);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var bus = services.GetService<IBus>();
        await foreach (var message in _events.Reader.ReadAllAsync(stoppingToken))
        {
            if (bus is null)
            {
                continue;
            }

            try
            {
                await bus.Publish(message, message.GetType(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Publishing {MessageType} failed; the event is dropped", message.GetType().Name);
            }
        }
    }
}
