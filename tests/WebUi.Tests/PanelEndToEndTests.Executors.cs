using System.Text.RegularExpressions;
using Antigravity.AdminClient.ApiKeys;
using Antigravity.CloudCodeSimulator;
using Antigravity.WebUi.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Antigravity.WebUi.Tests;

/// <summary>The Executors page (issue 16) against the real AccountService and a real executor: the executor app the
/// gateway serves, opened in Chromium with the link the panel shows.</summary>
public sealed partial class PanelEndToEndTests
{
    private const string ExecutorModel = "gemini-2.5-flash";

    [Fact]
    public async Task Executors_CreateTokenOpenTheAppServeThenRevoke_ShowsTheExecutorUntilItIsDisconnected()
    {
        cluster.SkipUnlessReady();
        var ct = TestContext.Current.CancellationToken;
        var settings = await cluster.Admin.GetSettingsAsync(ct);
        await cluster.Admin.UpdateSettingsAsync(settings with { ExecutorModels = [ExecutorModel] }, ct);
        var page = await SignedInPageAsync("/executors");
        var name = "e2e-tab-" + Guid.NewGuid().ToString("N")[..6];

        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        var created = page.GetByRole(AriaRole.Dialog, new() { Name = "Store this token now" });
        var tokenField = created.GetByRole(AriaRole.Textbox, new() { Name = "Executor token" });
        await Assertions.Expect(tokenField).ToHaveValueAsync(new Regex("^agx_"));
        var token = await tokenField.InputValueAsync();
        var link = $"{cluster.Gateway.ToString().TrimEnd('/')}/executor/?token={Uri.EscapeDataString(token)}&name={name}";
        await Assertions.Expect(created.GetByRole(AriaRole.Textbox, new() { Name = "Executor app link (holds the token)" })).ToHaveValueAsync(link);
        await Assertions.Expect(created.GetByTestId("open-executor-app")).ToHaveAttributeAsync("href", link);
        await ScreenshotsAsync(page, "executor-token-created", phone: false);
        await created.GetByRole(AriaRole.Button, new() { Name = "I have stored it" }).ClickAsync();
        await Assertions.Expect(created).ToHaveCountAsync(0); // the dialog leaves the page (CI once read it mid-close)
        await Assertions.Expect(page.Locator($"[data-testid=token-row][data-token-name='{name}']")).ToBeVisibleAsync();
        Assert.DoesNotContain(token, await page.ContentAsync(), StringComparison.Ordinal);

        // The link, plus what a tab outside AI Studio needs: the Gemini API (here the simulator's) and its key.
        var executorPage = await PanelSession.NewPageAsync(cluster.Browser);
        await executorPage.GotoAsync($"{link}&apiBaseUrl={Uri.EscapeDataString(cluster.Simulator)}&apiKey={SimulatorOptions.DefaultGeminiApiKey}");
        await Assertions.Expect(executorPage.Locator("#state")).ToHaveTextAsync("connected");

        var row = page.Locator("tr", new() { Has = page.Locator($"[data-testid=executor-row][data-executor-name='{name}']") });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row.GetByTestId("executor-state")).ToHaveTextAsync("ready");
        await Assertions.Expect(row.GetByTestId("executor-models")).ToHaveTextAsync("*");
        await Assertions.Expect(row.GetByTestId("executor-replica")).Not.ToHaveTextAsync("–");
        await Assertions.Expect(row).ToContainTextAsync($"token {name}");

        var key = (await cluster.Admin.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "e2e-executor-key" }, ct)).Key;
        using (var response = await cluster.SendThroughGatewayAsync(key, ExecutorModel, ct))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        }

        await Assertions.Expect(executorPage.Locator("#served")).ToHaveTextAsync("1");
        await Assertions.Expect(row.GetByTestId("executor-served")).ToHaveTextAsync("1");
        await ScreenshotsAsync(page, "executors");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Revoke {name}" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();

        await Assertions.Expect(page.GetByText($"{name} revoked.")).ToBeVisibleAsync();
        await Assertions.Expect(executorPage.Locator("#state")).ToHaveTextAsync("refused");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        var tokenRow = page.Locator("tr", new() { Has = page.Locator($"[data-testid=token-row][data-token-name='{name}']") });
        await Assertions.Expect(tokenRow.GetByTestId("token-status")).ToHaveTextAsync("revoked");
        Assert.DoesNotContain(await cluster.Admin.ListExecutorsAsync(ct), e => e.Name == name);
        await executorPage.Context.CloseAsync();
        await page.Context.CloseAsync();
    }
}
