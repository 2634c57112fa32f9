using Antigravity.WebUi.Components;
using Antigravity.WebUi.Components.Pages.Executors;
using MudBlazor.Services;

namespace Microsoft.Extensions.Hosting;

internal static class PanelExtensions
{
    /// <summary>The Blazor panel: interactive server rendering and MudBlazor.</summary>
    public static WebApplicationBuilder AddPanel(this WebApplicationBuilder builder)
    {
        // Serves the static web assets of packages (MudBlazor) when running from build output in any environment;
        // a no-op for a published app, whose assets are in wwwroot.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddSingleton<ExecutorAppLink>();
        return builder;
    }

    public static WebApplication UsePanelPipeline(this WebApplication app)
    {
        // First: the scheme and client address the rest sees (the session cookie's Secure flag, the sign-in limit).
        app.UseTrustedProxies();

        // In every environment: the AppHost runs the panel as Development, and the developer exception page would show
        // a stack trace to whoever uses the panel (issue 18).
        app.UseExceptionHandler("/error", createScopeForErrors: true);

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapPanel(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
