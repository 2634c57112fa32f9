using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Antigravity.AppHost.Infrastructure;

/// <summary>
/// Healthy when the broker starts an AMQP 0-9-1 handshake: it answers the protocol header with a Connection.Start method
/// frame (type 1, channel 0), which RabbitMQ only sends once it accepts connections.
/// </summary>
internal sealed class AmqpHealthCheck(EndpointReference endpoint) : IHealthCheck
{
    private static readonly byte[] s_protocolHeader = "AMQP\0\0\u0009\u0001"u8.ToArray();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var client = new TcpClient();
            await client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(s_protocolHeader, timeout.Token);
            var frame = new byte[3];
            await stream.ReadExactlyAsync(frame, timeout.Token);
            return frame is [1, 0, 0] ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The broker did not start an AMQP handshake.");
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}
