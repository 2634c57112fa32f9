namespace Antigravity.Gateway.Usage;

internal static class EventBusExtensions
{
    /// <summary>MassTransit on RabbitMQ (<c>ConnectionStrings:messaging</c>) as the sink of the gateway's events.</summary>
    public static IHostApplicationBuilder AddEventBus(this IHostApplicationBuilder builder)
    {
        builder.AddMessaging();
        builder.Services.AddSingleton<BusEventSink>();
        return builder;
    }
}
