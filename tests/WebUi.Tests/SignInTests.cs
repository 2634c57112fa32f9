using System.Collections.Concurrent;
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
    public async Task SignInPage_EveryResourceTheBrowserLoads_IsFoundIncludingTheIcon()
    {
        var page = await PanelSession.NewPageAsync(panel.Browser);
        // Through the DevTools protocol: Playwright's own response events leave out the icon, which the browser fetches
        // for itself (it was /favicon.ico, a 404 on every page).
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var responses = new ConcurrentQueue<(string Url, int Status)>();
        var icon = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cdp.Event("Network.responseReceived").OnEvent += (_, e) =>
        {
            var response = e!.Value.GetProperty("response");
            var url = response.GetProperty("url").GetString()!;
            responses.Enqueue((url, response.GetProperty("status").GetInt32()));
            if (url.Contains("favicon", StringComparison.Ordinal))
            {
                icon.TrySetResult();
            }
        };
        await cdp.SendAsync("Network.enable");

        await page.GotoAsync(new Uri(panel.Panel, "/signin").ToString(), new() { WaitUntil = WaitUntilState.Load });
        await PanelSession.ExpectSignInPageAsync(page, panel.Panel);
        await icon.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.DoesNotContain(responses, r => r.Status >= 400);
        Assert.Contains(responses, r => r.Url.Contains("favicon", StringComparison.Ordinal) && r.Status == 200);
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
