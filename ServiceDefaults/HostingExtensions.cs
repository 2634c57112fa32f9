using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The defaults every Antigravity service registers, as .NET Aspire's ServiceDefaults template does:
/// OpenTelemetry, health checks, service discovery and HTTP resilience.
/// </summary>
public static class HostingExtensions
{
    /// <summary>The path of the readiness endpoint: every health check.</summary>
    public const string HealthEndpointPath = "/health";

    /// <summary>The path of the liveness endpoint: only checks tagged <see cref="LiveTag"/>.</summary>
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>The tag of the checks that say the process is alive (not whether it is ready).</summary>
    public const string LiveTag = "live";

    /// <summary>
    /// Adds telemetry, health checks, service discovery and the standard resilience handler for every
    /// <see cref="System.Net.Http.HttpClient"/>. A client that must not get blanket retries and a total
    /// timeout (upstream LLM calls) opts out with <c>RemoveAllResilienceHandlers()</c> on its builder, or
    /// does not use <c>IHttpClientFactory</c> at all.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddBasicServiceDefaults();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    /// <summary>
    /// Adds telemetry and health checks only: no resilience handler on HTTP clients. For processes whose
    /// outgoing HTTP calls are long streams (the Gateway's upstream traffic).
    /// </summary>
    public static TBuilder AddBasicServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http => http.AddServiceDiscovery());

        return builder;
    }

    /// <summary>Adds a liveness check tagged <see cref="LiveTag"/> that answers as long as the process runs.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (ready: every check) and <c>/alive</c> (live: checks tagged <c>live</c>).
    /// Unlike Aspire's template they are mapped in every environment, because Kubernetes probes use them.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) });
        return app;
    }
}
