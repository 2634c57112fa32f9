using Antigravity.WebUi.Auth;
using Antigravity.WebUi.Clients;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Microsoft.Extensions.Hosting;

internal static class BackendClientsExtensions
{
    /// <summary>
    /// Typed clients for AccountService, QuotaWorker and the Gateway, addressed by service discovery names. A panel
    /// page must say quickly that a backend is down, so the default resilience pipeline (retries for ~30 s) is replaced
    /// by one short retry and a 15 s limit.
    /// </summary>
    public static IHostApplicationBuilder AddBackendClients(this IHostApplicationBuilder builder)
    {
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is "for evaluation"; it is the documented way to replace the default pipeline.
        builder.Services.AddTransient<AdminCredentialHandler>();
        builder.Services.AddScoped<TryItKey>();

        // Every call with the admin credential names the signed-in user (issue 20), whom the backends hold to her role.
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<CircuitServicesAccessor>();
        builder.Services.AddScoped<CircuitHandler, ServicesAccessorCircuitHandler>();
        builder.Services.AddTransient<ActingUserHandler>();

        builder.Services.AddAdminApiClient()
            .AddHttpMessageHandler<ActingUserHandler>()
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(Quick);

        builder.Services.AddHttpClient<StatsClient>(http => http.BaseAddress = ServiceUri(builder, "quotaworker"))
            .AddHttpMessageHandler<AdminCredentialHandler>()
            .AddHttpMessageHandler<ActingUserHandler>()
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(Quick);

        builder.Services.AddHttpClient<SelfUsageClient>(http => http.BaseAddress = ServiceUri(builder, "quotaworker"))
            .AddHttpMessageHandler<AdminCredentialHandler>()
            .AddHttpMessageHandler<ActingUserHandler>()
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(Quick);

        // The sign-in and the session checks name their user themselves (no page, hence no acting user, around them).
        builder.Services.AddHttpClient<PanelSessions>((sp, http) =>
            {
                var configured = sp.GetRequiredService<IConfiguration>()["services:accountservice:http:0"];
                http.BaseAddress = new Uri((configured is { Length: > 0 } url ? url : "http://accountservice").TrimEnd('/') + "/");
            })
            .AddHttpMessageHandler<AdminCredentialHandler>()
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(Quick);

        // "Try it" sends one small request with a client key; a POST to an LLM is never retried.
        builder.Services.AddHttpClient<GatewayClient>(http => http.BaseAddress = ServiceUri(builder, "gateway"))
            .RemoveAllResilienceHandlers()
            .AddResilienceHandler("try-it", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(60)));
#pragma warning restore EXTEXP0001
        return builder;
    }

    private static Uri ServiceUri(IHostApplicationBuilder builder, string name) =>
        new(builder.Configuration[$"Backends:{name}"] ?? $"http://{name}");

    private static void Quick(HttpStandardResilienceOptions options)
    {
        options.Retry.MaxRetryAttempts = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.UseJitter = false;
        options.Retry.DisableForUnsafeHttpMethods(); // never create a key or an account twice
        options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(7);
        options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(15);
        options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
    }
}
