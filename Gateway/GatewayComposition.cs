using Antigravity.ClusterState;
using Antigravity.Gateway.Usage;

namespace Microsoft.Extensions.Hosting;

/// <summary>The Gateway's composition, shared by <c>Program.cs</c> and the tests' in-process replicas so both run the same
/// services and endpoints.</summary>
internal static class GatewayComposition
{
    /// <summary>Service defaults without the blanket HTTP resilience handler (STYLE.md rule 8: the upstream traffic has its own
    /// transport, and a retried token refresh would be a second refresh), Redis, the refresh client of AccountService, the
    /// event bus when <c>ConnectionStrings:messaging</c> is set, the pipeline and the four front doors.</summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.AddBasicServiceDefaults();
        builder.AddRedisClient(RedisClientDefaults.ConnectionName, configureOptions: RedisClientDefaults.Apply);
        builder.Services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddInternalApiClient();
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString("messaging")))
        {
            builder.AddEventBus();
        }

        builder.AddGatewayPipeline();
        builder.AddOpenAiApi();
        builder.AddGeminiApi();
        builder.AddAccountLimitsApi();
        builder.AddExecutors();
        builder.AddGracefulShutdown();
        return builder;
    }

    /// <summary>The response header that names the replica that answered (its <c>service.instance.id</c>): which replica
    /// served a request is visible behind a balancer, as in the request log.</summary>
    public const string ReplicaHeader = "x-gateway-replica";

    /// <summary>The replica header outermost, then the last-resort error responses (they must wrap routing), then every
    /// endpoint.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        var replica = app.Services.GetRequiredService<Antigravity.Gateway.Telemetry.ReplicaIdentity>().Name;
        app.Use((context, next) =>
        {
            // Set as the response starts, not now: the exception handler clears the headers before it writes its error.
            var response = context.Response;
            response.OnStarting(() =>
            {
                response.Headers[ReplicaHeader] = replica;
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseConnectionCloseWhileStopping();
        app.UseClientErrorResponses();
        app.UseExecutorApp();
        app.MapDefaultEndpoints();
        app.MapAnthropicApi();
        app.MapOpenAiApi();
        app.MapGeminiApi();
        app.MapAccountLimitsApi();
        app.MapExecutors();
        return app;
    }
}
