// The cluster as code, read like an Aspire AppHost (eShop's AppHost is the model). The machinery beside it runs this
// model locally (Running/), or writes Kubernetes manifests and aspire-manifest.json from it (Publishing/).
var builder = DistributedApplication.CreateBuilder(args);

// Secrets: generated for a local run (and printed where a human needs them), supplied as Parameters:* otherwise.
var adminApiKey = builder.AddParameter("admin-api-key", secret: true);
var secretsKey = builder.AddParameter("secrets-key", secret: true, ParameterDefault.AesKey());
var clientApiKey = builder.AddParameter("gateway-client-key", secret: true, ParameterDefault.ClientApiKey());

var redis = builder.AddRedis("redis");
var messaging = builder.AddRabbitMQ("messaging");
var cloudCode = builder.AddCloudCodeUpstream(); // Google's Cloud Code, or the simulator with --simulate

var accounts = builder.AddProject("accountservice", "../AccountService/AccountService.csproj")
    .WithReference(redis).WaitFor(redis)
    .WithReference(messaging).WaitFor(messaging)
    .WithClusterSecrets(adminApiKey, secretsKey)
    .WithCloudCode(cloudCode)
    .WithDemoAccounts(cloudCode, adminApiKey) // --simulate: the simulator's accounts, signed in
    .WithHttpHealthCheck("/health");

var quota = builder.AddProject("quotaworker", "../QuotaWorker/QuotaWorker.csproj")
    .WithReference(redis).WaitFor(redis)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(accounts).WaitFor(accounts)
    .WithClusterSecrets(adminApiKey, secretsKey)
    .WithCloudCode(cloudCode)
    .WithHttpHealthCheck("/health");

var gateway = builder.AddProject("gateway", "../Gateway/Gateway.csproj")
    .WithReference(redis).WaitFor(redis)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(accounts).WaitFor(accounts)
    .WithClusterSecrets(adminApiKey, secretsKey)
    .WithCloudCode(cloudCode)
    .WithEnvironment("Gateway__BootstrapApiKey", clientApiKey)
    // A 32 MB gen0 budget (the runtime's default is a few MB): under load the default collected every ~100 requests and
    // promoted the in-flight requests into gen1 each time; this cuts collections about six-fold for ~30 MB more at peak.
    // An environment variable because the runtime reads this knob from nowhere else. The benchmark sets the same value.
    .WithEnvironment("DOTNET_GCgen0size", "0x2000000")
    .WithReplicas(builder.Arguments.Replicas ?? 2)
    .WithHttpPort(builder.Arguments.Port)
    .WithShutdownTimeout(TimeSpan.FromSeconds(30)) // lets running streams finish
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

builder.AddProject("webui", "../WebUi/WebUi.csproj")
    .WithReference(redis).WaitFor(redis)
    .WithReference(accounts).WaitFor(accounts)
    .WithReference(quota)
    .WithReference(gateway)
    .WithEnvironment("Admin__ApiKey", adminApiKey)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

builder.PrintHowToUse(gateway, adminApiKey, clientApiKey);

builder.Build().Run();
