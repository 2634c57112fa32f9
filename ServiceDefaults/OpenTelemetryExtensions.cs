using System.Linq.Expressions;
using Antigravity.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>OpenTelemetry logs, traces and metrics, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
public static class OpenTelemetryExtensions
{
    /// <summary>
    /// Configures logging, tracing and metrics. The service name and instance come from the standard
    /// <c>OTEL_SERVICE_NAME</c> and <c>OTEL_RESOURCE_ATTRIBUTES</c> variables, which the SDK reads itself.
    /// Sources and meters named <c>Antigravity.*</c> and MassTransit's are always collected.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(TelemetryNames.AllAntigravity, TelemetryNames.MassTransit))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(TelemetryNames.AllAntigravity, TelemetryNames.MassTransit)
                .AddAspNetCoreInstrumentation(o => o.Filter = context =>
                    !context.Request.Path.StartsWithSegments(HostingExtensions.HealthEndpointPath)
                    && !context.Request.Path.StartsWithSegments(HostingExtensions.AlivenessEndpointPath))
                .AddHttpClientInstrumentation());

        builder.Services.BoundRedisTraceBuffer();

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    /// <summary>How long the Redis instrumentation holds finished requests' activities before it turns their commands into spans.</summary>
    public static readonly TimeSpan RedisTraceFlushInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The Redis instrumentation keeps each traced request's activity, with every Redis command it ran, until its next
    /// flush (10 s by default): under load that was 10 s of requests on the heap, tens of MB per replica, which issue 15's
    /// soak took for a per-request leak. A 1 s flush bounds it to a second of traffic. Aspire.StackExchange.Redis vendors
    /// the instrumentation with internal types, so its options are configured through reflection (a no-op if they move;
    /// the soak's memory check would then fail).
    /// </summary>
    private static void BoundRedisTraceBuffer(this IServiceCollection services)
    {
        var options = typeof(AspireRedisExtensions).Assembly.GetType("OpenTelemetry.Instrumentation.StackExchangeRedis.StackExchangeRedisInstrumentationOptions");
        if (options?.GetProperty("FlushInterval") is not { CanWrite: true } flushInterval)
        {
            return;
        }

        var target = Expression.Parameter(options);
        var setFlush = Expression.Lambda(typeof(Action<>).MakeGenericType(options),
            Expression.Assign(Expression.Property(target, flushInterval), Expression.Constant(RedisTraceFlushInterval)), target).Compile();
        // A null name configures every named instance, whatever name the Aspire client registers its instrumentation under.
        services.AddSingleton(typeof(IConfigureOptions<>).MakeGenericType(options),
            Activator.CreateInstance(typeof(ConfigureNamedOptions<>).MakeGenericType(options), [null, setFlush])!);
    }

    /// <summary>True when the OTLP exporter is configured (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is non-empty).</summary>
    public static bool IsOtlpExporterEnabled(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
    }

    private static void AddOpenTelemetryExporters<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (builder.IsOtlpExporterEnabled())
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
            builder.Services.AddHostedService<TelemetryFlushOnStop>();
        }
    }
}
