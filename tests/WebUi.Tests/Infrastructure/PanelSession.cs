using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Antigravity.WebUi.Tests.Infrastructure;

/// <summary>
/// Browser steps that several tests share. Navigations wait for the document (DOMContentLoaded), never for the
/// <c>load</c> event: what a test needs is the page the panel renders, so readiness is an element on that page (the
/// sign-in form, or the interactive layout and the page's heading), with the URL checked against the exact path so a
/// wrong page (e.g. the sign-in throttle's 429 page at <c>/auth/signin</c>) fails at once with its address.
/// </summary>
internal static class PanelSession
{
    private const string SignInPath = "/signin";

    public static async Task<IPage> NewPageAsync(IBrowser browser, ViewportSize? viewport = null)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = viewport ?? Browser.Laptop, AcceptDownloads = false });
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>Opens <paramref name="path"/> signed out, is sent to the sign-in page, and submits <paramref name="password"/>.</summary>
    public static async Task SignInAsync(IPage page, Uri panel, string password, string path = "/")
    {
        await GotoAsync(page, new Uri(panel, path));
        await ExpectSignInPageAsync(page, panel);
        await page.GetByLabel("Admin credential").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>
    /// A new page signed in through the form and showing <paramref name="path"/> with its circuit up. Fails with the
    /// address it got instead (e.g. the throttle's page) when the sign-in did not lead back to <paramref name="path"/>.
    /// </summary>
    public static async Task<IPage> SignedInPageAsync(IBrowser browser, Uri panel, string password, string path, ViewportSize? viewport = null)
    {
        var page = await NewPageAsync(browser, viewport);
        await SignInAsync(page, panel, password, path);
        await Assertions.Expect(page).ToHaveURLAsync(ExactUrl(new Uri(panel, path)));
        await WaitForPanelAsync(page);
        return page;
    }

    /// <summary>Navigates within the signed-in panel and waits until the page is rendered by its circuit.</summary>
    public static async Task GotoPanelAsync(IPage page, Uri url)
    {
        await GotoAsync(page, url);
        await WaitForPanelAsync(page);
    }

    /// <summary>Reloads a panel page and waits until it is rendered again by a new circuit.</summary>
    public static async Task ReloadPanelAsync(IPage page)
    {
        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await WaitForPanelAsync(page);
    }

    /// <summary>
    /// Waits until the interactive circuit has rendered the layout and the page's heading, so clicks reach the server.
    /// Pages are not prerendered: the layout exists only once the circuit is up.
    /// </summary>
    public static async Task WaitForPanelAsync(IPage page)
    {
        await Assertions.Expect(page.Locator(".mud-layout")).ToBeAttachedAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>Expects the static sign-in page (exactly <c>/signin</c>, any query) with its form.</summary>
    public static async Task ExpectSignInPageAsync(IPage page, Uri panel)
    {
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(new Uri(panel, SignInPath).ToString()) + @"(\?.*)?$"));
        await Assertions.Expect(page.GetByLabel("Admin credential")).ToBeVisibleAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(Paths.Screenshots, $"{name}.png"), FullPage = true });
    }

    private static Task GotoAsync(IPage page, Uri url) =>
        page.GotoAsync(url.ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded });

    private static Regex ExactUrl(Uri url) => new("^" + Regex.Escape(url.ToString()) + "$");
}
