using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator;
using Antigravity.CloudCodeSimulator.GeminiApi;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Executors;
using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;
using Microsoft.Playwright;

namespace Antigravity.Gateway.Tests.Executors;

/// <summary>A simulator (its public Gemini API is what the tabs call) and Debian's headless Chromium (never a browser
/// download), for one test class; each test starts its own gateway replicas.</summary>
public sealed class BrowserExecutorFixture : IAsyncLifetime
{
    private readonly List<IBrowserContext> _tabs = [];
    private IPlaywright _playwright = null!;

    public SimulatorHost Sim { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Sim = await SimulatorHost.StartAsync(new SimulatorOptions { Seed = 11, QuotaCostPerRequest = 0 }, TestContext.Current.CancellationToken);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    /// <summary>
    /// A tab (its own browser context, so its own storage and connections) with the executor app that replica
    /// <paramref name="replica"/> serves at <c>/executor/</c>, pointed at the simulator's Gemini API: it connects back to
    /// that replica. Returns once the page says it is connected and the gateways' registry lists it.
    /// </summary>
    public async Task<ExecutorTab> OpenTabAsync(GatewayCluster cluster, int replica, string token, string name, string models = BrowserExecutorTests.Model,
        int maxConcurrency = 8)
    {
        var context = await Browser.NewContextAsync();
        _tabs.Add(context);
        var page = await context.NewPageAsync();
        var query = $"token={Uri.EscapeDataString(token)}&name={name}&models={Uri.EscapeDataString(models)}&maxConcurrency={maxConcurrency}" +
            $"&apiBaseUrl={Uri.EscapeDataString(Sim.BaseUrl)}&apiKey={SimulatorOptions.DefaultGeminiApiKey}";
        await page.GotoAsync($"{cluster.Urls[replica]}/executor/?{query}");
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("connected");
        var id = await IdOfAsync(cluster, name);
        return new ExecutorTab(name, replica, page, id!);
    }

    /// <summary>The registry id of the executor named <paramref name="name"/> once it is live (bounded wait).</summary>
    public static Task<string?> IdOfAsync(GatewayCluster cluster, string name) =>
        TestEnvironment.Poll.UntilAsync(() => LiveIdAsync(cluster, name), id => id is not null);

    /// <summary>The id of the live executor named <paramref name="name"/>, or null.</summary>
    public static async Task<string?> LiveIdAsync(GatewayCluster cluster, string name)
    {
        foreach (var member in await cluster.Db.SortedSetRangeByRankAsync(RedisKeys.ExecutorsLive))
        {
            if ((string?)await cluster.Db.HashGetAsync(RedisKeys.Executor(member.ToString()), ExecutorFields.Name) == name)
            {
                return member.ToString();
            }
        }

        return null;
    }

    /// <summary>Two gateway replicas pinging every 250 ms with <paramref name="pongTimeout"/>, and <paramref name="models"/>
    /// routed to executors.</summary>
    public async Task<GatewayCluster> StartClusterAsync(TimeSpan pongTimeout, params string[] models)
    {
        var cluster = await GatewayCluster.StartAsync(Sim, 2, s =>
        {
            s["Executors:PingInterval"] = "00:00:00.250";
            s["Executors:PongTimeout"] = pongTimeout.ToString();
        });
        await cluster.ApplySettingsAsync(new GatewaySettings { ExecutorModels = [.. models] });
        return cluster;
    }

    /// <summary>Runs a node script of Clients/ (NODE_PATH the npm clients, GW_URLS both replicas, GW_KEY, MODEL) and
    /// returns the JSON of its last output line.</summary>
    public static async Task<JsonNode> RunNodeAsync(GatewayCluster cluster, string script, string? scenario, Dictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>
        {
            ["NODE_PATH"] = TestServers.NpmClients,
            ["GW_URLS"] = string.Join(",", cluster.Urls),
            ["GW_KEY"] = GatewayCluster.Key,
            ["MODEL"] = BrowserExecutorTests.Model,
        };
        foreach (var (key, value) in extra ?? [])
        {
            env[key] = value;
        }

        var (exit, stdout, stderr) = await Node.RunAsync("node", [Path.Combine(AppContext.BaseDirectory, "Clients", script), .. scenario is null ? Array.Empty<string>() : [scenario]],
            AppContext.BaseDirectory, env);
        Assert.True(exit == 0, $"node exited {exit}: {stdout} {stderr}");
        return JsonNode.Parse(stdout.Trim().Split('\n')[^1])!;
    }

    /// <summary>A measured figure: in the test output and appended to <c>$ANTIGRAVITY_TEST_ARTIFACTS/executors-e2e.txt</c>.</summary>
    public static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Directory.CreateDirectory(TestServers.Artifacts);
        File.AppendAllText(Path.Combine(TestServers.Artifacts, "executors-e2e.txt"), $"{DateTimeOffset.UtcNow:u} {line}\n");
    }

    /// <summary>Closes every tab a test opened, so none reconnects to a later test's replicas, and puts the simulator's
    /// stream pacing and hold back.</summary>
    public async Task CloseTabsAsync()
    {
        Sim.State.StreamHold.Set(StreamHold.None);
        Sim.State.Latency = new();
        foreach (var context in _tabs)
        {
            await context.CloseAsync();
        }

        _tabs.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
        await Sim.DisposeAsync();
    }
}

/// <summary>One executor tab: its name, the replica it connected to, its page and its id in the registry.</summary>
public sealed record ExecutorTab(string Name, int Replica, IPage Page, string Id)
{
    /// <summary>The tasks the tab says it served (its own counter, <c>#served</c>).</summary>
    public async Task<int> ServedAsync() => int.Parse(await Page.Locator("#served").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The tasks the tab runs now (its own counter, <c>#inflight</c>).</summary>
    public async Task<int> InFlightAsync() => int.Parse(await Page.Locator("#inflight").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

    public Task CloseAsync() => Page.Context.CloseAsync();
}
