using System.Collections.Concurrent;
using MassTransit;

namespace Antigravity.AccountService.Tests.Infrastructure;

/// <summary>A temporary queue on the real broker that collects every published <typeparamref name="T"/>, as another
/// service's consumer would receive it.</summary>
internal sealed class EventProbe<T> : IAsyncDisposable where T : class
{
    private readonly HostReceiveEndpointHandle _handle;
    private readonly ConcurrentQueue<T> _received;

    private EventProbe(HostReceiveEndpointHandle handle, ConcurrentQueue<T> received) => (_handle, _received) = (handle, received);

    public static async Task<EventProbe<T>> StartAsync(IBus bus)
    {
        var received = new ConcurrentQueue<T>();
        var handle = bus.ConnectReceiveEndpoint($"probe-{typeof(T).Name}-{Guid.NewGuid():N}", e =>
        {
            if (e is IRabbitMqReceiveEndpointConfigurator rabbit)
            {
                rabbit.AutoDelete = true;
                rabbit.Durable = false;
            }

            e.Handler<T>(context =>
            {
                received.Enqueue(context.Message);
                return Task.CompletedTask;
            });
        });
        await handle.Ready;
        return new EventProbe<T>(handle, received);
    }

    public Task<T?> WaitAsync(Func<T, bool> match) =>
        Poll.UntilAsync(() => Task.FromResult(_received.FirstOrDefault(match)), m => m is not null);

    public async ValueTask DisposeAsync() => await _handle.StopAsync(TestContext.Current.CancellationToken);
}
