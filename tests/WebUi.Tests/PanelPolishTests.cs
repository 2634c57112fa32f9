using Antigravity.WebUi.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Antigravity.WebUi.Tests;

/// <summary>What a new user tripped over in the panel that needs no backend (issue 18, item 15).</summary>
public sealed class PanelPolishTests(OfflinePanelFixture panel) : IClassFixture<OfflinePanelFixture>
{
    [Fact]
    public async Task Navigation_HeadingFocusedForScreenReaders_ShowsNoFocusRing()
    {
        var page = await PanelSession.SignedInPageAsync(panel.Browser, panel.Panel, panel.Password, "/");
        var dashboard = page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 });
        await Assertions.Expect(dashboard).ToBeFocusedAsync();
        Assert.Equal("none", await OutlineStyleAsync(dashboard));

        // From the keyboard, where Chromium counts the programmatic focus as :focus-visible.
        await page.GetByRole(AriaRole.Link, new() { Name = "API keys" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        var keys = page.GetByRole(AriaRole.Heading, new() { Name = "API keys", Level = 1 });
        await Assertions.Expect(keys).ToBeFocusedAsync();
        Assert.Equal("none", await OutlineStyleAsync(keys));
        await PanelSession.ScreenshotAsync(page, "navigation-heading-focused");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CreateKeyDialog_Opened_NameIsFocusedWithoutAnErrorUntilSubmittedEmpty()
    {
        var page = await PanelSession.SignedInPageAsync(panel.Browser, panel.Panel, panel.Password, "/keys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Create an API key" });
        var name = dialog.GetByLabel("Name", new() { Exact = true });
        var error = dialog.GetByText("Give the key a name (who or what uses it).");

        await Assertions.Expect(name).ToBeFocusedAsync();
        await Assertions.Expect(error).ToHaveCountAsync(0);
        await Assertions.Expect(dialog.Locator(".mud-input-error")).ToHaveCountAsync(0);
        await page.Keyboard.InsertTextAsync("ci");
        await Assertions.Expect(name).ToHaveValueAsync("ci");
        await Assertions.Expect(error).ToHaveCountAsync(0);
        await PanelSession.ScreenshotAsync(page, "keys-create-dialog");

        await name.FillAsync("");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();

        await Assertions.Expect(error).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    private static Task<string> OutlineStyleAsync(ILocator element) =>
        element.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle");
}
