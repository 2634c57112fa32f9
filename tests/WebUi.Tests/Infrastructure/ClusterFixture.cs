using System.Net.Http.Headers;
using System.Security.Cryptography;
using Antigravity.AdminClient;
using Antigravity.CloudCodeSimulator;
using Antigravity.TestEnvironment;
using Microsoft.Playwright;

namespace Antigravity.WebUi.Tests.Infrastructure;

/// <summary>
/// The whole cluster on loopback for the end-to-end tests: the simulator in-process, AccountService, QuotaWorker, the
/// Gateway and the WebUi as child processes from their built dlls, real Redis and RabbitMQ (isolated by a key and queue
/// prefix), and one headless Chromium.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly List<ServiceProcess> _services = [];
    private readonly string _internalKey = "internal-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private SimulatorHost? _simulator;
    private IPlaywright? _playwright;

    public string AdminKey { get; } = "admin-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public Uri Panel { get; private set; } = default!;

    public Uri Gateway { get; private set; } = default!;

    /// <summary>The simulator's base URL (its public Gemini API too, with <see cref="SimulatorOptions.DefaultGeminiApiKey"/>).</summary>
    public string Simulator => _simulator!.BaseUrl;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>A client of the admin API, for setting up and checking what the panel did.</summary>
    public AdminApiClient Admin { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _simulator = await SimulatorHost.StartAsync(ct: ct);
        var sim = _simulator.BaseUrl;
        var prefix = TestServers.UniquePrefix("webui");
        var common = new Dictionary<string, string>
        {
            ["ConnectionStrings__redis"] = TestServers.Redis,
            ["ConnectionStrings__messaging"] = TestServers.RabbitMq,
            ["Redis__KeyPrefix"] = prefix,
            ["Messaging__EndpointPrefix"] = prefix.TrimEnd(':'),
            ["Internal__ApiKey"] = _internalKey,
            ["Secrets__ActiveKeyId"] = "k1",
            ["Secrets__Keys__k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["CloudCode__BaseUrls__0"] = sim,
            ["CloudCode__LoadCodeAssistBaseUrls__0"] = sim,
            ["CloudCode__OAuth__TokenUrl"] = $"{sim}/token",
            ["CloudCode__OAuth__AuthorizeUrl"] = $"{sim}/o/oauth2/v2/auth",
            ["CloudCode__OAuth__UserInfoUrl"] = $"{sim}/oauth2/v2/userinfo",
            ["CloudCode__OAuth__ClientId"] = "demo-client",
            ["CloudCode__OAuth__ClientSecret"] = "demo-secret",
        };

        // The Gateway gets the internal key only; AccountService and QuotaWorker also hold the admin key (issue 15).
        var withAdminKey = new Dictionary<string, string>(common) { ["Admin__ApiKey"] = AdminKey };
        var accounts = await StartAsync("AccountService", "accountservice", withAdminKey, ct);
        common["services__accountservice__http__0"] = withAdminKey["services__accountservice__http__0"] = accounts.BaseAddress.ToString().TrimEnd('/');
        var quota = StartAsync("QuotaWorker", "quotaworker", withAdminKey, ct);
        var gateway = StartAsync("Gateway", "gateway", common, ct);
        await Task.WhenAll(quota, gateway);
        Gateway = gateway.Result.BaseAddress;

        var panel = await StartAsync("WebUi", "webui", new Dictionary<string, string>
        {
            ["Admin__ApiKey"] = AdminKey,
            // Every test here signs in through the form, and a class's tests easily make more than the default 10
            // sign-ins a minute: the 11th would get the throttle's 429 page instead of the panel (SignInThrottlingTests
            // covers the throttle with its own panel).
            ["Admin__SignInAttemptsPerMinute"] = "1000",
            ["services__accountservice__http__0"] = common["services__accountservice__http__0"],
            ["services__quotaworker__http__0"] = quota.Result.BaseAddress.ToString().TrimEnd('/'),
            ["services__gateway__http__0"] = Gateway.ToString().TrimEnd('/'),
        }, ct);
        Panel = panel.BaseAddress;
        Admin = AdminApiClient.Create(accounts.BaseAddress, AdminKey);
        NotReady = await ProbeAsync(accounts.BaseAddress, HttpMethod.Get, "/api/accounts", "AccountService", ct)
            ?? await ProbeAsync(Gateway, HttpMethod.Post, "/v1/messages", "Gateway", ct);
        (_playwright, Browser) = await Infrastructure.Browser.LaunchAsync();
    }

    private async Task<ServiceProcess> StartAsync(string project, string name, Dictionary<string, string> environment, CancellationToken ct)
    {
        var service = await ServiceProcess.StartAsync(project, name, new Dictionary<string, string>(environment), ct);
        lock (_services)
        {
            _services.Add(service);
        }

        return service;
    }

    /// <summary>Why the end-to-end tests cannot run: a service still answers 404 for its API (its work is not merged yet).</summary>
    public string? NotReady { get; private set; }

    /// <summary>Skips the calling test while <see cref="NotReady"/> says a service is only a skeleton.</summary>
    public void SkipUnlessReady()
    {
        if (NotReady is not null)
        {
            Assert.Skip(NotReady);
        }
    }

    private static async Task<string?> ProbeAsync(Uri service, HttpMethod method, string path, string name, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = service };
        using var response = await http.SendAsync(new HttpRequestMessage(method, path), ct);
        return response.StatusCode == System.Net.HttpStatusCode.NotFound ? $"{name} has no {path} yet (not merged): end-to-end test skipped." : null;
    }

    /// <summary>Sends one Anthropic Messages request through the gateway with a client key, as a client would.</summary>
    public async Task<HttpResponseMessage> SendThroughGatewayAsync(string apiKey, string model, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new StringContent(
                $$"""{"model":"{{model}}","max_tokens":64,"messages":[{"role":"user","content":"Say hello."}]}""",
                new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("x-api-key", apiKey);
        request.Headers.Add("anthropic-version", "2023-06-01");
        return await http.SendAsync(request, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }

        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }
}
