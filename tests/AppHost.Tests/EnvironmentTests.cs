using Antigravity.AppHost.Hosting;

namespace Antigravity.AppHost.Tests;

/// <summary>The environment each resource gets (aspire-conventions.md §1.1, §1.2, §9), variable by variable, without starting anything.</summary>
public sealed class EnvironmentTests
{
    [Fact]
    public void Gateway_RunMode_GetsAspireReferencesAndOwnUrl()
    {
        var app = AppModel.Build("--api-key", "ag-test-key").WithPorts();
        var env = app.RunEnvironment("gateway", new ReplicaInstance(1, "gateway-qwertyui", "qwertyui", 45123));
        var redisPassword = app.Parameter("redis-password");
        var rabbitPassword = app.Parameter("messaging-password");
        var redisPort = app.Port("redis");
        var rabbitPort = app.Port("messaging");
        var accountsPort = app.Port("accountservice");

        Assert.Equal("http://localhost:45123", env["ASPNETCORE_URLS"]);
        Assert.Equal($"127.0.0.1:{redisPort},password={redisPassword}", env["ConnectionStrings__redis"]);
        Assert.Equal("127.0.0.1", env["REDIS_HOST"]);
        Assert.Equal($"{redisPort}", env["REDIS_PORT"]);
        Assert.Equal(redisPassword, env["REDIS_PASSWORD"]);
        Assert.Equal($"redis://:{redisPassword}@127.0.0.1:{redisPort}", env["REDIS_URI"]);
        Assert.Equal($"amqp://guest:{rabbitPassword}@127.0.0.1:{rabbitPort}", env["ConnectionStrings__messaging"]);
        Assert.Equal("127.0.0.1", env["MESSAGING_HOST"]);
        Assert.Equal($"{rabbitPort}", env["MESSAGING_PORT"]);
        Assert.Equal("guest", env["MESSAGING_USERNAME"]);
        Assert.Equal(rabbitPassword, env["MESSAGING_PASSWORD"]);
        Assert.Equal($"amqp://guest:{rabbitPassword}@127.0.0.1:{rabbitPort}", env["MESSAGING_URI"]);
        Assert.Equal($"http://localhost:{accountsPort}", env["services__accountservice__http__0"]);
        Assert.Equal($"http://localhost:{accountsPort}", env["ACCOUNTSERVICE_HTTP"]);
        Assert.Equal(app.Parameter("admin-api-key"), env["Admin__ApiKey"]);
        Assert.Equal("k1", env["Secrets__ActiveKeyId"]);
        Assert.Equal(32, Convert.FromBase64String(env["Secrets__Keys__k1"]).Length);
        Assert.Equal("ag-test-key", env["Gateway__BootstrapApiKey"]);
        Assert.Equal("http", env["DOTNET_LAUNCH_PROFILE"]);
        Assert.Equal("Development", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("in_memory", env["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"]);
        Assert.Equal("true", env["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"]);
        Assert.Equal("simple", env["LOGGING__CONSOLE__FORMATTERNAME"]);
        Assert.False(env.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.Equal("gateway", env["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.instance.id=qwertyui", env["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.False(env.ContainsKey("HTTP_PORTS"));
    }

    [Fact]
    public void Project_OtlpEndpointConfigured_GetsOtelVariablesWithInstanceId()
    {
        var app = AppModel.Build("--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:4317", "--AppHost:OtlpApiKey=otlp-key").WithPorts();
        var first = app.RunEnvironment("gateway", new ReplicaInstance(0, "gateway-aaaaaaaa", "aaaaaaaa", 45001));
        var second = app.RunEnvironment("gateway", new ReplicaInstance(1, "gateway-bbbbbbbb", "bbbbbbbb", 45002));

        Assert.Equal("http://localhost:4317", first["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("grpc", first["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("x-otlp-api-key=otlp-key", first["OTEL_EXPORTER_OTLP_HEADERS"]);
        Assert.Equal("gateway", first["OTEL_SERVICE_NAME"]);
        Assert.Equal("gateway", second["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.instance.id=aaaaaaaa", first["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("service.instance.id=bbbbbbbb", second["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("1000", first["OTEL_BLRP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", first["OTEL_BSP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", first["OTEL_METRIC_EXPORT_INTERVAL"]);
        Assert.Equal("always_on", first["OTEL_TRACES_SAMPLER"]);
        Assert.Equal("trace_based", first["OTEL_METRICS_EXEMPLAR_FILTER"]);
        Assert.Equal("in_memory", first["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"]);
        Assert.Equal("http://localhost:45001", first["ASPNETCORE_URLS"]);
        Assert.Equal("http://localhost:45002", second["ASPNETCORE_URLS"]);
    }

    [Fact]
    public void Project_OnlyHttpOtlpEndpoint_UsesHttpProtobuf()
    {
        var app = AppModel.Build("--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://localhost:4318").WithPorts();
        var env = app.RunEnvironment("quotaworker");

        Assert.Equal("http://localhost:4318", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", env["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("quotaworker", env["OTEL_SERVICE_NAME"]);
    }

    [Fact]
    public void WebUi_ReferencesGateway_GetsLoadBalancerAddressNotReplicas()
    {
        var app = AppModel.Build("--port", "47111").WithPorts();
        var env = app.RunEnvironment("webui");

        Assert.Equal("http://localhost:47111", env["services__gateway__http__0"]);
        Assert.Equal("http://localhost:47111", env["GATEWAY_HTTP"]);
        Assert.Equal($"http://localhost:{app.Port("quotaworker")}", env["services__quotaworker__http__0"]);
        Assert.Equal($"http://localhost:{app.Port("accountservice")}", env["services__accountservice__http__0"]);
        Assert.Equal(app.Parameter("admin-api-key"), env["Admin__ApiKey"]);
        Assert.False(env.ContainsKey("ConnectionStrings__messaging"));
    }

    [Fact]
    public void AccountService_Simulate_PointsCloudCodeAtSimulator()
    {
        var app = AppModel.Build("--simulate").WithPorts();
        var env = app.RunEnvironment("accountservice");
        var sim = $"http://127.0.0.1:{app.Port("cloudcode")}";

        Assert.Equal($"{sim}/daily", env["CloudCode__BaseUrls__0"]);
        Assert.Equal($"{sim}/prod", env["CloudCode__BaseUrls__1"]);
        Assert.Equal($"{sim}/prod", env["CloudCode__LoadCodeAssistBaseUrls__0"]);
        Assert.Equal($"{sim}/daily", env["CloudCode__LoadCodeAssistBaseUrls__1"]);
        Assert.Equal($"{sim}/token", env["CloudCode__OAuth__TokenUrl"]);
        Assert.Equal($"{sim}/o/oauth2/v2/auth", env["CloudCode__OAuth__AuthorizeUrl"]);
        Assert.Equal($"{sim}/oauth2/v2/userinfo", env["CloudCode__OAuth__UserInfoUrl"]);
        Assert.Equal("demo-client", env["CloudCode__OAuth__ClientId"]);
        Assert.Equal("demo-secret", env["CloudCode__OAuth__ClientSecret"]);
        Assert.Equal(sim, env["services__cloudcode__http__0"]);
        Assert.Contains(app.GetResource<ProjectResource>("cloudcode"), app.GetResource<ProjectResource>("accountservice").WaitsFor);
    }

    [Fact]
    public void Gateway_ExistingServersGiven_GetsTheirConnectionStringsOnly()
    {
        var app = AppModel.Build("--ConnectionStrings:redis=cache.internal:6380,password=p1", "--ConnectionStrings:messaging=amqp://u:p@mq.internal:5673/").WithPorts();
        var env = app.RunEnvironment("gateway");

        Assert.Equal("cache.internal:6380,password=p1", env["ConnectionStrings__redis"]);
        Assert.Equal("amqp://u:p@mq.internal:5673/", env["ConnectionStrings__messaging"]);
        Assert.False(env.ContainsKey("REDIS_HOST"));
        Assert.False(env.ContainsKey("MESSAGING_URI"));
        Assert.True(app.GetResource<RedisResource>("redis").IsExternal);
    }

    [Fact]
    public void Gateway_PublishMode_GetsPortsAndExpressions()
    {
        var app = AppModel.Build("publish");
        var env = ResourceEnvironment.ForPublish(app.GetResource<ProjectResource>("gateway"))
            .ToDictionary(kv => kv.Key, kv => ResourceEnvironment.ManifestExpression(kv.Value));

        Assert.Equal("{gateway.bindings.http.targetPort}", env["HTTP_PORTS"]);
        Assert.Equal("true", env["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]);
        Assert.Equal("in_memory", env["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"]);
        Assert.Equal("{redis.connectionString}", env["ConnectionStrings__redis"]);
        Assert.Equal("redis://:{redis-password.value}@{redis.bindings.tcp.host}:{redis.bindings.tcp.port}", env["REDIS_URI"]);
        Assert.Equal("{accountservice.bindings.http.url}", env["services__accountservice__http__0"]);
        Assert.Equal("{gateway-client-key.value}", env["Gateway__BootstrapApiKey"]);
        Assert.False(env.ContainsKey("ASPNETCORE_URLS"));
        Assert.False(env.ContainsKey("OTEL_SERVICE_NAME"));
    }

    [Fact]
    public void Topology_Declared_WaitsAndReplicasAsInProgram()
    {
        var app = AppModel.Build();
        var gateway = app.GetResource<ProjectResource>("gateway");

        Assert.Equal(2, gateway.Replicas);
        Assert.Equal(["redis", "messaging", "accountservice"], gateway.WaitsFor.Select(r => r.Name));
        Assert.Equal("/health", gateway.HealthCheckPath);
        Assert.True(gateway.HttpEndpoint.IsExternal);
        Assert.Equal(3, AppModel.Build("--replicas", "3").GetResource<ProjectResource>("gateway").Replicas);
    }
}
