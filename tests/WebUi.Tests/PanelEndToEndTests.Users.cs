using Antigravity.AdminClient.ApiKeys;
using Antigravity.AdminClient.Routing;
using Antigravity.AdminClient.Users;
using Antigravity.WebUi.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Antigravity.WebUi.Tests;

/// <summary>Issue 20 in the panel: users, teams, where a name resolves for each, usage by user and the CSV export.</summary>
public sealed partial class PanelEndToEndTests
{
    [Fact]
    public async Task UsersAndTeams_CreatedInThePanel_AreListedWithHerTeam()
    {
        cluster.SkipUnlessReady();
        var ct = TestContext.Current.CancellationToken;
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (team, user) = ($"research-{suffix}", $"alice-{suffix}");
        var page = await SignedInPageAsync("/teams");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create team" }).ClickAsync();
        var teamDialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Create a team" });
        await teamDialog.GetByLabel("Name", new() { Exact = true }).FillAsync(team);
        await teamDialog.GetByLabel("Tokens per day").FillAsync("500000");
        await teamDialog.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        var teamRow = page.Locator($"[data-testid=team-row][data-team-name='{team}']");
        await Assertions.Expect(teamRow).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr", new() { Has = teamRow })).ToContainTextAsync("500k tokens/day");

        await PanelSession.GotoPanelAsync(page, new Uri(cluster.Panel, "/users"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        var userDialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Create a user" });
        await userDialog.GetByLabel("Name", new() { Exact = true }).FillAsync(user);
        await userDialog.GetByLabel("Email (optional)").FillAsync($"{user}@example.com");
        await userDialog.GetByTestId("user-team-select").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = team, Exact = true }).ClickAsync();
        // MudSelect sets its value after closing its list: wait until the field shows it, then create.
        await Assertions.Expect(userDialog.GetByRole(AriaRole.Combobox, new() { Name = "Team" })).ToContainTextAsync(team);
        await userDialog.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();

        var userRow = page.Locator("tr", new() { Has = page.Locator($"[data-testid=user-row][data-user-name='{user}']") });
        await Assertions.Expect(userRow).ToBeVisibleAsync();
        await Assertions.Expect(userRow.GetByTestId("user-team")).ToHaveTextAsync(team);
        await Assertions.Expect(userRow).ToContainTextAsync($"{user}@example.com");
        await ScreenshotsAsync(page, "users");
        var created = await cluster.Admin.GetUserAsync(user, ct);
        Assert.Equal((await cluster.Admin.GetTeamAsync(team, ct)).Id, created.TeamId);
        Assert.Equal("member", created.Role);

        await PanelSession.GotoPanelAsync(page, new Uri(cluster.Panel, "/teams"));
        await Assertions.Expect(page.Locator("tr", new() { Has = teamRow }).GetByTestId("team-members")).ToContainTextAsync(user);
        await ScreenshotsAsync(page, "teams", phone: false);
    }

    [Fact]
    public async Task Models_ResolveBox_ShowsHerOwnAliasForOneUserAndTheTeamsForAnother()
    {
        cluster.SkipUnlessReady();
        var ct = TestContext.Current.CancellationToken;
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (name, team, alice, bob) = ($"think-{suffix}", $"support-{suffix}", $"alice-{suffix}", $"bob-{suffix}");
        await cluster.Admin.CreateTeamAsync(new CreateTeamRequest { Name = team }, ct);
        await cluster.Admin.CreateUserAsync(new CreateUserRequest { Name = alice, Team = team }, ct);
        await cluster.Admin.CreateUserAsync(new CreateUserRequest { Name = bob, Team = team }, ct);
        await cluster.Admin.SetLevelAliasAsync(RoutingOwner.Team(team), name, "gemini-3-flash", ct);
        await cluster.Admin.SetLevelAliasAsync(RoutingOwner.User(alice), name, "claude-sonnet-4-6", ct);
        var page = await SignedInPageAsync("/models");

        await ResolveAsync(page, $"user {alice}", name);
        await Assertions.Expect(page.GetByTestId("resolve-answer")).ToHaveTextAsync($"{name} is an alias of user {alice} for claude-sonnet-4-6");
        await Assertions.Expect(page.GetByTestId("resolve-step")).ToHaveCountAsync(1);
        await ScreenshotsAsync(page, "models-resolve", phone: false);

        await ResolveAsync(page, $"user {bob}", name);
        await Assertions.Expect(page.GetByTestId("resolve-answer")).ToHaveTextAsync($"{name} is an alias of team {team} for gemini-3-flash");
        await Assertions.Expect(page.GetByTestId("resolve-step")).ToHaveTextAsync([$"user {bob}: not here", $"team {team}"]);

        // The level picker shows (and edits) alice's own aliases.
        await page.GetByTestId("level-select").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = $"user {alice}", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Aliases of user {alice}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("alias-row")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("alias-row")).ToContainTextAsync("claude-sonnet-4-6");
    }

    [Fact]
    public async Task UsersRequests_AreInTheLogFilteredByHer_OnTheDashboard_AndInTheDownloadedCsv()
    {
        cluster.SkipUnlessReady();
        var ct = TestContext.Current.CancellationToken;
        await EnsureAccountAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (alice, bob) = ($"alice-{suffix}", $"bob-{suffix}");
        var aliceId = (await cluster.Admin.CreateUserAsync(new CreateUserRequest { Name = alice }, ct)).Id;
        await cluster.Admin.CreateUserAsync(new CreateUserRequest { Name = bob }, ct);
        var aliceKey = await cluster.Admin.CreateUserKeyAsync(alice, new CreateApiKeyRequest { Name = "laptop" }, ct);
        var bobKey = await cluster.Admin.CreateUserKeyAsync(bob, new CreateApiKeyRequest { Name = "laptop" }, ct);
        foreach (var key in new[] { aliceKey.Key, bobKey.Key, aliceKey.Key })
        {
            using var response = await cluster.SendThroughGatewayAsync(key, "claude-sonnet-4-6", ct);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        }

        var page = await SignedInPageAsync($"/logs?user={aliceId}");
        var users = page.GetByTestId("log-user");
        await ReloadUntilAsync(page, () => users.CountAsync(), count => count >= 2);
        await Assertions.Expect(users).ToHaveTextAsync([alice, alice]);

        await PanelSession.GotoPanelAsync(page, new Uri(cluster.Panel, "/"));
        await Assertions.Expect(page.Locator($"[data-testid=usage-by-user] [data-owner='{alice}']")).ToContainTextAsync(alice);
        await Assertions.Expect(page.Locator($"[data-testid=usage-by-user] [data-owner='{alice}'] td").Nth(1)).ToHaveTextAsync("2");

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        using var expected = new MemoryStream();
        await cluster.Admin.ExportUsageCsvAsync(new DateOnly(today.Year, today.Month, 1), today, "key", expected, ct);
        var download = await DownloadAsync();
        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected.ToArray()), download);
        Assert.Contains($"{aliceKey.ApiKey.Id},laptop,2,", download);
    }

    private static async Task ResolveAsync(IPage page, string level, string name)
    {
        await page.GetByTestId("resolve-for").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = level, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "For" })).ToContainTextAsync(level);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Model name", Exact = true }).FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true }).ClickAsync();
    }

    // The panel's own pages refuse downloads (PanelSession); this one takes the Dashboard's CSV.
    private async Task<string> DownloadAsync()
    {
        var context = await cluster.Browser.NewContextAsync(new() { AcceptDownloads = true, ViewportSize = Infrastructure.Browser.Laptop });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await PanelSession.SignInAsync(page, cluster.Panel, cluster.AdminKey);
        await PanelSession.WaitForPanelAsync(page);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-usage").ClickAsync());
        Assert.Matches(@"^usage-by-key-\d{4}-\d{2}-01-to-\d{4}-\d{2}-\d{2}\.csv$", download.SuggestedFilename);
        var text = await File.ReadAllTextAsync(await download.PathAsync());
        await context.CloseAsync();
        return text;
    }
}
