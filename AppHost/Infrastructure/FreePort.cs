using System.Net;
using System.Net.Sockets;

namespace Antigravity.AppHost.Infrastructure;

/// <summary>
/// Ports for the servers the AppHost starts itself (Redis, RabbitMQ, epmd, the simulator). They are not proxied by DCP
/// (a proxy on every Redis command would cost the request path a hop), so DCP needs a port up front: the kernel picks a
/// free one. Ports are handed out once per run and never twice.
/// </summary>
internal static class FreePort
{
    private static readonly HashSet<int> s_handedOut = [];

    public static int Next()
    {
        lock (s_handedOut)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (s_handedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
