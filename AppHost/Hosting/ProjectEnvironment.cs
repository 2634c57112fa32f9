using Microsoft.Extensions.Configuration;

namespace Antigravity.AppHost.Hosting;

/// <summary>
/// What an Aspire AppHost injects into every project (aspire-conventions.md §1.1), besides references:
/// URLs, telemetry and console settings in run mode; ports, forwarded headers and OTLP retry in publish mode.
/// </summary>
internal static class ProjectEnvironment
{
    public static void Apply(EnvironmentCallbackContext context, DistributedApplicationBuilder builder)
    {
        var env = context.EnvironmentVariables;
        var project = (ProjectResource)context.Resource;

        // Always, run and publish (ProjectResourceBuilderExtensions.cs l.424).
        env["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";

        if (context.ExecutionContext.IsPublishMode)
        {
            env["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true";
            env["HTTP_PORTS"] = new EndpointReference(project.HttpEndpoint, EndpointProperty.TargetPort);
            return;
        }

        var replica = context.Replica ?? throw new InvalidOperationException("Run-mode environment needs the replica being started.");

        // The process listens on its own (target) port; references get the load balancer's port when there are replicas.
        env["ASPNETCORE_URLS"] = $"http://localhost:{replica.Port}";

        // Who this process is, with or without a dashboard (Aspire always sets both): the gateway names its replica in
        // request-log events with the instance id, so two local replicas on one machine stay apart.
        env["OTEL_SERVICE_NAME"] = project.Name;
        env["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={replica.InstanceId}";

        if (OtlpEndpoint.From(builder.Configuration) is { } otlp)
        {
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.Url;
            env["OTEL_EXPORTER_OTLP_PROTOCOL"] = otlp.Protocol;
            if (builder.Configuration["AppHost:OtlpApiKey"] is { Length: > 0 } apiKey)
            {
                env["OTEL_EXPORTER_OTLP_HEADERS"] = $"x-otlp-api-key={apiKey}";
            }

            if (builder.IsDevelopment)
            {
                // Short export delays so the dashboard shows telemetry at once (OtlpConfigurationExtensions.cs l.90-109).
                env["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
                env["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
                env["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
                env["OTEL_TRACES_SAMPLER"] = "always_on";
                env["OTEL_METRICS_EXEMPLAR_FILTER"] = "trace_based";
                env["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"] = "true";
            }
        }

        if (builder.IsDevelopment)
        {
            env["OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION"] = "true";
            env["OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION"] = "true";
        }

        // Console logs keep their colours through the pipe, one line per entry (ConsoleLogsConfigurationExtensions.cs).
        env["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "true";
        env["LOGGING__CONSOLE__FORMATTERNAME"] = "simple";
    }
}

/// <summary>
/// The OTLP endpoint the AppHost hands to projects: <c>ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL</c> (gRPC), else
/// <c>ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL</c> (http/protobuf), legacy <c>DOTNET_DASHBOARD_*</c> names, else the
/// AppHost's own <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>. Unlike Aspire there is no built-in dashboard, so no default: without
/// one, no OTEL_* variables are set and the services export nothing.
/// </summary>
internal sealed record OtlpEndpoint(string Url, string Protocol)
{
    public static OtlpEndpoint? From(IConfiguration configuration)
    {
        if (First(configuration, "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL", "DOTNET_DASHBOARD_OTLP_ENDPOINT_URL") is { } grpc)
        {
            return new(grpc, "grpc");
        }

        if (First(configuration, "ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL") is { } http)
        {
            return new(http, "http/protobuf");
        }

        return First(configuration, "OTEL_EXPORTER_OTLP_ENDPOINT") is { } own
            ? new(own, configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] is { Length: > 0 } p ? p : "grpc")
            : null;
    }

    private static string? First(IConfiguration configuration, params string[] keys) =>
        keys.Select(k => configuration[k]).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
