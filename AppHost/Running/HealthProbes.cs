using System.Net.Sockets;
using System.Text;

namespace Antigravity.AppHost.Running;

/// <summary>
/// What "healthy" means before dependants may start (Aspire's <c>WaitFor</c>): Redis answers PING (with AUTH), RabbitMQ
/// answers the AMQP protocol header with a Connection.Start frame, a project's health path answers 200.
/// </summary>
internal static class HealthProbes
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public static async Task<bool> RedisAsync(int port, string password, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            var stream = client.GetStream();
            var auth = $"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(password)}\r\n{password}\r\n*1\r\n$4\r\nPING\r\n";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(auth), cancellationToken);
            var reply = await ReadAsync(stream, "+PONG", cancellationToken);
            return reply.Contains("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return false;
        }
    }

    public static async Task<bool> AmqpAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), cancellationToken);
            var buffer = new byte[1];
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return read == 1 && buffer[0] == 1; // frame type 1: method (Connection.Start)
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public static async Task<bool> HttpAsync(string url, bool anyStatus, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s_http.GetAsync(url, cancellationToken);
            return anyStatus || response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<string> ReadAsync(NetworkStream stream, string until, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        var text = new StringBuilder();
        var buffer = new byte[256];
        try
        {
            while (!text.ToString().Contains(until, StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        return text.ToString();
    }
}
