using Antigravity.WebUi.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Antigravity.WebUi.Tests;

public sealed class SignInTests(OfflinePanelFixture panel) : IClassFixture<OfflinePanelFixture>
{
    [Fact]
    public async Task SignIn_WrongPassword_ShowsErrorAndStaysSignedOut()
    {
        var page = await PanelSession.NewPageAsync(panel.Browser);

        await PanelSession.SignInAsync(page, panel.Panel, "not-the-password", "/keys");

        await Assertions.Expect(page.GetByTestId("signin-error")).ToContainTextAsync("not right");
        await PanelSession.ExpectSignInPageAsync(page, panel.Panel);
        await page.GotoAsync(new Uri(panel.Panel, "/keys").ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await PanelSession.ExpectSignInPageAsync(page, panel.Panel);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_RightPassword_ReturnsToRequestedPageAndSignsOut()
    {
        var page = await PanelSession.SignedInPageAsync(panel.Browser, panel.Panel, panel.Password, "/settings");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Settings", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await PanelSession.ExpectSignInPageAsync(page, panel.Panel);
        await page.GotoAsync(new Uri(panel.Panel, "/settings").ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await PanelSession.ExpectSignInPageAsync(page, panel.Panel);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignInForm_WithoutAntiforgeryToken_IsRejected()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = panel.Panel };

        using var response = await http.PostAsync("/auth/signin",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["password"] = panel.Password }), TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }
}

public sealed class SignInThrottlingTests(ThrottledPanelFixture panel) : IClassFixture<ThrottledPanelFixture>
{
    [Fact]
    public async Task SignIn_TooManyAttempts_IsRefusedEvenWithTheRightPassword()
    {
        var page = await PanelSession.NewPageAsync(panel.Browser);
        for (var i = 0; i < 3; i++)
        {
            await PanelSession.SignInAsync(page, panel.Panel, "wrong-" + i);
            await Assertions.Expect(page.GetByTestId("signin-error")).ToBeVisibleAsync();
        }

        await PanelSession.SignInAsync(page, panel.Panel, panel.Password);

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?error=throttled$"));
        await Assertions.Expect(page.GetByTestId("signin-error")).ToHaveTextAsync("Too many attempts. Wait a minute and try again.");
        await page.Context.CloseAsync();
    }
}
