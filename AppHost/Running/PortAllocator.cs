using System.Net;
using System.Net.Sockets;

namespace Antigravity.AppHost.Running;

/// <summary>Free loopback ports, handed out once per run (the OS could give one out again between release and use, rarely).
/// Ports fixed by configuration (<c>--port</c>) are reserved first, so no other resource is handed one of them.</summary>
internal static class PortAllocator
{
    private static readonly HashSet<int> s_given = [];

    /// <summary>Marks a port chosen by configuration as taken.</summary>
    public static void Reserve(int port)
    {
        lock (s_given)
        {
            s_given.Add(port);
        }
    }

    public static int Next() => Next(FreePortFromTheSystem);

    /// <summary>The next port <paramref name="probe"/> offers that was neither handed out nor reserved.</summary>
    internal static int Next(Func<int> probe)
    {
        lock (s_given)
        {
            while (true)
            {
                var port = probe();
                if (s_given.Add(port))
                {
                    return port;
                }
            }
        }
    }

    private static int FreePortFromTheSystem()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
