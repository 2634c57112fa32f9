using MassTransit;

namespace Antigravity.Gateway.Usage;

/// <summary>
/// The message bus behind <see cref="EventPublisher"/>. Registered only when messaging is configured
/// (<see cref="EventBusExtensions.AddEventBus"/>), so a gateway without RabbitMQ never loads MassTransit.
/// </summary>
internal sealed class BusEventSink(IBus bus)
{
    public Task PublishAsync(object message, CancellationToken cancellationToken) =>
        bus.Publish(message, message.GetType(), cancellationToken);
}
