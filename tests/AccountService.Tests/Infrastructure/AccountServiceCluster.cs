using System.Net.Http.Headers;
using System.Security.Cryptography;
using Antigravity.AccountService.Hosting;
using Antigravity.AdminClient;
using Antigravity.CloudCodeSimulator;
using Antigravity.CloudCodeSimulator.Accounts;
using Antigravity.ClusterState.Secrets;
using Antigravity.TestEnvironment;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Antigravity.AccountService.Tests.Infrastructure;

/// <summary>
/// The simulator, a counting pass-through in front of its token endpoint, and <see cref="InstanceCount"/> AccountService
/// instances (real Kestrel on loopback) sharing one Redis under a unique key prefix, one RabbitMQ and one Secrets key.
/// </summary>
public abstract class AccountServiceCluster(int instanceCount) : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    /// <summary>The Gateway's and QuotaWorker's credential (<c>Internal:ApiKey</c>): <c>/internal/...</c> only.</summary>
    public const string InternalKey = "test-internal-key-0123456789abcdef";
    private readonly List<WebApplication> _apps = [];
    private readonly string _secretsKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public int InstanceCount => instanceCount;

    public SimulatorHost Simulator { get; private set; } = null!;

    public TokenEndpointCounter Tokens { get; private set; } = null!;

    public string Prefix { get; } = TestServers.UniquePrefix("acct");

    public IReadOnlyList<string> Urls { get; private set; } = [];

    public ConnectionMultiplexer Redis { get; private set; } = null!;

    public IDatabase Database => Redis.GetDatabase().WithKeyPrefix(Prefix);

    /// <summary>Decrypts what the service stored (same key as the instances).</summary>
    public SecretProtector Secrets => new(Options.Create(new SecretsOptions { ActiveKeyId = "k1", Keys = { ["k1"] = _secretsKey } }));

    /// <summary>Every endpoint an instance mapped, as routing sees them.</summary>
    public IEnumerable<Endpoint> Endpoints(int instance = 0)
    {
        lock (_apps)
        {
            return _apps[instance].Services.GetRequiredService<EndpointDataSource>().Endpoints.ToList();
        }
    }

    /// <summary>A service of one instance (e.g. its UserMigration, to run it again).</summary>
    public T Service<T>(int instance = 0) where T : notnull
    {
        lock (_apps)
        {
            return _apps[instance].Services.GetRequiredService<T>();
        }
    }

    public AdminApiClient Admin(int instance = 0, string? key = AdminKey) => new(Http(instance, key));

    public HttpClient Http(int instance = 0, string? key = AdminKey)
    {
        var http = new HttpClient { BaseAddress = new Uri(Urls[instance] + "/"), Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    /// <summary>A simulator account of its own for one test.</summary>
    public (string Email, string RefreshToken) NewGoogleAccount(string name, bool onboarded = true, string tier = "free-tier")
    {
        var email = $"{name}-{Guid.NewGuid():N}"[..Math.Min(40, name.Length + 33)] + "@example.com";
        var refresh = "rt-" + Guid.NewGuid().ToString("N");
        Simulator.State.CreateAccount(new AccountSpec { Email = email, RefreshToken = refresh, Onboarded = onboarded, Tier = tier });
        return (email, refresh);
    }

    /// <summary>The bus of an instance (MassTransit on the real RabbitMQ), to publish what other services would.</summary>
    public IBus Bus
    {
        get
        {
            lock (_apps)
            {
                return _apps[0].Services.GetRequiredService<IBus>();
            }
        }
    }

    public IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        var settings = DefaultSettings();
        Configure(settings);
        return settings;
    }

    /// <summary>Changes to the configuration every instance starts with.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    /// <summary>Services registered before the service's own (which add theirs with TryAdd), e.g. a fake clock.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    private Dictionary<string, string?> DefaultSettings() => new()
    {
        ["ConnectionStrings:redis"] = TestServers.Redis,
        ["ConnectionStrings:messaging"] = TestServers.RabbitMq,
        ["Redis:KeyPrefix"] = Prefix,
        ["Messaging:EndpointPrefix"] = Prefix.TrimEnd(':'),
        ["Secrets:ActiveKeyId"] = "k1",
        ["Secrets:Keys:k1"] = _secretsKey,
        ["Admin:ApiKey"] = AdminKey,
        ["Internal:ApiKey"] = InternalKey,
        ["CloudCode:BaseUrls:0"] = Simulator.BaseUrl + "/daily",
        ["CloudCode:BaseUrls:1"] = Simulator.BaseUrl,
        ["CloudCode:LoadCodeAssistBaseUrls:0"] = Simulator.BaseUrl,
        ["CloudCode:OAuth:TokenUrl"] = Tokens.TokenUrl,
        ["CloudCode:OAuth:AuthorizeUrl"] = Simulator.BaseUrl + "/o/oauth2/v2/auth",
        ["CloudCode:OAuth:UserInfoUrl"] = Simulator.BaseUrl + "/oauth2/v2/userinfo",
        ["CloudCode:OAuth:ClientId"] = "demo-client",
        ["CloudCode:OAuth:ClientSecret"] = "demo-secret",
        ["Onboarding:PollInterval"] = "00:00:00.050",
        ["Tokens:CheckInterval"] = "01:00:00",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Antigravity"] = "Information",
    };

    public async ValueTask InitializeAsync()
    {
        Simulator = await SimulatorHost.StartAsync(new SimulatorOptions());
        Tokens = await TokenEndpointCounter.StartAsync(Simulator.BaseUrl);
        Redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        var starts = Enumerable.Range(0, instanceCount).Select(_ => StartInstanceAsync(Settings())).ToArray();
        Urls = await Task.WhenAll(starts);
    }

    /// <summary>Builds the service exactly as Program.cs does, on 127.0.0.1:0.</summary>
    private async Task<string> StartInstanceAsync(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ApplicationName = "Antigravity.AccountService" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        ConfigureServices(builder.Services);
        builder.AddServiceDefaults();
        builder.AddAccountServiceState();
        builder.AddGoogleAccounts();
        builder.AddAdminApi();
        var app = builder.Build();
        app.UseAdminApiErrors();
        app.MapDefaultEndpoints();
        app.MapAccountServiceApi();
        await app.StartAsync();
        await BusStartup.WaitUntilReadyAsync(app.Services);
        lock (_apps)
        {
            _apps.Add(app);
        }

        return app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await Tokens.DisposeAsync();
        await Simulator.DisposeAsync();
        await Redis.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SingleInstanceCluster() : AccountServiceCluster(1);

public sealed class ThreeInstanceCluster() : AccountServiceCluster(3);

/// <summary>One instance on a fake clock (<see cref="Clock"/>), for what depends on the date.</summary>
public sealed class FixedClockCluster() : AccountServiceCluster(1)
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 15, 12, 0, 0, TimeSpan.Zero));

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

/// <summary>One instance whose background token refresh checks every second (the minimum; default every minute).</summary>
public sealed class BackgroundRefreshCluster() : AccountServiceCluster(1)
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Tokens:CheckInterval"] = "00:00:01";
}
