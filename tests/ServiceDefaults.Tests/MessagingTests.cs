using Antigravity.TestEnvironment;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Antigravity.ServiceDefaults.Tests;

public class MessagingTests
{
    [Fact]
    public async Task PublishedMessage_OnRealRabbitMq_ReachesItsConsumerAndBusIsHealthy()
    {
        var received = new TaskCompletionSource<PingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await HealthEndpointsTests.StartAsync(b =>
        {
            b.Configuration["ConnectionStrings:messaging"] = TestServers.RabbitMq;
            b.Services.AddSingleton(received);
            b.AddServiceDefaults();
            // A unique endpoint name per run: parallel runs on one broker must not steal each other's messages.
            b.AddMessaging(bus => bus.AddConsumer<PingConsumer>().Endpoint(e => e.Name = $"ping-{Guid.NewGuid():N}"));
        });
        await BusStartup.WaitUntilReadyAsync(app.Services);
        var id = Guid.NewGuid();

        await app.Services.GetRequiredService<IBus>().Publish(new PingMessage(id), TestContext.Current.CancellationToken);
        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(id, message.Id);
    }

    [Fact]
    public void AddMessaging_WithoutConnectionString_FailsWithTheVariableToSet()
    {
        var builder = Host.CreateApplicationBuilder();

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddMessaging());

        Assert.Contains("ConnectionStrings__messaging", error.Message);
    }
}

public sealed record PingMessage(Guid Id);

public sealed class PingConsumer(TaskCompletionSource<PingMessage> received) : IConsumer<PingMessage>
{
    public Task Consume(ConsumeContext<PingMessage> context)
    {
        received.TrySetResult(context.Message);
        return Task.CompletedTask;
    }
}
