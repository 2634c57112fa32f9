using Antigravity.AppHost.Running;

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
    /// <c>CloudCode:OAuth:ClientId|ClientSecret</c>), or with <c>--simulate</c> the Cloud Code simulator as a resource.
    /// </summary>
    public static CloudCodeUpstream AddCloudCodeUpstream(this DistributedApplicationBuilder builder)
    {
        if (builder.Arguments.Simulate && builder.ExecutionContext.IsRunMode)
        {
            // The simulator listens on 127.0.0.1:--port (not ASPNETCORE_URLS) and has its demo accounts when unconfigured.
            var simulator = builder.AddProject("cloudcode", "../tests/CloudCodeSimulator/CloudCodeSimulator.csproj")
                .WithArgs(replica => ["--port", replica.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
                .WithHttpHealthCheck("/_sim/settings", livenessPath: null)
                .ExcludeFromManifest();
            simulator.Resource.HttpEndpoint.RunHost = "127.0.0.1";
            return new CloudCodeUpstream(simulator, null, null);
        }

        var clientId = builder.AddParameter("google-oauth-client-id", fallbackConfigKey: "CloudCode:OAuth:ClientId");
        var clientSecret = builder.AddParameter("google-oauth-client-secret", secret: true, ParameterDefault.None, fallbackConfigKey: "CloudCode:OAuth:ClientSecret");
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
            var url = new EndpointReference(simulator.Resource.HttpEndpoint);
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

    /// <summary>The admin credential and the key that encrypts tokens at rest, shared by every service.</summary>
    public static IResourceBuilder<ProjectResource> WithClusterSecrets(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ParameterResource> adminApiKey, IResourceBuilder<ParameterResource> secretsKey) =>
        builder
            .WithEnvironment("Admin__ApiKey", adminApiKey)
            .WithEnvironment("Secrets__ActiveKeyId", "k1")
            .WithEnvironment("Secrets__Keys__k1", secretsKey);

    /// <summary>With <c>--simulate</c>: signs the simulator's demo accounts in through AccountService's admin API once it is healthy.</summary>
    public static IResourceBuilder<ProjectResource> WithDemoAccounts(
        this IResourceBuilder<ProjectResource> accounts, CloudCodeUpstream upstream, IResourceBuilder<ParameterResource> adminApiKey)
    {
        if (upstream.Simulator is null)
        {
            return accounts;
        }

        return accounts.OnResourceReady((console, ct) => DemoAccounts.SignInAsync(
            new Uri(new EndpointReference(accounts.Resource.HttpEndpoint).GetValue(ValueTarget.Run)),
            adminApiKey.Resource.Value ?? "",
            s_demoRefreshTokens,
            console,
            ct));
    }

    /// <summary>Prints the URLs, the keys a human needs and commands that work as printed, once everything runs.</summary>
    public static void PrintHowToUse(
        this DistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> gateway,
        IResourceBuilder<ParameterResource> adminApiKey, IResourceBuilder<ParameterResource> clientApiKey) =>
        builder.AfterStartCallbacks.Add((app, _) =>
        {
            Banner.Print(app, gateway.Resource, adminApiKey.Resource.Value ?? "", clientApiKey.Resource.Value ?? "");
            return Task.CompletedTask;
        });
}

/// <summary>Where the cluster's Cloud Code traffic goes: the simulator resource, or Google with an OAuth client.</summary>
internal sealed record CloudCodeUpstream(
    IResourceBuilder<ProjectResource>? Simulator,
    IResourceBuilder<ParameterResource>? ClientId,
    IResourceBuilder<ParameterResource>? ClientSecret);
