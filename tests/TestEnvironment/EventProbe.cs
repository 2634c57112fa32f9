using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;

namespace Antigravity.TestEnvironment;

/// <summary>A temporary, auto-deleted queue on the real broker that collects every published <typeparamref name="T"/>,
/// as another service's consumer would receive it.</summary>
public sealed class EventProbe<T> : IAsyncDisposable where T : class
{
    private readonly HostReceiveEndpointHandle _handle;
    private readonly ConcurrentQueue<T> _received;

    private EventProbe(HostReceiveEndpointHandle handle, ConcurrentQueue<T> received) => (_handle, _received) = (handle, received);

    public static async Task<EventProbe<T>> StartAsync(IBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
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

    /// <summary>The first received message that matches, waiting up to <paramref name="timeout"/> (30 s by default);
    /// null when none arrived in time.</summary>
    public async Task<T?> WaitAsync(Func<T, bool> match, TimeSpan? timeout = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_received.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            if (waited.Elapsed > (timeout ?? TimeSpan.FromSeconds(30)))
            {
                return null;
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await _handle.StopAsync();
}
