using System.Collections.Concurrent;
using Antigravity.ClusterState.Messages;
using Antigravity.TestEnvironment;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Antigravity.Gateway.Tests.Infrastructure;

/// <summary>
/// A MassTransit bus of the test's own on the test RabbitMQ, with one temporary (auto-delete) queue bound to the
/// gateway's events, so what a gateway publishes can be read back. The queue name is unique per fixture: parallel
/// tests and runs on one broker never take each other's messages.
/// </summary>
public sealed class BusProbe : IAsyncLifetime
{
    private ServiceProvider? _services;

    public ConcurrentQueue<AccountRateLimited> RateLimited { get; } = new();

    public async ValueTask InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.UsingRabbitMq((_, rabbit) =>
            {
                rabbit.Host(new Uri(TestServers.RabbitMq));
                rabbit.ReceiveEndpoint($"gateway-tests-probe-{Guid.NewGuid():N}", e =>
                {
                    e.AutoDelete = true;
                    e.Durable = false;
                    e.Handler<AccountRateLimited>(context =>
                    {
                        RateLimited.Enqueue(context.Message);
                        return Task.CompletedTask;
                    });
                });
            });
        });
        _services = services.BuildServiceProvider();
        var control = _services.GetRequiredService<IBusControl>();
        await control.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.GetRequiredService<IBusControl>().StopAsync(CancellationToken.None);
            await _services.DisposeAsync();
        }
    }
}
