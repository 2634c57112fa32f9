using Microsoft.Playwright;

namespace Antigravity.WebUi.Tests.Infrastructure;

/// <summary>Browser steps that several tests share.</summary>
internal static class PanelSession
{
    public static async Task<IPage> NewPageAsync(IBrowser browser, ViewportSize? viewport = null)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = viewport ?? Browser.Laptop, AcceptDownloads = false });
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    public static async Task SignInAsync(IPage page, Uri panel, string password, string path = "/")
    {
        await page.GotoAsync(new Uri(panel, path).ToString());
        await page.WaitForURLAsync(url => url.Contains("/signin", StringComparison.Ordinal));
        await page.GetByLabel("Admin credential").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Waits until the interactive circuit is up, so clicks reach the server.</summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('.mud-layout') !== null");

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(Paths.Screenshots, $"{name}.png"), FullPage = true });
    }
}
