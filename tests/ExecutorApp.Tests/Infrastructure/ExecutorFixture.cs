using System.Runtime.CompilerServices;
using Antigravity.CloudCodeSimulator;
using Microsoft.Playwright;

namespace Antigravity.ExecutorApp.Tests.Infrastructure;

/// <summary>Debian's headless Chromium (never a browser download) and a simulator serving the public Gemini API.</summary>
public sealed class ExecutorFixture : IAsyncLifetime
{
    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    public SimulatorHost Sim { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Sim = await SimulatorHost.StartAsync(new SimulatorOptions { QuotaCostPerRequest = 0 });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    /// <summary>A fresh tab (its own storage) with the executor page of <paramref name="gateway"/>, pointed at
    /// <paramref name="sim"/>'s Gemini API with its key.</summary>
    internal async Task<IPage> OpenAsync(FakeGateway gateway, SimulatorHost? sim = null, string query = "")
    {
        var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var api = Uri.EscapeDataString((sim ?? Sim).BaseUrl);
        await page.GotoAsync($"{gateway.Url}/executor/?token=agx_test-token&name=tab-1&apiBaseUrl={api}&apiKey={SimulatorOptions.DefaultGeminiApiKey}{query}");
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
        await Sim.DisposeAsync();
    }

    [ModuleInitializer]
    internal static void Initialize() => Assertions.SetDefaultExpectTimeout(30_000);
}
