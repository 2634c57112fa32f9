using System.Text.Json;
using System.Text.RegularExpressions;
using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.AdminClient.ApiKeys;
using Antigravity.AdminClient.Routing;
using Antigravity.Cli;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Routing;
using StackExchange.Redis;

namespace Antigravity.AccountService.Tests;

public sealed class CliTests(SingleInstanceCluster cluster) : IClassFixture<SingleInstanceCluster>
{
    [Fact]
    public async Task Cli_AddsByBrowserSignIn_ListsAndRemovesTheAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        var (email, _) = cluster.NewGoogleAccount("cli");

        // accounts add: prints the URL and waits; the "browser" opens it and lands on the service's callback.
        var addOutput = new SharedWriter();
        var add = RunAsync(addOutput, TextReader.Null, "accounts", "add", "--login-hint", email);
        var url = await WaitForAsync(() => addOutput.ToString().Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("http", StringComparison.Ordinal) && l.Contains("code_challenge", StringComparison.Ordinal)), ct);
        using (var browser = new HttpClient())
        {
            (await browser.GetAsync(url, ct)).EnsureSuccessStatusCode();
        }

        Assert.Equal(0, await add.WaitAsync(TimeSpan.FromSeconds(30), ct));
        Assert.Contains($"Added {email}", addOutput.ToString());

        var listOutput = new SharedWriter();
        Assert.Equal(0, await RunAsync(listOutput, TextReader.Null, "accounts", "list"));
        Assert.Contains(email, listOutput.ToString());
        Assert.Contains("active", listOutput.ToString());
        var id = (await cluster.Admin().ListAccountsAsync(ct)).Single(a => a.Email == email).Id;

        var removeOutput = new SharedWriter();
        Assert.Equal(0, await RunAsync(removeOutput, TextReader.Null, "accounts", "remove", id));
        Assert.Contains($"Removed {id}", removeOutput.ToString());
        var after = new SharedWriter();
        Assert.Equal(0, await RunAsync(after, TextReader.Null, "accounts", "list"));
        Assert.DoesNotContain(email, after.ToString());
    }

    [Fact]
    public async Task Cli_AddWithPastedRedirectUrl_CompletesTheSignIn()
    {
        var ct = TestContext.Current.CancellationToken;
        var (email, _) = cluster.NewGoogleAccount("clipaste");
        var output = new SharedWriter();
        var input = new PasteReader();

        var add = RunAsync(output, input, "accounts", "add", "--login-hint", email, "--redirect-uri", "http://localhost:51121/oauth-callback");
        var url = await WaitForAsync(() => output.ToString().Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("code_challenge", StringComparison.Ordinal)), ct);
        using (var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }))
        {
            using var consent = await browser.GetAsync(url, ct);
            input.Paste(consent.Headers.Location!.ToString());
        }

        Assert.Equal(0, await add.WaitAsync(TimeSpan.FromSeconds(30), ct));
        Assert.Contains($"Added {email}", output.ToString());
    }

    [Fact]
    public async Task Cli_WrongAdminKey_FailsWithAClearMessage()
    {
        var output = new SharedWriter();

        var exit = await CliApp.RunAsync(["accounts", "list", "--url", cluster.Urls[0], "--admin-key", "wrong-key"], CliHarness.Environment(output), TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
        Assert.Contains("admin key is wrong", output.ToString());
    }

    [Fact]
    public async Task Cli_KeysCreateListRevoke_ShowsTheKeyOnce()
    {
        var created = new SharedWriter();
        Assert.Equal(0, await RunAsync(created, TextReader.Null, "keys", "create", "--name", "cli-key", "--owner", "ops", "--rpm", "60"));
        var key = created.ToString().Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("ag-", StringComparison.Ordinal));
        var id = key.Split('-')[1];

        var listed = new SharedWriter();
        Assert.Equal(0, await RunAsync(listed, TextReader.Null, "keys", "list"));
        Assert.Contains("cli-key", listed.ToString());
        Assert.Contains("60 rpm", listed.ToString());
        Assert.DoesNotContain(key, listed.ToString());

        Assert.Equal(0, await RunAsync(new SharedWriter(), TextReader.Null, "keys", "revoke", id));
        Assert.True((await cluster.Admin().GetApiKeyAsync(id, TestContext.Current.CancellationToken)).Disabled);
    }

    [Fact]
    public async Task Cli_AdminKeyOnlyInTheEnvironment_IsUsed()
    {
        var result = await CliHarness.RunAsync(["keys", "list", "--url", cluster.Urls[0]],
            variables: new Dictionary<string, string> { ["ANTIGRAVITY_ADMIN_KEY"] = AccountServiceCluster.AdminKey });

        Assert.Equal(0, result.Exit);
        Assert.StartsWith("Id ", result.Output);
    }

    [Fact]
    public async Task Cli_UrlOfAnotherService_SaysWhichUrlToPass()
    {
        var result = await CliHarness.RunAsync(["accounts", "list", "--url", cluster.Simulator.BaseUrl, "--admin-key", AccountServiceCluster.AdminKey]);

        Assert.Equal(1, result.Exit);
        Assert.Equal("", result.Output);
        Assert.Contains($"{cluster.Simulator.BaseUrl} answered 404 Not Found: it is not AccountService's admin API.", result.Error);
        Assert.Contains("pass the admin API URL that ./run.sh prints", result.Error);
    }

    [Fact]
    public async Task Cli_KeysListPiped_IsAPlainAlignedTableWithOneLinePerKey()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] models = ["claude-opus-4-6-thinking", "claude-sonnet-4-6", "gemini-3-flash", "gemini-3.1-pro-high", "gemini-3.1-pro-low", "gemini-2.5-flash"];
        var wide = (await cluster.Admin().CreateApiKeyAsync(new CreateApiKeyRequest { Name = "piped-wide", Owner = "data team", Limits = new ApiKeyLimits { RequestsPerMinute = 60, AllowedModels = models } }, ct)).ApiKey;
        await cluster.Admin().CreateApiKeyAsync(new CreateApiKeyRequest { Name = "piped-narrow" }, ct);

        var output = new SharedWriter();
        Assert.Equal(0, await RunAsync(output, TextReader.Null, "keys", "list"));

        var lines = output.ToString().TrimEnd('\n').Split('\n');
        var header = lines[0];
        Assert.StartsWith("Id  ", header);
        var row = Assert.Single(lines, l => l.Contains("piped-wide", StringComparison.Ordinal));
        Assert.StartsWith(wide.Id, row);
        Assert.Equal(header.IndexOf("Name", StringComparison.Ordinal), row.IndexOf("piped-wide", StringComparison.Ordinal));
        Assert.Equal(header.IndexOf("Owner", StringComparison.Ordinal), row.IndexOf("data team", StringComparison.Ordinal));
        Assert.Equal(header.IndexOf("Limits", StringComparison.Ordinal), row.IndexOf("60 rpm; claude-opus-4-6-thinking, claude-sonnet-4-6,", StringComparison.Ordinal));
        Assert.True(row.Length > 150, "the row is one line however long");
        Assert.Contains(lines, l => l.Contains("piped-narrow", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.IndexOfAny(['│', '─', '╭', '\u001b']) >= 0 || l != l.TrimEnd());
    }

    [Fact]
    public async Task Cli_ListsWithJson_PrintTheAdminApiJson()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = (await cluster.Admin().CreateApiKeyAsync(new CreateApiKeyRequest { Name = "json-key" }, ct)).ApiKey;
        await cluster.Admin().PutModelGroupAsync("json-group", new PutModelGroupRequest { Models = ["claude-sonnet-4-6"] }, ct);
        await cluster.Admin().SetModelAliasAsync("json-alias", "claude-sonnet-4-6", ct);

        foreach (var (command, expected) in new[] { ("keys", key.Id), ("groups", "json-group"), ("aliases", "json-alias"), ("accounts", null) })
        {
            var output = new SharedWriter();
            Assert.Equal(0, await RunAsync(output, TextReader.Null, command, "list", "--json"));
            using var json = JsonDocument.Parse(output.ToString());
            Assert.Equal(JsonValueKind.Array, json.RootElement.ValueKind);
            if (expected is not null)
            {
                Assert.Contains(json.RootElement.EnumerateArray(), e => e.GetProperty(command == "aliases" ? "alias" : command == "keys" ? "id" : "name").GetString() == expected);
            }
        }

        var show = new SharedWriter();
        Assert.Equal(0, await RunAsync(show, TextReader.Null, "groups", "show", "json-group", "--json"));
        Assert.Equal(["claude-sonnet-4-6"], JsonDocument.Parse(show.ToString()).RootElement.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cli_KeysListOnATerminal_DrawsATableWithinColumnsInColourUnlessNoColor(bool noColor)
    {
        await cluster.Admin().CreateApiKeyAsync(new CreateApiKeyRequest { Name = "terminal-key", Limits = new ApiKeyLimits { AllowedModels = ["claude-opus-4-6-thinking", "gemini-3.1-pro-high", "gemini-3-flash"] } }, TestContext.Current.CancellationToken);
        var variables = new Dictionary<string, string> { ["COLUMNS"] = "160" };
        if (noColor)
        {
            variables["NO_COLOR"] = "1";
        }

        var result = await CliHarness.RunAsync(["keys", "list", "--url", cluster.Urls[0], "--admin-key", AccountServiceCluster.AdminKey], terminal: true, variables: variables);

        Assert.Equal(0, result.Exit);
        Assert.Contains('╭', result.Output);
        // The name's cell (it may wrap to fit the width, and other tests' keys share the listing and its column widths).
        Assert.Contains(result.Lines, l => l.Contains("termin", StringComparison.Ordinal));
        Assert.All(result.Lines, l => Assert.True(Regex.Replace(l, @"\u001b\[[0-9;?]*[A-Za-z]", "").Length <= 160, $"longer than 160 columns: {l}"));
        Assert.Equal(!noColor, Regex.IsMatch(result.Output, @"\u001b\[[0-9;]*3[0-8][;m]"));
    }

    [Fact]
    public async Task Cli_GroupsSetWithModelsTheCatalogueLacks_SavesAndWarnsOnStandardError()
    {
        await cluster.Database.HashSetAsync(RedisKeys.Catalog,
        [
            new HashEntry("claude-opus-4-6-thinking", JsonSerializer.Serialize(new CatalogModel("claude-opus-4-6-thinking", "Claude Opus 4.6 (Thinking)", 200_000, 64_000, true, 1, 1, null), JsonSerializerOptions.Web)),
            new HashEntry("gemini-3.1-pro-high", JsonSerializer.Serialize(new CatalogModel("gemini-3.1-pro-high", "Gemini 3.1 Pro (High)", 1_000_000, 65_535, true, 1, 1, null), JsonSerializerOptions.Web)),
        ]);
        await cluster.Database.HashSetAsync(RedisKeys.ModelForwarding, "gemini-3-pro-high", "gemini-3.1-pro-high");

        var result = await CliHarness.RunAsync(["groups", "set", "cli-best", "-m", "claude-opus-4-6-thinking", "-m", "gemini-3-pro-high", "-m", "gemini-9-ultra",
            "--url", cluster.Urls[0], "--admin-key", AccountServiceCluster.AdminKey]);

        Assert.Equal(0, result.Exit);
        Assert.Contains("Saved cli-best (Priority): claude-opus-4-6-thinking → gemini-3-pro-high → gemini-9-ultra", result.Output);
        Assert.Contains("Warning: 'gemini-3-pro-high' is not in the model catalogue: the upstream's forwarding of a deprecated id sends it to 'gemini-3.1-pro-high'.", result.Error);
        Assert.Contains("Warning: 'gemini-9-ultra' is not in the model catalogue and no alias or mapping names it: requests skip it", result.Error);
        Assert.DoesNotContain("'claude-opus-4-6-thinking'", result.Error);
        Assert.DoesNotContain("Warning", result.Output);
    }

    private Task<int> RunAsync(SharedWriter output, TextReader input, params string[] args) =>
        CliApp.RunAsync([.. args, "--url", cluster.Urls[0], "--admin-key", AccountServiceCluster.AdminKey], CliHarness.Environment(output, input: input), TestContext.Current.CancellationToken);

    private static async Task<string> WaitForAsync(Func<string?> probe, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        string? value;
        while ((value = probe()) is null)
        {
            await Task.Delay(50, timeout.Token);
        }

        return value;
    }

    /// <summary>Standard input where the operator pastes a line later.</summary>
    private sealed class PasteReader : TextReader
    {
        private readonly TaskCompletionSource<string> _line = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _done;

        public void Paste(string line) => _line.TrySetResult(line);

        public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            if (_done)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            _done = true;
            return await _line.Task.WaitAsync(cancellationToken);
        }
    }
}
