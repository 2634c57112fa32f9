namespace Antigravity.AppHost.Infrastructure;

internal static class LoopbackEndpoint
{
    /// <summary>
    /// A TCP endpoint on a fixed port that DCP does not proxy (a proxy on every Redis command or AMQP frame would add a
    /// hop): the server listens on <paramref name="port"/> itself, and references get that port.
    /// </summary>
    public static IResourceBuilder<T> WithLoopbackTcpEndpoint<T>(this IResourceBuilder<T> builder, string name, int port)
        where T : IResourceWithEndpoints =>
        builder.WithEndpoint(name, e =>
        {
            e.Port = port;
            e.TargetPort = port;
            e.IsProxied = false;
            e.UriScheme = "tcp";
        });
}
