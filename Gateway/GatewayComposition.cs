using Antigravity.Gateway.Usage;

namespace Microsoft.Extensions.Hosting;

/// <summary>The Gateway's composition, shared by <c>Program.cs</c> and the tests' in-process replicas so both run the same
/// services and endpoints.</summary>
internal static class GatewayComposition
{
    /// <summary>Service defaults, Redis, the event bus when <c>ConnectionStrings:messaging</c> is set, the pipeline and the
    /// four front doors.</summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddRedisClient("redis");
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString("messaging")))
        {
            builder.AddEventBus();
        }

        builder.AddGatewayPipeline();
        builder.AddAnthropicApi();
        builder.AddOpenAiApi();
        builder.AddGeminiApi();
        builder.AddGracefulShutdown();
        return builder;
    }

    /// <summary>The last-resort error responses first (they must wrap routing), then every endpoint.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseClientErrorResponses();
        app.MapDefaultEndpoints();
        app.MapAnthropicApi();
        app.MapOpenAiApi();
        app.MapGeminiApi();
        app.MapAccountLimitsApi();
        return app;
    }
}
