// The cluster as code: an Aspire AppHost (eShop's AppHost is the model). DCP runs it locally with the Aspire dashboard;
// `publish` writes Kubernetes manifests and aspire-manifest.json from the same model (Kubernetes/).
var arguments = AppHostArguments.Parse(args);
if (arguments.Help)
{
    Console.WriteLine(AppHostArguments.Usage);
    return;
}

var builder = DistributedApplication.CreateBuilder([.. arguments.AspireArgs]);
var data = DataDirectory.For(arguments);
var persist = data.IsPersistent; // a team's run keeps its data and its generated secrets; --simulate throws both away

// Secrets: generated (and kept in the AppHost's user secrets when persistent), or supplied as Parameters:*.
var adminApiKey = builder.AddGeneratedSecret("admin-api-key", persist);
var secretsKey = builder.AddGeneratedSecret("secrets-key", persist, new AesKeyDefault());
var clientApiKey = builder.AddGeneratedSecret("gateway-client-key", persist, new ClientApiKeyDefault());
var internalApiKey = builder.AddGeneratedSecret("internal-api-key", persist); // service to service: AccountService's /internal routes only

var redis = builder.AddRedisServer("redis", data, persist);
var messaging = builder.AddRabbitMQServer("messaging", data, persist);
var cloudCode = builder.AddCloudCodeUpstream(arguments.Simulate); // Google's Cloud Code, or the simulator

var accounts = builder.AddProject<Projects.AccountService>("accountservice")
    .WithReference(redis).WaitFor(redis)
    .WithReference(messaging).WaitFor(messaging)
    .WithAdminKey(adminApiKey)
    .WithInternalKey(internalApiKey)
    .WithSecretsKey(secretsKey)
    .WithCloudCode(cloudCode)
    .WithDemoAccounts(cloudCode, adminApiKey) // --simulate: the simulator's accounts, signed in
    .WithHttpHealthCheck("/health");

var quota = builder.AddProject<Projects.QuotaWorker>("quotaworker")
    .WithReference(redis).WaitFor(redis)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(accounts).WaitFor(accounts)
    .WithAdminKey(adminApiKey)
    .WithInternalKey(internalApiKey)
    .WithSecretsKey(secretsKey)
    .WithCloudCode(cloudCode)
    .WithHttpHealthCheck("/health");

var gateway = builder.AddProject<Projects.Gateway>("gateway")
    .WithReference(redis).WaitFor(redis)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(accounts).WaitFor(accounts)
    .WithAdminKeyHash(adminApiKey) // the internet-facing replicas never hold the admin key itself
    .WithInternalKey(internalApiKey)
    .WithSecretsKey(secretsKey)
    .WithCloudCode(cloudCode)
    .WithEnvironment("Gateway__BootstrapApiKey", clientApiKey)
    // A 32 MB gen0 budget (the runtime's default is a few MB): under load the default collected every ~100 requests and
    // promoted the in-flight requests into gen1 each time. An environment variable: the runtime reads it from nowhere else.
    .WithEnvironment("DOTNET_GCgen0size", "0x2000000")
    // DCP's balancer keeps routing new connections to a replica until its process exits (it has no readiness), but dials
    // another replica when one refuses: on SIGTERM the replica closes its listening socket at once and, for 2 s, still
    // serves the connections it has, closing each after its response, so clients leave it before it stops. Kubernetes
    // needs neither (its manifests hold SIGTERM back with a preStop sleep while the endpoints update).
    .WithEnvironment(context =>
    {
        if (context.ExecutionContext.IsRunMode)
        {
            context.EnvironmentVariables["Gateway__ShutdownDelay"] = "00:00:02";
            context.EnvironmentVariables["Gateway__RefuseConnectionsWhileStopping"] = "true";
        }
    })
    .WithReplicas(arguments.Replicas)
    .WithSharedPort(arguments.Port)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.WebUi>("webui")
    .WithReference(redis).WaitFor(redis)
    .WithReference(accounts).WaitFor(accounts)
    .WithReference(quota)
    .WithReference(gateway)
    .WithAdminKey(adminApiKey)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

builder.SampleTraces(arguments.TraceSampling);
builder.PrintHowToUse(arguments, gateway, accounts, adminApiKey, clientApiKey);
builder.DeleteThrowawayDataOnStop(data, arguments.KeepData);
builder.PublishKubernetesManifests(arguments);

builder.Build().Run();
