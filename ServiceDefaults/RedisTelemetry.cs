using System.Diagnostics;
using Antigravity.ServiceDefaults;

namespace StackExchange.Redis;

/// <summary>
/// The ActivitySource that wraps Redis calls. The OpenTelemetry instrumentation package for StackExchange.Redis
/// is not available here, so stores start a span per logical Redis operation (one script, one batch).
/// </summary>
public static class RedisTelemetry
{
    /// <summary>The source, named <see cref="TelemetryNames.Redis"/>.</summary>
    public static readonly ActivitySource Source = new(TelemetryNames.Redis);

    /// <summary>Starts a client span for one Redis operation; null when nobody listens.</summary>
    /// <param name="operation">A low-cardinality name such as <c>EVALSHA select_account</c>.</param>
    public static Activity? StartOperation(string operation)
    {
        var activity = Source.StartActivity(operation, ActivityKind.Client);
        activity?.SetTag("db.system.name", "redis");
        activity?.SetTag("db.operation.name", operation);
        return activity;
    }
}
