using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Antigravity.Gateway;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// On SIGTERM the readiness check (<c>/health</c>) turns unhealthy at once so load balancers stop sending new requests;
/// the replica keeps serving for <see cref="GatewayOptions.ShutdownDelay"/> more (with
/// <see cref="GatewayOptions.RefuseConnectionsWhileStopping"/>, only the connections it already has: its listening
/// sockets close at once, so a balancer that retries refused connections elsewhere sends it none), then its listener
/// closes, and the host waits up to <see cref="GatewayOptions.ShutdownDrain"/> for open streams to finish, then up to <see cref="GatewayOptions.UsageFlushTimeout"/> for their usage records to reach Redis.
/// </summary>
internal static class GracefulShutdown
{
    public static IHostApplicationBuilder AddGracefulShutdown(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(GatewayOptions.SectionName);
        var defaults = new GatewayOptions();
        var drain = section.GetValue(nameof(GatewayOptions.ShutdownDrain), defaults.ShutdownDrain);
        var delay = section.GetValue(nameof(GatewayOptions.ShutdownDelay), defaults.ShutdownDelay);
        var flush = section.GetValue(nameof(GatewayOptions.UsageFlushTimeout), defaults.UsageFlushTimeout);
        var refuse = section.GetValue(nameof(GatewayOptions.RefuseConnectionsWhileStopping), defaults.RefuseConnectionsWhileStopping);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = drain + delay + flush);
        var listeners = refuse ? new ClosableListeners() : null;
        if (listeners is not null)
        {
            builder.Services.Configure<SocketTransportOptions>(o => o.CreateBoundListenSocket = listeners.Bind);
        }

        if (delay > TimeSpan.Zero || refuse)
        {
            builder.Services.AddHostedService(sp => new ShutdownDelay(delay, listeners, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        }

        builder.Services.AddSingleton<DrainingCheck>();
        builder.Services.AddHealthChecks().AddCheck<DrainingCheck>("draining");
        return builder;
    }

    /// <summary>While the replica stops, every response closes its connection (<c>Connection: close</c>), so clients move
    /// their keep-alive connections to other replicas before the listener closes, instead of racing a request against
    /// the close of an idle connection (a balancer that routes by TCP connection, like DCP's, keeps sending new
    /// connections until the process exits).</summary>
    public static IApplicationBuilder UseConnectionCloseWhileStopping(this IApplicationBuilder app)
    {
        var stopping = app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return app.Use((context, next) =>
        {
            if (stopping.IsCancellationRequested)
            {
                context.Response.Headers.Connection = "close";
            }

            return next(context);
        });
    }

    /// <summary>Holds the host in its stopping phase (ApplicationStopping has fired, so <c>/health</c> is unhealthy) before
    /// any hosted service, Kestrel included, is stopped.</summary>
    private sealed class ShutdownDelay(TimeSpan delay, ClosableListeners? listeners, TimeProvider time) : IHostedLifecycleService
    {
        public async Task StoppingAsync(CancellationToken cancellationToken)
        {
            if (listeners is not null)
            {
                await listeners.CloseAsync(time);
            }

            await Task.Delay(delay, time, cancellationToken);
        }

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>
    /// The listening sockets Kestrel binds (through <see cref="SocketTransportOptions.CreateBoundListenSocket"/>), closed on
    /// request without a connection lost: closing a listening socket resets the connections still in its accept queue,
    /// which a balancer has already handed a client (DCP's proxy does not retry those). So on Linux each socket first
    /// gets a filter that drops every new packet (a new client's SYN goes unanswered and is sent again a second later, by
    /// when the port refuses it and the balancer dials another replica), Kestrel's accept loop takes what is already
    /// queued, and only then the socket closes.
    /// </summary>
    private sealed class ClosableListeners
    {
        private static readonly TimeSpan s_queueDrain = TimeSpan.FromMilliseconds(250);
        private readonly List<Socket> _sockets = [];

        public Socket Bind(EndPoint endpoint)
        {
            var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
            lock (_sockets)
            {
                _sockets.Add(socket);
            }

            return socket;
        }

        public async Task CloseAsync(TimeProvider time)
        {
            Socket[] sockets;
            lock (_sockets)
            {
                sockets = [.. _sockets];
                _sockets.Clear(); // a second stop finds nothing left to close
            }

            if (OperatingSystem.IsLinux() && sockets.Length > 0)
            {
                foreach (var socket in sockets)
                {
                    DropNewConnections(socket);
                }

                await Task.Delay(s_queueDrain, time);
            }

            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }

        /// <summary>Attaches the classic BPF program <c>ret #0</c> (SO_ATTACH_FILTER): every packet to the socket is dropped.
        /// Connections already accepted or queued are separate sockets and keep working.</summary>
        private static void DropNewConnections(Socket socket)
        {
            const int SolSocket = 1, SoAttachFilter = 26;
            var filter = Marshal.AllocHGlobal(8); // struct sock_filter { u16 code = BPF_RET|BPF_K; u8 jt, jf; u32 k = 0 }
            try
            {
                Marshal.WriteInt64(filter, 0x06);
                Span<byte> program = stackalloc byte[16]; // struct sock_fprog { u16 len = 1; (padding); sock_filter* filter }
                program.Clear();
                BinaryPrimitives.WriteUInt16LittleEndian(program, 1);
                BinaryPrimitives.WriteInt64LittleEndian(program[8..], filter.ToInt64());
                socket.SetRawSocketOption(SolSocket, SoAttachFilter, program);
            }
            catch (SocketException)
            {
                // Not allowed here: the socket just closes, as on other systems.
            }
            finally
            {
                Marshal.FreeHGlobal(filter);
            }
        }
    }

    private sealed class DrainingCheck(IHostApplicationLifetime lifetime) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
                ? HealthCheckResult.Unhealthy("The gateway is shutting down.")
                : HealthCheckResult.Healthy());
    }
}
