using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Antigravity.TestEnvironment;

/// <summary>Waits until a started host's bus has bound its receive endpoints. A service's `/health` answers 200 while
/// the bus is still connecting (the bus check reports Degraded, so that a broker outage never makes a replica unready),
/// and on a fresh broker a message published before a consumer's queue is bound is dropped by the exchange.</summary>
public static class BusStartup
{
    public static async Task WaitUntilReadyAsync(IServiceProvider services, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var bus = services.GetRequiredService<IBusControl>();
        var status = await bus.WaitForHealthStatus(BusHealthStatus.Healthy, timeout ?? TimeSpan.FromSeconds(60));
        if (status != BusHealthStatus.Healthy)
        {
            throw new TimeoutException($"The bus stayed {status}: its receive endpoints never became ready.");
        }
    }
}
