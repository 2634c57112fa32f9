using System.Net;
using System.Net.Sockets;

namespace Antigravity.AppHost.Running;

/// <summary>Free loopback ports, handed out once per run (the OS could give one out again between release and use, rarely).</summary>
internal static class PortAllocator
{
    private static readonly HashSet<int> s_given = [];

    public static int Next()
    {
        lock (s_given)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (s_given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
