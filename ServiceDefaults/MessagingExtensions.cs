using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>MassTransit 8.5 on RabbitMQ from an Aspire-style <c>amqp://</c> connection string.</summary>
public static class MessagingExtensions
{
    /// <summary>
    /// Registers MassTransit on RabbitMQ from <c>ConnectionStrings:{connectionName}</c> (an <c>amqp://user:pass@host:port/vhost</c> URI).
    /// Usage telemetry is off (there is no internet), consumers get bounded retries and faults go to <c>_error</c>
    /// queues. Queues are named by MassTransit's <see cref="KebabCaseEndpointNameFormatter"/> behind the service's prefix
    /// (<c>Messaging:EndpointPrefix</c>, default the application name without <c>Antigravity.</c>), so
    /// <c>TokenRejectedConsumer</c> in AccountService reads from <c>accountservice-token-rejected</c>: replicas of one
    /// service share a queue and compete, two services consuming the same event each get their own copy, and a test
    /// cluster with its own prefix never takes another's messages. Register consumers without naming their endpoint.
    /// MassTransit adds its bus health checks tagged <c>ready</c>, reporting a broker outage as degraded; the
    /// <c>MassTransit</c> trace source and meter are collected by <see cref="OpenTelemetryExtensions"/>.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="configure">Registers consumers (and anything else) on the bus.</param>
    /// <param name="connectionName">The connection string name; <c>messaging</c> as in the AppHost.</param>
    public static IHostApplicationBuilder AddMessaging(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? configure = null,
        string connectionName = "messaging")
    {
        ArgumentNullException.ThrowIfNull(builder);

        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString) || !Uri.TryCreate(connectionString, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException(
                $"RabbitMQ connection string 'ConnectionStrings:{connectionName}' is missing or not an amqp:// URI. Set ConnectionStrings__{connectionName}, for example 'amqp://guest:guest@127.0.0.1:5672/'.");
        }

        builder.Services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(EndpointPrefix(builder), includeNamespace: false));
            // The broker carries hints and commands, not the request path: while it is away a service is degraded, not
            // unready (a readiness probe failing on every replica at once would take the whole gateway out of rotation).
            bus.ConfigureHealthCheckOptions(health => health.MinimalFailureStatus = HealthStatus.Degraded);
            configure?.Invoke(bus);
            bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
                endpoint.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200))));
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(uri);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    private static string EndpointPrefix(IHostApplicationBuilder builder) =>
        builder.Configuration["Messaging:EndpointPrefix"] is { Length: > 0 } configured
            ? configured
            : builder.Environment.ApplicationName.Replace("Antigravity.", "", StringComparison.Ordinal).ToLowerInvariant();
}
