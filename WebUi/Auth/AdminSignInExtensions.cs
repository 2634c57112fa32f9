using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Antigravity.ClusterState.Credentials;
using Antigravity.WebUi.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

internal static class AdminSignInExtensions
{
    public const string SignInRateLimitPolicy = "signin";

    /// <summary>Cookie sign-in with the admin credential, expiring sessions, a rate-limited sign-in form.</summary>
    public static IHostApplicationBuilder AddAdminSignIn(this IHostApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(builder.Configuration["Admin:ApiKey"]))
        {
            // Development only: a throwaway credential so `dotnet run` works alone; the AppHost passes its own.
            var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
            builder.Configuration["Admin:ApiKey"] = generated;
            Console.WriteLine($"WebUi (Development): no Admin:ApiKey configured; generated sign-in password: {generated}");
        }

        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<PanelSessionOptions>().BindConfiguration(AdminOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var session = builder.Configuration.GetSection(AdminOptions.SectionName).Get<PanelSessionOptions>() ?? new PanelSessionOptions();
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = ".Antigravity.Panel";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = SignInApi.SignInPagePath;
                options.AccessDeniedPath = SignInApi.NotAllowedPath; // a page the signed-in role may not open (issue 20)
                options.ReturnUrlParameter = "returnUrl";
                options.ExpireTimeSpan = session.SessionLifetime;
                options.SlidingExpiration = false;
                options.Events.OnValidatePrincipal = ValidateSessionAsync;
            });
        builder.Services.AddAuthorization();
        builder.Services.AddMemoryCache();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AuthenticationStateProvider, SessionRevalidatingStateProvider>();

        builder.Services.AddRateLimiter(options =>
        {
            options.AddPolicy(SignInRateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = session.SignInAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // The form was posted by a browser: back to the sign-in page, which says to wait a minute, like a wrong
            // credential goes back with its own message. Retry-After still tells a script when to try again.
            options.OnRejected = (context, _) =>
            {
                var response = context.HttpContext.Response;
                response.Headers.RetryAfter = "60";
                response.Redirect($"{SignInApi.SignInPagePath}?error=throttled");
                return ValueTask.CompletedTask;
            };
        });
        return builder;
    }

    /// <summary>A user's cookie stops working on the next page load once her user was deleted or her role changed (issue 20);
    /// asked of AccountService at most every 30 seconds per user (a page load fetches several assets).</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.UserId() is not { } userId)
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        var cache = services.GetRequiredService<IMemoryCache>();
        var cacheKey = $"panel-session:{userId}:{context.Principal.Role()}";
        if (cache.TryGetValue(cacheKey, out _))
        {
            return;
        }

        switch (await SessionRevalidatingStateProvider.IsCurrentAsync(context.Principal, services.GetRequiredService<PanelSessions>(), context.HttpContext.RequestAborted))
        {
            case false:
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                break;
            case true:
                cache.Set(cacheKey, true, TimeSpan.FromSeconds(30));
                break;
        }
    }

    public static IEndpointRouteBuilder MapSignInApi(this IEndpointRouteBuilder app) => SignInApi.Map(app);
}
