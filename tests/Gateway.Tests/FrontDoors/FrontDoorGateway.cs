using System.Diagnostics;
using System.Security.Cryptography;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Secrets;
using Antigravity.CloudCodeSimulator;
using Antigravity.TestEnvironment;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Antigravity.Gateway.Tests.FrontDoors;

/// <summary>
/// The gateway as Program.cs composes it, on real Kestrel (127.0.0.1:0), against the in-process Cloud Code simulator
/// (hosts <c>/daily</c> then <c>/prod</c>) and the real Redis of test.sh under a unique key prefix, with the simulator's
/// demo accounts in the pool. Shared per test class; the npm clients reach it over loopback.
/// </summary>
public sealed class FrontDoorGateway : IAsyncLifetime
{
    public const string ApiKey = "ag-test-bootstrap-key";
    private static readonly string[] s_accounts = ["demo1@example.com", "demo2@example.com", "demo3@example.com"];
    private static readonly string[] s_projects = ["shaped-reef-40r0m", "rising-fact-p41fc", "quiet-river-7c2d1"];
    private WebApplication? _app;
    private ConnectionMultiplexer? _redis;

    public SimulatorHost Simulator { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public string Prefix { get; } = TestServers.UniquePrefix("frontdoor");
    public IDatabase Redis => _redis!.GetDatabase().WithKeyPrefix(Prefix);
    public HttpClient Http { get; } = new();

    public async ValueTask InitializeAsync()
    {
        Simulator = await SimulatorHost.StartAsync(new SimulatorOptions(), TestContext.Current.CancellationToken);
        var secretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = TestServers.Redis,
            ["Redis:KeyPrefix"] = Prefix,
            ["Gateway:BootstrapApiKey"] = ApiKey,
            ["Gateway:FirstChunkHold"] = "00:00:05",
            ["CloudCode:BaseUrls:0"] = Simulator.BaseUrl + "/daily",
            ["CloudCode:BaseUrls:1"] = Simulator.BaseUrl + "/prod",
            ["CloudCode:LoadCodeAssistBaseUrls:0"] = Simulator.BaseUrl,
            ["CloudCode:OAuth:TokenUrl"] = Simulator.BaseUrl + "/token",
            ["CloudCode:OAuth:ClientId"] = "demo-client",
            ["CloudCode:OAuth:ClientSecret"] = "demo-secret",
            ["Secrets:ActiveKeyId"] = "k1",
            ["Secrets:Keys:k1"] = secretKey,
            ["Logging:LogLevel:Default"] = "Warning",
        };

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(GatewayOptions).Assembly.GetName().Name, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        builder.AddRedisClient("redis");
        builder.AddGatewayPipeline();
        builder.AddAnthropicApi();
        builder.AddOpenAiApi();
        builder.AddGeminiApi();
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _app.MapAnthropicApi();
        _app.MapOpenAiApi();
        _app.MapGeminiApi();
        await _app.StartAsync(TestContext.Current.CancellationToken);
        BaseUrl = _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        _redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        var protector = new SecretProtector(Options.Create(new SecretsOptions { ActiveKeyId = "k1", Keys = { ["k1"] = secretKey } }));
        foreach (var (email, i) in s_accounts.Select((e, i) => (e, i + 1)))
        {
            var id = $"acc{i}";
            var token = Simulator.State.MintAccessToken(email, TimeSpan.FromHours(2));
            await Redis.SetAddAsync(RedisKeys.Accounts, id);
            await Redis.HashSetAsync(RedisKeys.Account(id),
            [
                new(AccountFields.Id, id),
                new(AccountFields.Email, email),
                new(AccountFields.Status, "active"),
                new(AccountFields.Tier, "free-tier"),
                new(AccountFields.ProjectId, s_projects[i - 1]),
                new(AccountFields.AccessToken, protector.Protect(token.AccessToken, $"account:{id}:accessToken")),
                new(AccountFields.AccessTokenExpiresAt, DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeMilliseconds()),
            ]);
        }
    }

    /// <summary>Runs a node script (in tests/Gateway.Tests/Clients) with the npm clients; returns its stdout, failing on a non-zero exit.</summary>
    public async Task<string> RunNodeAsync(string script, params string[] args)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Clients", script);
        var start = new ProcessStartInfo("node", [path, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["NODE_PATH"] = TestServers.NpmClients, ["GATEWAY_URL"] = BaseUrl, ["GATEWAY_KEY"] = ApiKey },
        };
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        Assert.True(process.ExitCode == 0, $"node {script} exited {process.ExitCode}:\n{await stderr}\n{await stdout}\n{await DiagnosticsAsync()}");
        return await stdout;
    }

    /// <summary>What the simulator received and the accounts' state, for failure messages.</summary>
    public async Task<string> DiagnosticsAsync()
    {
        var lines = Simulator.State.GetRequests().TakeLast(12).Select(r => $"sim: {r.Method} host={r.Host} account={r.Account} model={r.Model} -> {r.Status}").ToList();
        for (var i = 1; i <= s_accounts.Length; i++)
        {
            var fields = await Redis.HashGetAllAsync(RedisKeys.Account($"acc{i}"));
            lines.Add($"acc{i}: " + string.Join(", ", fields.Where(f => f.Name != AccountFields.AccessToken).Select(f => $"{f.Name}={f.Value}")));
            lines.Add($"acc{i} cooldowns: " + string.Join(", ", (await Redis.HashGetAllAsync(RedisKeys.Cooldowns($"acc{i}"))).Select(f => $"{f.Name}={f.Value}")));
        }
        return string.Join("\n", lines);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        await Simulator.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
        Http.Dispose();
    }
}
