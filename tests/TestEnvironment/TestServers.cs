using System.Net;
using System.Net.Sockets;

namespace Antigravity.TestEnvironment;

/// <summary>The real servers that <c>test.sh</c> starts, and loopback helpers.</summary>
public static class TestServers
{
    /// <summary>The Redis connection string (<c>host:port,password=…</c>) of the throwaway server test.sh started.</summary>
    public static string Redis => Required("ANTIGRAVITY_TEST_REDIS");

    /// <summary>The <c>amqp://</c> URI of the throwaway RabbitMQ node test.sh started.</summary>
    public static string RabbitMq => Required("ANTIGRAVITY_TEST_RABBITMQ");

    /// <summary>The <c>node_modules</c> folder holding the official npm clients.</summary>
    public static string NpmClients => Required("ANTIGRAVITY_TEST_CLIENTS");

    /// <summary>Where tests keep artifacts (screenshots, benchmark output).</summary>
    public static string Artifacts => Environment.GetEnvironmentVariable("ANTIGRAVITY_TEST_ARTIFACTS")
        ?? Path.Combine(Path.GetTempPath(), "antigravity-test-artifacts");

    /// <summary>A key prefix unique to one test, so tests sharing one Redis never see each other's keys.</summary>
    public static string UniquePrefix(string name) => $"t-{name}-{Guid.NewGuid():N}"[..Math.Min(48, name.Length + 35)] + ":";

    /// <summary>A free TCP port on 127.0.0.1.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Required(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{name} is not set: run the tests with ./test.sh, which starts Redis and RabbitMQ and sets it.");
}
