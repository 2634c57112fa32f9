using System.Diagnostics;
using Antigravity.ServiceDefaults;

namespace StackExchange.Redis;

/// <summary>
/// A span around a group of Redis calls (one pipelined batch). Single commands need none: Aspire's <c>AddRedisClient</c>
/// already traces every command through OpenTelemetry.Instrumentation.StackExchangeRedis, which Aspire.StackExchange.Redis
/// carries inside it (adding the package again would record each command twice). Its last caller is the usage batch
/// (<c>QuotaWorker/Usage/UsageRecorder.cs</c>); delete this with it (issue 19).
/// </summary>
public static class RedisTelemetry
{
    /// <summary>The source, named <see cref="TelemetryNames.Redis"/>.</summary>
    public static readonly ActivitySource Source = new(TelemetryNames.Redis);

    /// <summary>Starts a span for one group of Redis calls; null when nobody listens.</summary>
    /// <param name="operation">A low-cardinality name such as <c>EVAL record_usage</c>.</param>
    public static Activity? StartOperation(string operation)
    {
        var activity = Source.StartActivity(operation, ActivityKind.Client);
        activity?.SetTag("db.system.name", "redis");
        activity?.SetTag("db.operation.name", operation);
        return activity;
    }
}
