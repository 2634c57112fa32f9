using System.Reflection;
using System.Text.RegularExpressions;
using Antigravity.AdminClient.ApiKeys;
using Antigravity.AdminClient.Users;
using Antigravity.ClusterState.Users;
using Antigravity.WebUi.Auth;
using Antigravity.WebUi.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Playwright;

namespace Antigravity.WebUi.Tests;

/// <summary>Issue 20, self-service and roles in the panel: a user signs in with her own key and sees only her own pages;
/// the pages are found by reflection (every component with <c>@page</c>), so a new page is checked without being listed.</summary>
public sealed partial class PanelEndToEndTests
{
    private static readonly string[] s_anonymousPages = ["/signin", "/error"];

    private static List<(string Route, Type Page)> RoutablePages() =>
    [
        .. typeof(PanelRoles).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (r.Template, t))),
    ];

    /// <summary>The pages every role opens: her own, and the one that says a page is not for her role.</summary>
    private static bool IsOwnPage(Type page) =>
        page.Namespace!.EndsWith(".Pages.Me", StringComparison.Ordinal) || page.GetCustomAttributes<RouteAttribute>().Any(r => r.Template == "/not-allowed");

    [Fact]
    public void EveryRoutablePage_NamesTheRolesThatMayOpenIt_AndOnlyTheOwnPagesLetAMemberIn()
    {
        var pages = RoutablePages();
        Assert.Contains(pages, p => p.Route == "/me/keys");
        Assert.Contains(pages, p => p.Route == "/settings");
        var failures = new List<string>();

        foreach (var (route, page) in pages.Where(p => !s_anonymousPages.Contains(p.Route)))
        {
            var roles = page.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Select(a => a.Roles).OfType<string>().ToList();
            var allowsMember = roles.Count > 0 && roles.All(r => r.Split(',').Contains(UserRoles.Member));
            if (roles.Count == 0 || allowsMember != IsOwnPage(page))
            {
                failures.Add($"{route} ({page.Name}): roles [{string.Join(" | ", roles)}]");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task MemberSession_EveryAdminPage_IsRefusedAndTheDashboardSendsHerToHerKeys()
    {
        cluster.SkipUnlessReady();
        var (_, key) = await NewUserWithKeyAsync(UserRoles.Member);
        var page = await PanelSession.SignedInPageAsync(cluster.Browser, cluster.Panel, key, "/me/keys");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Accounts" })).ToHaveCountAsync(0);
        var failures = new List<string>();

        foreach (var (route, _) in RoutablePages().Where(p => !IsOwnPage(p.Page) && !s_anonymousPages.Contains(p.Route)))
        {
            await PanelSession.GotoPanelAsync(page, new Uri(cluster.Panel, route));
            try
            {
                await (route == "/"
                    ? Assertions.Expect(page).ToHaveURLAsync(new Uri(cluster.Panel, "/me/keys").ToString())
                    : Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not for your role"));
            }
            catch (PlaywrightException e)
            {
                failures.Add($"{route}: {e.Message.Split('\n')[0]}");
            }
        }

        Assert.Empty(failures);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Member_SignsInWithHerKey_CreatesAndRevokesHerOwnKey_AndNeverSeesAnotherUsersKey()
    {
        cluster.SkipUnlessReady();
        var ct = TestContext.Current.CancellationToken;
        var (member, key) = await NewUserWithKeyAsync(UserRoles.Member);
        var (_, othersKey) = await NewUserWithKeyAsync(UserRoles.Member);
        var page = await PanelSession.SignedInPageAsync(cluster.Browser, cluster.Panel, key, "/me/keys");
        var name = "own-" + Guid.NewGuid().ToString("N")[..6];

        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        var keyField = page.GetByRole(AriaRole.Dialog, new() { Name = "Store this key now" }).GetByRole(AriaRole.Textbox, new() { Name = "API key" });
        await Assertions.Expect(keyField).ToHaveValueAsync(new Regex("^ag-"));
        await page.GetByRole(AriaRole.Button, new() { Name = "I have stored it" }).ClickAsync();
        var row = page.Locator($"[data-testid=own-key-row][data-key-name='{name}']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        var created = Assert.Single(await cluster.Admin.ListUserKeysAsync(member.Id, ct), k => k.Name == name);
        Assert.DoesNotContain(othersKey[..12], await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await page.GetByTestId("own-key-row").CountAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = $"Revoke {name}" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        Assert.DoesNotContain(await cluster.Admin.ListApiKeysAsync(ct), k => k.Id == created.Id);
        await ScreenshotsAsync(page, "me-keys", phone: false);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_WithARevokedKey_FailsLikeAWrongCredential()
    {
        cluster.SkipUnlessReady();
        var (member, key) = await NewUserWithKeyAsync(UserRoles.Member);
        await cluster.Admin.DeleteApiKeyAsync(Assert.Single(member.KeyIds), TestContext.Current.CancellationToken);
        var page = await PanelSession.NewPageAsync(cluster.Browser);

        await PanelSession.SignInAsync(page, cluster.Panel, key, "/me/keys");

        await Assertions.Expect(page.GetByTestId("signin-error")).ToContainTextAsync("not right");
        await PanelSession.ExpectSignInPageAsync(page, cluster.Panel);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ViewerSession_AdminPages_AreReadOnly()
    {
        cluster.SkipUnlessReady();
        var (_, key) = await NewUserWithKeyAsync(UserRoles.Viewer);
        var page = await PanelSession.SignedInPageAsync(cluster.Browser, cluster.Panel, key, "/keys");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("key-row").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create key" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = false })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MemberSession_HerRoleChanges_EndsAndHerNextSignInHasTheNewRole()
    {
        cluster.SkipUnlessReady();
        var (member, key) = await NewUserWithKeyAsync(UserRoles.Member);
        var page = await PanelSession.SignedInPageAsync(cluster.Browser, cluster.Panel, key, "/me/keys");

        await cluster.Admin.UpdateUserAsync(member.Id, new UpdateUserRequest { Role = UserRoles.Viewer }, TestContext.Current.CancellationToken);

        // The open page's check (every 30 s) or the next page load's (at most 30 s old) ends the session.
        var deadline = DateTime.UtcNow + Eventually + TimeSpan.FromSeconds(30);
        while (new Uri(page.Url).AbsolutePath != "/signin")
        {
            Assert.True(DateTime.UtcNow < deadline, $"The session was still open at {page.Url}.");
            await page.WaitForTimeoutAsync(1000);
            await page.GotoAsync(new Uri(cluster.Panel, "/me/keys").ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        }

        await PanelSession.SignInAsync(page, cluster.Panel, key, "/keys");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys", Level = 1 })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>A user of the role with one key (created by the admin); the key is shown only here.</summary>
    private async Task<(UserInfo User, string Key)> NewUserWithKeyAsync(string role)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await cluster.Admin.CreateUserAsync(new CreateUserRequest { Name = $"{role}-{Guid.NewGuid():N}"[..(role.Length + 9)], Role = role }, ct);
        var created = await cluster.Admin.CreateUserKeyAsync(user.Id, new CreateApiKeyRequest { Name = "first" }, ct);
        return (user with { KeyIds = [created.ApiKey.Id] }, created.Key);
    }
}
