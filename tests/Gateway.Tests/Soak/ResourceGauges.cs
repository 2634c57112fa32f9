using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Hosting;

namespace Antigravity.Gateway.Tests.Soak;

/// <summary>
/// What a soak checks it leaves behind, read in-process: the upstream connections the gateway's handler holds (the
/// <c>System.Net.Http</c> meter's <c>http.client.open_connections</c> by state, and /proc/net/tcp as a second opinion),
/// managed memory after a full collection, and the thread pool's queue. Start it before the gateway opens a connection:
/// the meter reports changes, not totals.
/// </summary>
public sealed class ResourceGauges : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly int _port;
    private readonly ConcurrentDictionary<string, long> _connections = new(StringComparer.Ordinal);

    public ResourceGauges(int upstreamPort)
    {
        _port = upstreamPort;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.open_connections")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>Open upstream connections in state <c>active</c> or <c>idle</c>, per the handler's meter.</summary>
    public long Connections(string state) => _connections.GetValueOrDefault(state);

    /// <summary>Established TCP connections to the upstream port, as the kernel lists them (IPv4 and IPv6).</summary>
    public int EstablishedSockets()
    {
        var count = 0;
        foreach (var file in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(file))
            {
                continue;
            }

            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // sl local_address rem_address st …; addresses are HEX_IP:HEX_PORT, st 01 = ESTABLISHED.
                if (fields.Length > 3 && fields[3] == "01"
                    && int.Parse(fields[2][(fields[2].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == _port)
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>Managed heap bytes after a full, compacting collection.</summary>
    public static long SettledHeapBytes()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>
    /// The settled heap once the Redis instrumentation has flushed what it held: it keeps finished requests' activities
    /// until its next flush (<see cref="OpenTelemetryExtensions.RedisTraceFlushInterval"/>), so two readings more than a
    /// flush apart, the second no lower, show nothing is left to drain (bounded at 30 s).
    /// </summary>
    public static async Task<long> SettledHeapAfterTraceFlushAsync()
    {
        var gap = OpenTelemetryExtensions.RedisTraceFlushInterval * 1.5;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var previous = SettledHeapBytes();
        while (true)
        {
            await Task.Delay(gap, CancellationToken.None);
            var current = SettledHeapBytes();
            if (current >= previous * 0.99 || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                return Math.Min(current, previous);
            }

            previous = current;
        }
    }

    private void OnMeasurement(Instrument instrument, long delta, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? connectionState = null;
        var port = -1;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "http.connection.state":
                    connectionState = tag.Value as string;
                    break;
                case "server.port":
                    port = Convert.ToInt32(tag.Value, CultureInfo.InvariantCulture);
                    break;
            }
        }

        if (port == _port && connectionState is not null)
        {
            _connections.AddOrUpdate(connectionState, delta, (_, total) => total + delta);
        }
    }

    public void Dispose() => _listener.Dispose();
}
