using System.Text.Json;
using System.Text.RegularExpressions;
using Antigravity.AdminClient.Accounts;
using Antigravity.AdminClient.ApiKeys;
using Antigravity.AdminClient.Routing;
using Antigravity.ClusterState.Routing;
using Antigravity.WebUi.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Antigravity.WebUi.Tests;

/// <summary>The panel against the real cluster: AccountService, QuotaWorker, the Gateway, the simulator, Redis and RabbitMQ.</summary>
public sealed partial class PanelEndToEndTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Eventually = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Accounts_AddByRefreshToken_ShowsTheAccountWithQuotaBars()
    {
        cluster.SkipUnlessReady();
        var page = await SignedInPageAsync("/accounts");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add by refresh token" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Refresh token" }).FillAsync("demo-refresh-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add account" }).ClickAsync();

        var card = page.Locator("[data-testid=account-card][data-account='demo1@example.com']");
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(card.GetByTestId("account-status")).ToHaveTextAsync("active");
        await ReloadUntilAsync(page, () => card.GetByTestId("quota-bar").CountAsync(), count => count > 0);
        await Assertions.Expect(card.Locator("[data-testid=quota-bar][data-model='claude-sonnet-4-6']")).ToContainTextAsync("%");
        await Assertions.Expect(card).ToContainTextAsync("free-tier");
        await ScreenshotsAsync(page, "accounts");
    }

    [Fact]
    public async Task Keys_CreateUseInGatewayAndFindInLogs_ShowsTheRequestWithItsTokens()
    {
        cluster.SkipUnlessReady();
        var ct = TestContext.Current.CancellationToken;
        await EnsureAccountAsync();
        var page = await SignedInPageAsync("/keys");
        var name = "e2e-key-" + Guid.NewGuid().ToString("N")[..6];
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        var keyField = page.GetByRole(AriaRole.Dialog, new() { Name = "Store this key now" }).GetByRole(AriaRole.Textbox, new() { Name = "API key" });
        await Assertions.Expect(keyField).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(".{16,}"));
        var key = await keyField.InputValueAsync();
        await ScreenshotsAsync(page, "keys-created", phone: false);
        await page.GetByRole(AriaRole.Button, new() { Name = "I have stored it" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Store this key now" })).ToHaveCountAsync(0); // gone, not closing
        await Assertions.Expect(page.Locator($"[data-testid=key-row][data-key-name='{name}']")).ToBeVisibleAsync();
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);
        var prefix = page.Locator("tr", new() { Has = page.Locator($"[data-testid=key-row][data-key-name='{name}']") }).GetByTestId("key-prefix");
        await Assertions.Expect(prefix).ToHaveTextAsync(key[..12] + "…");

        using var response = await cluster.SendThroughGatewayAsync(key, "claude-sonnet-4-6", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        var inputTokens = json.RootElement.GetProperty("usage").GetProperty("input_tokens").GetInt64();
        var outputTokens = json.RootElement.GetProperty("usage").GetProperty("output_tokens").GetInt64();

        var keyId = (await cluster.Admin.ListApiKeysAsync(ct)).Single(k => k.Name == name).Id;
        await PanelSession.GotoPanelAsync(page, new Uri(cluster.Panel, $"/logs?key={keyId}"));
        var rows = page.GetByTestId("log-tokens");
        await ReloadUntilAsync(page, () => rows.CountAsync(), count => count > 0);
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToHaveTextAsync($"{inputTokens} / {outputTokens}");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Details of request") }).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("detail-tokens")).ToContainTextAsync($"{inputTokens} in · {outputTokens} out");
        await ScreenshotsAsync(page, "log-detail", phone: false);
    }

    [Fact]
    public async Task Groups_ReorderThenTryIt_TheNewFirstModelServes()
    {
        cluster.SkipUnlessReady();
        var ct = TestContext.Current.CancellationToken;
        await EnsureAccountAsync();
        var group = "e2e-group-" + Guid.NewGuid().ToString("N")[..6];
        await cluster.Admin.PutModelGroupAsync(group, new PutModelGroupRequest { Models = ["claude-sonnet-4-6", "gemini-3-flash"] }, ct);
        var created = await cluster.Admin.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "e2e-group-key" }, ct);
        var key = created.Key;
        var page = await SignedInPageAsync("/models");

        var editor = page.Locator($"[data-testid=group-editor][data-group='{group}']");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Move gemini-3-flash up" }).ClickAsync();
        await Assertions.Expect(editor.GetByTestId("group-model").First).ToHaveAttributeAsync("data-model", "gemini-3-flash");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save order" }).ClickAsync();
        await Assertions.Expect(editor).Not.ToContainTextAsync("(unsaved)");
        Assert.Equal(["gemini-3-flash", "claude-sonnet-4-6"], (await cluster.Admin.GetModelGroupAsync(group, ct)).Models);

        await editor.GetByRole(AriaRole.Button, new() { Name = $"Try {group}" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Textbox, new() { Name = "API key" }).FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("try-answer")).ToBeVisibleAsync();
        await ScreenshotsAsync(page, "models-try-it", phone: false);

        await PanelSession.GotoPanelAsync(page, new Uri(cluster.Panel, $"/logs?key={created.ApiKey.Id}"));
        var models = page.GetByTestId("log-model");
        await ReloadUntilAsync(page, () => models.CountAsync(), count => count > 0);
        await Assertions.Expect(models.First).ToContainTextAsync("gemini-3-flash");
    }

    [Fact]
    public async Task Settings_ChangeStrategy_IsSavedForTheCluster()
    {
        cluster.SkipUnlessReady();
        var ct = TestContext.Current.CancellationToken;
        var before = await cluster.Admin.GetSettingsAsync(ct);
        var target = before.Strategy == SelectionStrategy.RoundRobin ? SelectionStrategy.Hybrid : SelectionStrategy.RoundRobin;
        var page = await SignedInPageAsync("/settings");
        var strategy = page.GetByRole(AriaRole.Combobox, new() { Name = "Account selection strategy" });

        await page.GetByTestId("strategy").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = target.ToString(), Exact = true }).ClickAsync();
        // MudSelect closes its list (an awaited JS call) before it sets the value: a Save click sent as soon as the list
        // is gone can run in between and save the old strategy. Wait for the help text the page renders from the form
        // model, i.e. until the new value is in the model, before saving.
        await Assertions.Expect(strategy).ToContainTextAsync(target.ToString());
        await Assertions.Expect(page.GetByText(target == SelectionStrategy.RoundRobin ? "Rotate through the accounts." : "Prefer healthy accounts")).ToBeVisibleAsync();
        await page.GetByTestId("save-settings").ClickAsync();

        await Assertions.Expect(page.GetByText("Settings saved and applied to the cluster.")).ToBeVisibleAsync();
        Assert.Equal(target, (await cluster.Admin.GetSettingsAsync(ct)).Strategy);
        await PanelSession.ReloadPanelAsync(page);
        await Assertions.Expect(strategy).ToContainTextAsync(target.ToString());
    }

    [Fact]
    public async Task Dashboard_AfterAGatewayRequest_UpdatesWithoutReload()
    {
        cluster.SkipUnlessReady();
        var ct = TestContext.Current.CancellationToken;
        await EnsureAccountAsync();
        var key = (await cluster.Admin.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "e2e-dashboard-key" }, ct)).Key;
        var page = await SignedInPageAsync("/");
        var requests = page.GetByTestId("requests-today-value");
        await Assertions.Expect(requests).ToBeVisibleAsync();
        var before = await requests.InnerTextAsync();

        using var response = await cluster.SendThroughGatewayAsync(key, "gemini-3-flash", ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));

        await Assertions.Expect(requests).Not.ToHaveTextAsync(before, new() { Timeout = 45_000 });
        await ScreenshotsAsync(page, "dashboard");
    }

    [Fact]
    public async Task Dashboard_AfterAScanAndARequest_ShowsEachModelsNextResetAndChartsThatFitTheirCard()
    {
        cluster.SkipUnlessReady();
        var ct = TestContext.Current.CancellationToken;
        await EnsureAccountAsync();
        var key = (await cluster.Admin.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "e2e-resets-key" }, ct)).Key;
        using (var response = await cluster.SendThroughGatewayAsync(key, "claude-sonnet-4-6", ct))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        }

        var page = await SignedInPageAsync("/");
        var resets = page.GetByTestId("next-reset");
        await ReloadUntilAsync(page, () => resets.CountAsync(), count => count > 0);
        // Upstream (the simulator) gives every quota a reset time: 5 hours after its first use, or from now when unused.
        for (var i = 0; i < await resets.CountAsync(); i++)
        {
            await Assertions.Expect(resets.Nth(i)).ToHaveTextAsync(new Regex(@"^\d+h \d{2}m$"));
        }

        var tokens = page.GetByTestId("tokens-chart");
        await ReloadUntilAsync(page, () => tokens.CountAsync(), count => count > 0);
        await ExpectChartFitsAsync(page, "tokens-chart");
        await ExpectChartFitsAsync(page, "requests-chart");
        await ScreenshotsAsync(page, "dashboard-resets");
    }

    [Fact]
    public async Task Models_Catalogue_LabelsEachModelAfterItsIdAndShowsItsNextReset()
    {
        cluster.SkipUnlessReady();
        await EnsureAccountAsync();
        var page = await SignedInPageAsync("/models");
        var row = page.Locator("[data-testid=catalogue-row][data-model='gemini-3.5-flash-low']");
        await ReloadUntilAsync(page, () => row.CountAsync(), count => count > 0);

        await Assertions.Expect(row.GetByTestId("model-label")).ToHaveTextAsync("Gemini 3.5 Flash (Low)");
        await Assertions.Expect(row.GetByTestId("next-reset")).ToHaveTextAsync(new Regex(@"^\d+h \d{2}m$"));
        await Assertions.Expect(page.Locator("[data-testid=catalogue-row][data-model='gemini-3.1-pro-high']").GetByTestId("model-label"))
            .ToHaveTextAsync("Gemini 3.1 Pro (High)");
    }

    [Fact]
    public async Task EveryPage_LaptopAndPhone_RendersWithoutErrors()
    {
        cluster.SkipUnlessReady();
        await EnsureAccountAsync();
        foreach (var (path, name) in new[] { ("/", "dashboard-overview"), ("/accounts", "accounts-overview"), ("/keys", "keys"), ("/models", "models"), ("/executors", "executors"), ("/logs", "logs"), ("/settings", "settings") })
        {
            var page = await SignedInPageAsync(path);
            await page.WaitForTimeoutAsync(1000);
            await Assertions.Expect(page.GetByTestId("backend-error")).ToHaveCountAsync(0);
            await ScreenshotsAsync(page, name);
            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// A usage chart at most 8 y-axis labels, drawn across at least 90 % of its card's width (MudBlazor draws to the size
    /// it measured, so this waits for that; it fails with what it measured).
    /// </summary>
    private static async Task ExpectChartFitsAsync(IPage page, string testId)
    {
        const string Measure = """
            id => {
                const chart = document.querySelector(`[data-testid=${id}]`);
                const labels = [...chart.querySelectorAll('.mud-charts-xaxis text, .mud-charts-yaxis text')].map(t => t.getBoundingClientRect());
                const drawn = labels.length === 0 ? 0 : Math.max(...labels.map(r => r.right)) - Math.min(...labels.map(r => r.left));
                return { yLabels: chart.querySelectorAll('.mud-charts-yaxis text').length, filled: drawn / chart.getBoundingClientRect().width };
            }
            """;
        try
        {
            await page.WaitForFunctionAsync($"id => {{ const m = ({Measure})(id); return m.yLabels >= 2 && m.yLabels <= 8 && m.filled >= 0.9; }}", testId);
        }
        catch (TimeoutException)
        {
            var measured = await page.EvaluateAsync<JsonElement>(Measure, testId);
            Assert.Fail($"{testId}: {measured} (wanted 2–8 y-axis labels and at least 90 % of the card's width drawn)");
        }
    }

    private async Task EnsureAccountAsync() =>
        await cluster.Admin.AddAccountAsync(new AddAccountRequest { RefreshToken = "demo-refresh-1" }, TestContext.Current.CancellationToken);

    private Task<IPage> SignedInPageAsync(string path) => PanelSession.SignedInPageAsync(cluster.Browser, cluster.Panel, cluster.AdminKey, path);

    /// <summary>Screenshots at laptop and phone widths (the phone one after resizing the same page).</summary>
    private static async Task ScreenshotsAsync(IPage page, string name, bool phone = true)
    {
        await PanelSession.ScreenshotAsync(page, $"{name}-laptop");
        if (phone)
        {
            await page.SetViewportSizeAsync(Infrastructure.Browser.Phone.Width, Infrastructure.Browser.Phone.Height);
            await page.WaitForTimeoutAsync(300);
            await PanelSession.ScreenshotAsync(page, $"{name}-phone");
            await page.SetViewportSizeAsync(Infrastructure.Browser.Laptop.Width, Infrastructure.Browser.Laptop.Height);
        }
    }

    /// <summary>Reloads (or runs <paramref name="refresh"/>) until the condition holds, for data that arrives through the bus.</summary>
    private static async Task ReloadUntilAsync(IPage page, Func<Task<int>> read, Func<int, bool> done, Func<Task>? refresh = null)
    {
        var deadline = DateTime.UtcNow + Eventually;
        while (!done(await read()))
        {
            Assert.True(DateTime.UtcNow < deadline, "The panel did not show the expected data in time.");
            await page.WaitForTimeoutAsync(1000);
            if (refresh is null)
            {
                await PanelSession.ReloadPanelAsync(page);
            }
            else
            {
                await refresh();
            }
        }
    }
}
