using Antigravity.AccountService.Accounts;
using Antigravity.AccountService.ApiKeys;
using Antigravity.AccountService.Executors;
using Antigravity.AccountService.Internal;
using Antigravity.AccountService.Routing;
using Antigravity.AccountService.SelfService;
using Antigravity.AccountService.Settings;
using Antigravity.AccountService.SignIn;
using Antigravity.AccountService.Teams;
using Antigravity.AccountService.Tokens;
using Antigravity.AccountService.Users;
using Antigravity.AdminClient;
using Antigravity.CloudCodeClient.CodeAssist;
using Antigravity.CloudCodeClient.OAuth;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Credentials;
using Antigravity.ClusterState.Usage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Antigravity.AccountService.Hosting;

/// <summary>The service's composition, one extension per capability (STYLE.md rule 7).</summary>
internal static class AccountServiceExtensions
{
    /// <summary>Redis (with <c>Redis:KeyPrefix</c>), secrets at rest, and the stores of accounts, keys and configuration.</summary>
    public static IHostApplicationBuilder AddAccountServiceState(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient(RedisClientDefaults.ConnectionName, configureOptions: RedisClientDefaults.Apply);
        builder.Services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ClusterRedis>();
        builder.AddSecretProtection();
        builder.Services.AddSingleton<AccountStore>();
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddSingleton<ApiKeyUsageReader>();
        builder.Services.AddSingleton<ExecutorTokenStore>();
        builder.Services.AddSingleton<ExecutorRegistryReader>();
        builder.Services.AddSingleton<AccountEvents>();
        builder.Services.AddSingleton<AccountStatusRecorder>();
        builder.Services.AddSingleton<UserNames>();
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddSingleton<TeamStore>();
        builder.Services.AddSingleton<UserMigration>();
        builder.Services.AddSingleton<KeyHolders>();
        builder.Services.AddOptions<SelfServiceOptions>().BindConfiguration(SelfServiceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<UserMigration>());
        return builder;
    }

    /// <summary>Google: OAuth sign-in, the token lifecycle (single-flight refresh, proactive refresh), project discovery, and the
    /// bus consumers that ask for refreshes.</summary>
    public static IHostApplicationBuilder AddGoogleAccounts(this IHostApplicationBuilder builder)
    {
        builder.AddCloudCodeOptions();
        builder.Services.AddOptions<TokenOptions>().BindConfiguration(TokenOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<OnboardingOptions>().BindConfiguration("Onboarding").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SignInOptions>().BindConfiguration("SignIn").ValidateDataAnnotations().ValidateOnStart();

        // Token calls get their own retry policy (TokenCallPipeline), so the blanket resilience handler is removed:
        // a retried token call would break "one upstream call per refresh".
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented opt-out (ServiceDefaults).
        builder.Services.AddHttpClient<GoogleOAuthClient>().RemoveAllResilienceHandlers();
        builder.Services.AddHttpClient<CodeAssistClient>().RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<TokenCallPipeline>();
        builder.Services.AddSingleton<RefreshSignals>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RefreshSignals>());
        builder.Services.AddSingleton<TokenRefresher>();
        builder.Services.AddHostedService<ProactiveRefreshService>();
        builder.Services.AddTransient<ProjectDiscovery>();
        builder.Services.AddTransient<AccountOnboarding>();
        builder.Services.AddSingleton<PendingSignIns>();
        builder.Services.AddTransient<SignInFlow>();

        // Queues are named by MassTransit's formatter (AddMessaging), e.g. accountservice-token-rejected.
        builder.AddMessaging(bus =>
        {
            bus.AddConsumer<RefreshAccountTokenConsumer>();
            bus.AddConsumer<TokenRejectedConsumer>();
            bus.AddConsumer<AccountInvalidatedConsumer>();
        });
        return builder;
    }

    /// <summary>The admin API's plumbing: the admin and internal credentials, ProblemDetails, JSON contracts and the OpenAPI document.</summary>
    public static IHostApplicationBuilder AddAdminApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<InternalOptions>().BindConfiguration(InternalOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<InternalOptions>, ValidateInternalOptions>();
        builder.Services.AddServiceKeyAuthentication(acceptInternalKey: true);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, AdminJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(1, ConfigJsonContext.Default);
        });
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseAdminApiErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseActingIdentity(); // after authentication and authorization (issue 20)
        return app;
    }

    public static WebApplication MapAccountServiceApi(this WebApplication app)
    {
        app.MapOpenApi().RequireAdminKey(); // the document maps the admin surface (issue 15)
        var api = app.MapGroup("/api").RequireAdminKey();
        api.MapAccountsApi();
        api.MapSignInApi();
        api.MapApiKeysApi();
        api.MapUsersApi();
        api.MapTeamsApi();
        api.MapRoutingApi();
        api.MapLevelRoutingApi();
        api.MapSettingsApi();
        api.MapExecutorsApi();
        api.MapSelfServiceApi();
        api.MapUsageExport("/usage/export").WithTags("Usage"); // QuotaWorker's export, for the CLI (one admin URL)
        app.MapGroup("/internal").RequireInternalKey().MapInternalApi();
        app.MapSignInCallback();
        return app;
    }
}
