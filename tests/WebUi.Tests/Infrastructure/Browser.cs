using Microsoft.Playwright;

namespace Antigravity.WebUi.Tests.Infrastructure;

/// <summary>Debian's headless Chromium driven by Playwright (never a browser download).</summary>
internal static class Browser
{
    public static readonly ViewportSize Laptop = new() { Width = 1366, Height = 850 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        return (playwright, browser);
    }
}
