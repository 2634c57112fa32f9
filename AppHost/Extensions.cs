using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Antigravity.AppHost;

/// <summary>The cluster's multi-step wiring (eShop's AppHost <c>Extensions.cs</c>): upstream, shared secrets, the simulator.</summary>
internal static class Extensions
{
    /// <summary>The simulator's demo OAuth client and accounts (tests/CloudCodeSimulator, started without configuration).</summary>
    private const string DemoClientId = "demo-client";
    private const string DemoClientSecret = "demo-secret";
    private static readonly string[] s_demoRefreshTokens = ["demo-refresh-1", "demo-refresh-2", "demo-refresh-3"];

    /// <summary>
    /// The Cloud Code upstream: Google (OAuth client from <c>Parameters:google-oauth-client-id|secret</c> or
    /// <c>CloudCode:OAuth:ClientId|ClientSecret</c>), or with <c>--simulate</c> the Cloud Code simulator as a project
    /// resource (run mode only: it is never published).
    /// </summary>
    public static CloudCodeUpstream AddCloudCodeUpstream(this IDistributedApplicationBuilder builder, bool simulate)
    {
        if (simulate && builder.ExecutionContext.IsRunMode)
        {
            // Not proxied: the simulator listens on 127.0.0.1:--port itself, and the upstream hop stays one hop.
            var port = FreePort.Next();
            var simulator = builder.AddProject<Projects.CloudCodeSimulator>("cloudcode")
                .WithHttpEndpoint(port: port, targetPort: port, isProxied: false)
                .WithArgs("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithHttpHealthCheck("/_sim/settings")
                .ExcludeFromManifest()
                .WithIconName("CloudBeaker");
            return new CloudCodeUpstream(simulator, null, null);
        }

        var clientId = builder.AddParameterFromConfiguration("google-oauth-client-id", "CloudCode:OAuth:ClientId");
        var clientSecret = builder.AddParameterFromConfiguration("google-oauth-client-secret", "CloudCode:OAuth:ClientSecret", secret: true);
        return new CloudCodeUpstream(null, clientId, clientSecret);
    }

    /// <summary>
    /// Points the service at the upstream (<c>CloudCode__*</c>). The simulator serves every host under a path prefix, so
    /// <c>/daily</c> and <c>/prod</c> are the two fallback hosts, in Google's order (cloudcode.md §1.1).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithCloudCode(this IResourceBuilder<ProjectResource> builder, CloudCodeUpstream upstream)
    {
        if (upstream.Simulator is { } simulator)
        {
            var url = simulator.GetEndpoint("http");
            return builder
                .WithReference(simulator).WaitFor(simulator)
                .WithEnvironment("CloudCode__BaseUrls__0", ReferenceExpression.Create($"{url}/daily"))
                .WithEnvironment("CloudCode__BaseUrls__1", ReferenceExpression.Create($"{url}/prod"))
                .WithEnvironment("CloudCode__LoadCodeAssistBaseUrls__0", ReferenceExpression.Create($"{url}/prod"))
                .WithEnvironment("CloudCode__LoadCodeAssistBaseUrls__1", ReferenceExpression.Create($"{url}/daily"))
                .WithEnvironment("CloudCode__OAuth__TokenUrl", ReferenceExpression.Create($"{url}/token"))
                .WithEnvironment("CloudCode__OAuth__AuthorizeUrl", ReferenceExpression.Create($"{url}/o/oauth2/v2/auth"))
                .WithEnvironment("CloudCode__OAuth__UserInfoUrl", ReferenceExpression.Create($"{url}/oauth2/v2/userinfo"))
                .WithEnvironment("CloudCode__OAuth__ClientId", DemoClientId)
                .WithEnvironment("CloudCode__OAuth__ClientSecret", DemoClientSecret);
        }

        return builder
            .WithEnvironment("CloudCode__OAuth__ClientId", upstream.ClientId!)
            .WithEnvironment("CloudCode__OAuth__ClientSecret", upstream.ClientSecret!);
    }

    /// <summary>The admin credential: the panel's password and the admin API's key.</summary>
    public static IResourceBuilder<ProjectResource> WithAdminKey(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ParameterResource> adminApiKey) =>
        builder.WithEnvironment("Admin__ApiKey", adminApiKey);

    /// <summary>
    /// Only the SHA-256 of the admin key (<c>Gateway__AdminKeySha256</c>), by which the gateway recognises the admin on its
    /// few admin views: a compromised internet-facing replica cannot use it against the admin API.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAdminKeyHash(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ParameterResource> adminApiKey) =>
        builder.WithEnvironment(async context =>
        {
            var key = await adminApiKey.Resource.GetValueAsync(context.CancellationToken) ?? "";
            context.EnvironmentVariables["Gateway__AdminKeySha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
        });

    /// <summary>The service-to-service credential, accepted on AccountService's <c>/internal</c> routes only.</summary>
    public static IResourceBuilder<ProjectResource> WithInternalKey(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ParameterResource> internalApiKey) =>
        builder.WithEnvironment("Internal__ApiKey", internalApiKey);

    /// <summary>The key that encrypts tokens and user data at rest, shared by every service that reads them.</summary>
    public static IResourceBuilder<ProjectResource> WithSecretsKey(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ParameterResource> secretsKey) =>
        builder
            .WithEnvironment("Secrets__ActiveKeyId", "k1")
            .WithEnvironment("Secrets__Keys__k1", secretsKey);

    /// <summary>
    /// The gateway's shared endpoint: <c>--port N</c>, else the launch profile's port. DCP listens there and hands each new
    /// connection to one of the replicas (as a Kubernetes Service does).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSharedPort(this IResourceBuilder<ProjectResource> builder, int? port) =>
        port is { } fixedPort ? builder.WithEndpoint("http", e => e.Port = fixedPort) : builder;

    /// <summary>
    /// With <c>--simulate</c>: signs the simulator's demo accounts in through AccountService's admin API once it is
    /// healthy. Resources that wait for AccountService start after this has run.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDemoAccounts(
        this IResourceBuilder<ProjectResource> accounts, CloudCodeUpstream upstream, IResourceBuilder<ParameterResource> adminApiKey)
    {
        if (upstream.Simulator is null)
        {
            return accounts;
        }

        return accounts.OnResourceReady(async (resource, ready, cancellationToken) =>
        {
            var logger = ready.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
            var url = new Uri(resource.GetEndpoint("http").Url);
            var key = await adminApiKey.Resource.GetValueAsync(cancellationToken) ?? "";
            await DemoAccounts.SignInAsync(url, key, s_demoRefreshTokens, logger, cancellationToken);
        });
    }

    /// <summary>Prints the URLs, the keys a human needs and commands that work as printed, once everything is healthy.</summary>
    public static void PrintHowToUse(
        this IDistributedApplicationBuilder builder, AppHostArguments arguments, IResourceBuilder<ProjectResource> gateway,
        IResourceBuilder<ProjectResource> accounts, IResourceBuilder<ParameterResource> adminApiKey, IResourceBuilder<ParameterResource> clientApiKey)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return;
        }

        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((created, cancellationToken) =>
        {
            _ = Banner.PrintWhenReadyAsync(created.Services, arguments, gateway.Resource, accounts.Resource, adminApiKey.Resource, clientApiKey.Resource, cancellationToken);
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// <c>--trace-sampling R</c>: every service traces that share of requests, decided where a trace starts and followed
    /// downstream (OpenTelemetry's <c>parentbased_traceidratio</c>, read by its SDK from the environment; set after
    /// Aspire's own <c>always_on</c>, so it wins). Under load, exporting every request's spans to the dashboard costs more
    /// CPU than serving it (README, "The Cloud Code simulator and the benchmarks").
    /// </summary>
    public static void SampleTraces(this IDistributedApplicationBuilder builder, double? ratio)
    {
        if (ratio is not { } share)
        {
            return;
        }

        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(context =>
            {
                context.EnvironmentVariables["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio";
                context.EnvironmentVariables["OTEL_TRACES_SAMPLER_ARG"] = share.ToString(System.Globalization.CultureInfo.InvariantCulture);
            });
        }
    }

    /// <summary>A <c>--simulate</c> run's data folder is deleted once every resource has stopped (unless <c>--keep-data</c>).</summary>
    public static void DeleteThrowawayDataOnStop(this IDistributedApplicationBuilder builder, DataDirectory data, bool keep)
    {
        if (builder.ExecutionContext.IsRunMode)
        {
            builder.Services.AddHostedService(services => new ThrowawayDataCleanup(services.GetRequiredService<IHostApplicationLifetime>(), data, keep));
        }
    }

    private sealed class ThrowawayDataCleanup(IHostApplicationLifetime lifetime, DataDirectory data, bool keep) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStopped.Register(() => data.DeleteIfThrowaway(keep));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Where the cluster's Cloud Code traffic goes: the simulator resource, or Google with an OAuth client.</summary>
internal sealed record CloudCodeUpstream(
    IResourceBuilder<ProjectResource>? Simulator,
    IResourceBuilder<ParameterResource>? ClientId,
    IResourceBuilder<ParameterResource>? ClientSecret);
