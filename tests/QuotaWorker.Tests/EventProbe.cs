using System.Collections.Concurrent;
using MassTransit;

namespace Antigravity.QuotaWorker.Tests;

/// <summary>A temporary queue on the real broker that collects every published <typeparamref name="T"/>.</summary>
internal sealed class EventProbe<T> : IAsyncDisposable where T : class
{
    private readonly HostReceiveEndpointHandle _handle;

    private EventProbe(HostReceiveEndpointHandle handle, ConcurrentQueue<T> received)
    {
        _handle = handle;
        Received = received;
    }

    public ConcurrentQueue<T> Received { get; }

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

    public async Task<T?> WaitAsync(Func<T, bool> match) =>
        (await Poll.UntilAsync(() => Task.FromResult(Received.FirstOrDefault(match)), m => m is not null));

    public async ValueTask DisposeAsync() => await _handle.StopAsync(TestContext.Current.CancellationToken);
}
