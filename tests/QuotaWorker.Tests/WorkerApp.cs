using System.Net.Http.Headers;
using System.Security.Cryptography;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Secrets;
using Antigravity.TestEnvironment;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Antigravity.QuotaWorker.Tests;

/// <summary>
/// A real QuotaWorker (the same composition as Program.cs) on Kestrel 127.0.0.1:0 with the Redis and RabbitMQ that
/// test.sh started. Each test group gets its own Redis key prefix and its own queues.
/// </summary>
internal sealed class WorkerApp : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";
    public const string InternalKey = "test-internal-key-0123456789abcdef";
    public static readonly string SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private WorkerApp(WebApplication app, string prefix)
    {
        App = app;
        Prefix = prefix;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public WebApplication App { get; }

    public string Prefix { get; }

    /// <summary>A client of the read API, with the admin key.</summary>
    public HttpClient Http { get; }

    public IServiceProvider Services => App.Services;

    public IDatabase Redis => Services.GetRequiredService<ClusterRedis>().Database;

    public IBus Bus => Services.GetRequiredService<IBus>();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Starts a worker; <paramref name="settings"/> override configuration, <paramref name="services"/> adds test seams.</summary>
    public static async Task<WorkerApp> StartAsync(
        string prefix,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = TestServers.Redis,
            ["ConnectionStrings:messaging"] = TestServers.RabbitMq,
            ["Redis:KeyPrefix"] = prefix,
            ["Messaging:EndpointPrefix"] = prefix.TrimEnd(':'),
            ["Admin:ApiKey"] = AdminKey,
            ["Internal:ApiKey"] = InternalKey,
            ["Secrets:ActiveKeyId"] = "k1",
            ["Secrets:Keys:k1"] = SecretKey,
            ["CloudCode:BaseUrls:0"] = "http://127.0.0.1:9",
            ["Scanning:ScanOnStart"] = "false",
            ["Scanning:Interval"] = "1.00:00:00",
            ["PoolHealth:Interval"] = "01:00:00",
            ["RequestLog:RetentionInterval"] = "01:00:00",
            ["Usage:PollInterval"] = "00:00:00.020",
            ["Usage:ClaimAfter"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddServiceDefaults();
        builder.AddQuotaWorker();
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapQuotaWorkerApi();
        await app.StartAsync(TestContext.Current.CancellationToken);
        await BusStartup.WaitUntilReadyAsync(app.Services);
        return new WorkerApp(app, prefix);
    }

    /// <summary>Writes an account hash as AccountService would, with an encrypted access token.</summary>
    public async Task SeedAccountAsync(string accountId, string? email, string? accessToken, DateTimeOffset tokenExpiresAt, string? projectId = null, string status = "active", double? health = null)
    {
        var protector = Get<SecretProtector>();
        var fields = new List<HashEntry>
        {
            new(AccountFields.Id, accountId),
            new(AccountFields.Status, status),
            new(AccountFields.AccessTokenExpiresAt, tokenExpiresAt.ToUnixTimeMilliseconds()),
        };
        if (email is not null)
        {
            fields.Add(new(AccountFields.Email, email));
        }

        if (accessToken is not null)
        {
            fields.Add(new(AccountFields.AccessToken, protector.Protect(accessToken, SecretContexts.AccessToken(accountId))));
        }

        if (projectId is not null)
        {
            fields.Add(new(AccountFields.ProjectId, projectId));
        }

        if (health is not null)
        {
            fields.Add(new(AccountFields.Health, health.Value));
        }

        await Redis.HashSetAsync(RedisKeys.Account(accountId), [.. fields]);
        await Redis.SetAddAsync(RedisKeys.Accounts, accountId);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
