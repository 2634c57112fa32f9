using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Messages;
using Antigravity.ClusterState.Routing;
using Antigravity.CloudCodeSimulator;
using Antigravity.CloudCodeSimulator.Accounts;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.QuotaWorker.Api;
using Antigravity.QuotaWorker.Scanning;
using Antigravity.TestEnvironment;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Antigravity.QuotaWorker.Tests;

public sealed class ScanningTests
{
    private const string Sonnet = "claude-sonnet-4-6";
    private static readonly DateTimeOffset s_start = new(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scans_AsSimulatorQuotaDepletesAndResets_FollowQuotaCooldownAndCatalog()
    {
        var time = new FakeTimeProvider(s_start);
        var reset = s_start.AddHours(2);
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            TimeProvider = time,
            Accounts = [new AccountSpec { Email = "q1@example.com", QuotaCostPerRequest = 0.25, Quotas = new() { [Sonnet] = new QuotaSpec(0.5, reset) } }],
        }, Ct);
        await using var worker = await WorkerApp.StartAsync(TestServers.UniquePrefix("scan"), Sim(sim), s => s.AddSingleton<TimeProvider>(time));
        var account = sim.State.GetAccount("q1@example.com")!;
        var token = sim.State.MintAccessToken(account.Email, TimeSpan.FromDays(30)).AccessToken;
        await worker.SeedAccountAsync("acc-q1", account.Email, token, s_start.AddDays(30), account.Project);
        var scanner = worker.Get<AccountScanner>();

        var first = await scanner.ScanAsync("acc-q1", force: true, Ct);
        var half = await QuotaAsync(worker, "acc-q1", Sonnet);

        await GenerateAsync(sim, token, account.Project!);
        await GenerateAsync(sim, token, account.Project!);
        await worker.Bus.Publish(new AccountRateLimited("acc-q1", Sonnet, "QUOTA_EXHAUSTED", reset, time.GetUtcNow()), Ct);
        var catalogWhileExhausted = await Poll.UntilAsync(() => CatalogAsync(worker, Sonnet), c => c?.AccountsWithQuota == 0);
        var exhausted = await QuotaAsync(worker, "acc-q1", Sonnet);
        var cooldown = (long)await worker.Redis.HashGetAsync(RedisKeys.Cooldowns("acc-q1"), Sonnet);
        var summary = await worker.Http.GetFromJsonAsync<StatsSummary>("/api/stats/summary", Ct);

        time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        var cooldownCleared = await Poll.UntilAsync(() => worker.Redis.HashExistsAsync(RedisKeys.Cooldowns("acc-q1"), Sonnet), exists => !exists);
        await worker.Bus.Publish(new ScanQuota(null, time.GetUtcNow()), Ct);
        var catalogAfterReset = await Poll.UntilAsync(() => CatalogAsync(worker, Sonnet), c => c?.AccountsWithQuota == 1);
        var refilled = await QuotaAsync(worker, "acc-q1", Sonnet);

        Assert.Equal(ScanOutcome.Scanned, first);
        Assert.Equal(0.5, half!.RemainingFraction);
        Assert.Equal(reset, half.ResetTime);
        Assert.Equal("Claude Sonnet 4.6", half.DisplayName);
        Assert.Equal(0, exhausted!.RemainingFraction);
        Assert.Equal(reset, exhausted.ResetTime);
        Assert.Equal(reset.ToUnixTimeMilliseconds(), cooldown);
        Assert.Equal(0, catalogWhileExhausted!.AccountsWithQuota);
        Assert.Equal(1, catalogWhileExhausted.AccountsTotal);
        Assert.Equal(reset, catalogWhileExhausted.SoonestReset);
        var model = Assert.Single(summary!.Models, m => m.Model == Sonnet);
        Assert.Equal(reset, model.SoonestReset);
        Assert.Equal(1, summary.Accounts.ByState["cooling"]);
        Assert.False(cooldownCleared);
        Assert.Equal(1, refilled!.RemainingFraction);
        Assert.Equal(1, catalogAfterReset!.AccountsWithQuota);
        Assert.Null(catalogAfterReset.SoonestReset);
        Assert.Equal("claude-sonnet-4-6", (string?)await worker.Redis.HashGetAsync(RedisKeys.ModelForwarding, "claude-sonnet-4-5"));
        Assert.True(await worker.Redis.HashLengthAsync(RedisKeys.Catalog) >= 10);
    }

    [Fact]
    public async Task Scan_DailyHostDownAndForeignProject_FallsBackToProdAndRetriesWithoutProject()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Accounts = [new AccountSpec { Email = "f1@example.com" }] }, Ct);
        await using var worker = await WorkerApp.StartAsync(TestServers.UniquePrefix("fallback"), new Dictionary<string, string?>
        {
            ["CloudCode:BaseUrls:0"] = sim.BaseUrl + "/daily",
            ["CloudCode:BaseUrls:1"] = sim.BaseUrl + "/prod",
        });
        sim.State.EnqueueFault(new FaultSpec { Reason = "UNAVAILABLE", Host = "daily", Method = "*", Count = -1 });
        var token = sim.State.MintAccessToken("f1@example.com").AccessToken;
        await worker.SeedAccountAsync("acc-f1", "f1@example.com", token, DateTimeOffset.UtcNow.AddHours(1), projectId: "someone-elses-project");

        var outcome = await worker.Get<AccountScanner>().ScanAsync("acc-f1", force: true, Ct);

        Assert.Equal(ScanOutcome.Scanned, outcome);
        Assert.NotNull(await QuotaAsync(worker, "acc-f1", Sonnet));
        var calls = sim.State.GetRequests().Where(r => r.Method == "fetchAvailableModels").ToList();
        Assert.Contains(calls, c => c.Host == "daily" && c.Status == 503);
        Assert.Contains(calls, c => c.Host == "prod" && c.Status == 403);
        Assert.Contains(calls, c => c.Host == "prod" && c.Status == 200);
    }

    [Fact]
    public async Task Scan_UpstreamRejects_PublishesTokenRejectedAndAccountInvalidatedWithUrl()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Accounts =
            [
                new AccountSpec { Email = "revoked@example.com" },
                new AccountSpec { Email = "verify@example.com" },
                new AccountSpec { Email = "banned@example.com", Banned = true },
            ],
        }, Ct);
        await using var worker = await WorkerApp.StartAsync(TestServers.UniquePrefix("reject"), Sim(sim));
        await using var rejected = await EventProbe<TokenRejected>.StartAsync(worker.Bus);
        await using var invalidated = await EventProbe<AccountInvalidated>.StartAsync(worker.Bus);
        var suffix = Guid.NewGuid().ToString("N");
        foreach (var name in new[] { "revoked", "verify", "banned" })
        {
            var token = sim.State.MintAccessToken($"{name}@example.com").AccessToken;
            await worker.SeedAccountAsync($"{name}-{suffix}", $"{name}@example.com", token, DateTimeOffset.UtcNow.AddHours(1));
        }

        sim.State.RevokeAccessTokens("revoked@example.com");
        sim.State.EnqueueFault(new FaultSpec { Reason = "VALIDATION_REQUIRED", Method = "fetchAvailableModels", Account = "verify@example.com" });
        var scanner = worker.Get<AccountScanner>();
        var outcomes = new[]
        {
            await scanner.ScanAsync($"revoked-{suffix}", force: true, Ct),
            await scanner.ScanAsync($"verify-{suffix}", force: true, Ct),
            await scanner.ScanAsync($"banned-{suffix}", force: true, Ct),
        };

        Assert.Equal([ScanOutcome.TokenRejected, ScanOutcome.Invalidated, ScanOutcome.Invalidated], outcomes);
        Assert.NotNull(await rejected.WaitAsync(m => m.AccountId == $"revoked-{suffix}"));
        var verify = await invalidated.WaitAsync(m => m.AccountId == $"verify-{suffix}");
        var banned = await invalidated.WaitAsync(m => m.AccountId == $"banned-{suffix}");
        Assert.Equal("validation_required", verify!.Status);
        Assert.StartsWith("https://accounts.google.com/signin/continue", verify.Url);
        Assert.Equal("banned", banned!.Status);
        Assert.Equal("https://support.google.com/accounts/contact/disabled2", banned.Url);
    }

    [Fact]
    public async Task TwoWorkers_ScanningTogether_ScanEveryAccountOnceAndNeverTheSameAtOnce()
    {
        var emails = Enumerable.Range(1, 8).Select(i => $"p{i}@example.com").ToList();
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Accounts = [.. emails.Select(e => new AccountSpec { Email = e })] }, Ct);
        sim.State.Latency = new CloudCodeSimulator.Control.LatencySettings { RequestLatencyMs = 150 };
        var tracker = new ScanTracker();
        var prefix = TestServers.UniquePrefix("pair");
        await using var w1 = await WorkerApp.StartAsync(prefix, Sim(sim), s => s.AddHttpClient(ScanningExtensions.QuotaClientName).AddHttpMessageHandler(() => tracker.Handler("w1")));
        await using var w2 = await WorkerApp.StartAsync(prefix, Sim(sim), s => s.AddHttpClient(ScanningExtensions.QuotaClientName).AddHttpMessageHandler(() => tracker.Handler("w2")));
        var tokens = new Dictionary<string, string>();
        foreach (var email in emails)
        {
            tokens[email] = sim.State.MintAccessToken(email).AccessToken;
            await w1.SeedAccountAsync(email.Split('@')[0], email, tokens[email], DateTimeOffset.UtcNow.AddHours(1));
        }

        var passes = await Task.WhenAll(w1.Get<ScanScheduler>().ScanAllAsync(Ct), w2.Get<ScanScheduler>().ScanAllAsync(Ct));

        var scanned = passes.SelectMany(p => p).Where(r => r.Outcome == ScanOutcome.Scanned).Select(r => r.AccountId).ToList();
        Assert.Equal(emails.Select(e => e.Split('@')[0]).Order(), scanned.Order());
        Assert.All(passes, p => Assert.Contains(p, r => r.Outcome == ScanOutcome.Scanned));
        Assert.Equal(1, tracker.MaxOverlap);
        Assert.Equal(8, tracker.Calls.Count);
        Assert.Equal(tokens.Values.Order(), tracker.Calls.Select(c => c.Token).Order());
        Assert.All(emails, e => Assert.True(w2.Redis.KeyExists(RedisKeys.Quota(e.Split('@')[0]))));
    }

    [Fact]
    public async Task Scan_ExpiredTokenWithoutAccountService_SkipsTheAccount()
    {
        await using var worker = await WorkerApp.StartAsync(TestServers.UniquePrefix("expired"));
        await worker.SeedAccountAsync("acc-old", null, "stale-token", DateTimeOffset.UtcNow.AddSeconds(-5));

        var outcome = await worker.Get<AccountScanner>().ScanAsync("acc-old", force: true, Ct);

        Assert.Equal(ScanOutcome.Skipped, outcome);
        Assert.False(await worker.Redis.KeyExistsAsync(RedisKeys.Quota("acc-old")));
    }

    /// <summary>The refresh goes with the internal key; a worker without one (older deployments) sends its admin key.</summary>
    [Theory]
    [InlineData(WorkerApp.InternalKey, WorkerApp.InternalKey)]
    [InlineData("", WorkerApp.AdminKey)]
    public async Task Scan_ExpiredToken_AsksAccountServiceToRefreshAndScansWithTheNewToken(string internalKey, string sent)
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Accounts = [new AccountSpec { Email = "r1@example.com" }] }, Ct);
        var refreshes = new List<(string Path, string? Auth)>();
        WorkerApp? worker = null;
        await using var accountService = await FakeAccountService.StartAsync(async (path, auth) =>
        {
            refreshes.Add((path, auth));
            var fresh = sim.State.MintAccessToken("r1@example.com").AccessToken;
            await worker!.SeedAccountAsync("acc-r1", "r1@example.com", fresh, DateTimeOffset.UtcNow.AddHours(1));
        });
        var settings = Sim(sim);
        settings["services:accountservice:http:0"] = accountService.BaseUrl;
        settings["Internal:ApiKey"] = internalKey;
        worker = await WorkerApp.StartAsync(TestServers.UniquePrefix("refresh"), settings);
        await using var _ = worker;
        await worker.SeedAccountAsync("acc-r1", "r1@example.com", "expired-token", DateTimeOffset.UtcNow.AddSeconds(-1));

        var outcome = await worker.Get<AccountScanner>().ScanAsync("acc-r1", force: true, Ct);

        Assert.Equal(ScanOutcome.Scanned, outcome);
        var (path, auth) = Assert.Single(refreshes);
        Assert.Equal("/internal/accounts/acc-r1/refresh", path);
        Assert.Equal($"Bearer {sent}", auth);
        Assert.NotNull(await QuotaAsync(worker, "acc-r1", Sonnet));
    }

    private static Dictionary<string, string?> Sim(SimulatorHost sim) => new() { ["CloudCode:BaseUrls:0"] = sim.BaseUrl };

    private static async Task<ModelQuota?> QuotaAsync(WorkerApp worker, string accountId, string model)
    {
        var value = await worker.Redis.HashGetAsync(RedisKeys.Quota(accountId), model);
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize(value.ToString(), PoolStateJsonContext.Default.ModelQuota);
    }

    private static async Task<CatalogModel?> CatalogAsync(WorkerApp worker, string model)
    {
        var value = await worker.Redis.HashGetAsync(RedisKeys.Catalog, model);
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize(value.ToString(), PoolStateJsonContext.Default.CatalogModel);
    }

    private static async Task GenerateAsync(SimulatorHost sim, string token, string project)
    {
        using var http = new HttpClient();
        var body = new JsonObject
        {
            ["model"] = Sonnet,
            ["project"] = project,
            ["userAgent"] = "antigravity",
            ["requestType"] = "agent",
            ["requestId"] = $"agent-{Guid.NewGuid():N}",
            ["request"] = new JsonObject
            {
                ["contents"] = new JsonArray(new JsonObject { ["role"] = "user", ["parts"] = new JsonArray(new JsonObject { ["text"] = "hello" }) }),
            },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{sim.BaseUrl}/v1internal:generateContent") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}
