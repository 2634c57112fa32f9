using Antigravity.WebUi.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Antigravity.WebUi.Tests;

/// <summary>Every page with every backend down: a friendly error, never a crash.</summary>
public sealed class OfflinePanelTests(OfflinePanelFixture panel) : IClassFixture<OfflinePanelFixture>
{
    [Theory]
    [InlineData("/", "QuotaWorker is not reachable")]
    [InlineData("/accounts", "AccountService is not reachable")]
    [InlineData("/keys", "AccountService is not reachable")]
    [InlineData("/users", "AccountService is not reachable")]
    [InlineData("/teams", "AccountService is not reachable")]
    [InlineData("/models", "not reachable")]
    [InlineData("/executors", "AccountService is not reachable")]
    [InlineData("/logs", "QuotaWorker is not reachable")]
    [InlineData("/settings", "AccountService is not reachable")]
    public async Task Page_WhenBackendsAreDown_ShowsAFriendlyErrorWithRetry(string path, string message)
    {
        var page = await PanelSession.SignedInPageAsync(panel.Browser, panel.Panel, panel.Password, path);

        var error = page.GetByTestId("backend-error").First;
        await Assertions.Expect(error).ToContainTextAsync(message);
        await Assertions.Expect(error.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Something went wrong")).ToHaveCountAsync(0);
        await PanelSession.ScreenshotAsync(page, "backend-down" + path.Replace('/', '-').TrimEnd('-'));
        await page.Context.CloseAsync();
    }
}
