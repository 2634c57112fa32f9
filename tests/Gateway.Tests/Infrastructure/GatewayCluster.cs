using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Routing;
using Antigravity.ClusterState.Secrets;
using Antigravity.CloudCodeSimulator;
using Antigravity.TestEnvironment;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Antigravity.Gateway.Tests.Infrastructure;

/// <summary>
/// One or more Gateway replicas (in-process WebApplications on real Kestrel sockets) sharing a fresh Redis key prefix,
/// pointed at a simulator whose accounts are seeded into the pool with minted, encrypted access tokens.
/// </summary>
public sealed class GatewayCluster : IAsyncDisposable
{
    public const string Key = "test-bootstrap-key";
    private static readonly JsonSerializerOptions s_web = new(JsonSerializerDefaults.Web);
    private static readonly Lazy<ConnectionMultiplexer> s_redis = new(() => ConnectionMultiplexer.Connect(TestServers.Redis));
    private readonly List<WebApplication> _apps = [];

    private GatewayCluster(SimulatorHost sim, string prefix, SecretProtector protector, Dictionary<string, string?> settings)
    {
        Sim = sim;
        Prefix = prefix;
        Protector = protector;
        Settings = settings;
        Db = s_redis.Value.GetDatabase().WithKeyPrefix(prefix);
    }

    public SimulatorHost Sim { get; }

    public string Prefix { get; }

    public IDatabase Db { get; }

    public SecretProtector Protector { get; }

    public Dictionary<string, string?> Settings { get; }

    public IReadOnlyList<string> Urls => [.. _apps.Select(Url)];

    /// <summary>Extra composition for replicas started after it is set (test log capture, listeners…).</summary>
    public Action<WebApplicationBuilder>? Customize { get; set; }

    /// <summary>The usage records the replicas appended to the usage stream (nobody consumes them in these tests).</summary>
    public async Task<IReadOnlyList<(Antigravity.ClusterState.Messages.RequestCompleted Record, StreamEntry Entry)>> UsageRecordsAsync() =>
        [.. (await Db.StreamRangeAsync(RedisKeys.UsageRecords)).Select(e => (Antigravity.ClusterState.Usage.UsageStream.Parse(e)!, e))];

    /// <summary>Waits (bounded) for the first usage record that matches.</summary>
    public async Task<Antigravity.ClusterState.Messages.RequestCompleted> UsageRecordAsync(Func<Antigravity.ClusterState.Messages.RequestCompleted, bool> match) =>
        (await Poll.UntilAsync(async () => (await UsageRecordsAsync()).FirstOrDefault(r => match(r.Record)), r => r.Record is not null, TimeSpan.FromSeconds(30))).Record;

    /// <summary>Extra endpoints for replicas started after it is set, mapped after the gateway's own.</summary>
    public Action<WebApplication>? CustomizeApp { get; set; }

    /// <summary>The hosting environment of replicas started after it is set (the AppHost runs them as Development).</summary>
    public string EnvironmentName { get; set; } = "Production";

    /// <summary>Account id in the pool → simulator email.</summary>
    public Dictionary<string, string> Accounts { get; } = [];

    public static async Task<GatewayCluster> StartAsync(SimulatorHost sim, int instances = 1, Action<Dictionary<string, string?>>? configure = null, int accounts = 3)
    {
        var prefix = TestServers.UniquePrefix("gw");
        var keyBytes = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = TestServers.Redis,
            ["Redis:KeyPrefix"] = prefix,
            ["Secrets:ActiveKeyId"] = "k1",
            ["Secrets:Keys:k1"] = keyBytes,
            ["Gateway:BootstrapApiKey"] = Key,
            ["Gateway:CapacityBackoff:0"] = "00:00:00.050",
            ["Gateway:CapacityBackoff:1"] = "00:00:00.100",
            ["CloudCode:BaseUrls:0"] = sim.BaseUrl + "/daily",
            ["CloudCode:BaseUrls:1"] = sim.BaseUrl + "/prod",
            ["CloudCode:ClientVersion"] = "2.9.1",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        configure?.Invoke(settings);
        var protector = new SecretProtector(Options.Create(new SecretsOptions { ActiveKeyId = "k1", Keys = new() { ["k1"] = keyBytes } }));
        var cluster = new GatewayCluster(sim, prefix, protector, settings);
        sim.State.Reset();
        await cluster.SeedAccountsAsync(accounts);
        for (var i = 0; i < instances; i++)
        {
            await cluster.AddInstanceAsync();
        }

        return cluster;
    }

    /// <summary>Starts one more replica with the cluster's settings.</summary>
    public async Task<string> AddInstanceAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "Antigravity.Gateway", EnvironmentName = EnvironmentName, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(Settings);

        // The same composition as Gateway/Program.cs.
        builder.AddGateway();
        Customize?.Invoke(builder);
        var app = builder.Build();
        app.MapGateway();
        CustomizeApp?.Invoke(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        _apps.Add(app);
        return Url(app);
    }

    public WebApplication App(int index) => _apps[index];

    /// <summary>A simple non-streaming request; returns the status and body.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> AskAsync(int instance = 0, string model = "claude-sonnet-4-6", string text = "hello", string? session = null, string? apiKey = Key)
    {
        using var client = Client(instance, apiKey);
        if (session is not null)
        {
            client.DefaultRequestHeaders.Add("x-claude-code-session-id", session);
        }

        var response = await PostMessagesAsync(client, new JsonObject
        {
            ["model"] = model,
            ["max_tokens"] = 256,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }),
        });
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, body.Length > 0 && body[0] == '{' ? JsonNode.Parse(body) : null, response);
    }

    /// <summary>Stores cluster-wide settings as the admin API does, announces the change, and waits until every replica
    /// routes by them (bounded).</summary>
    public async Task ApplySettingsAsync(GatewaySettings settings)
    {
        var json = JsonSerializer.Serialize(settings, s_web);
        await Db.StringSetAsync(RedisKeys.Settings, json);
        await Db.PublishAsync(RedisChannel.Literal(Prefix + RedisKeys.ConfigChannel), "settings");
        foreach (var app in _apps)
        {
            var config = app.Services.GetRequiredService<Config.ClusterConfig>();
            await Poll.UntilAsync(async () => (await config.GetAsync()).Settings, s => s == settings || JsonSerializer.Serialize(s, s_web) == json);
        }
    }

    /// <summary>Successful generations per pool account id (from the simulator's log).</summary>
    public Dictionary<string, int> ServedCounts() => Generations()
        .Where(r => r.Status == 200 && r.Account is not null)
        .GroupBy(r => AccountIdOf(r.Account!))
        .ToDictionary(g => g.Key, g => g.Count());

    /// <summary>The email of the account that served the last successful generation.</summary>
    public string? LastServedBy() => Generations().LastOrDefault(r => r.Status == 200)?.Account;

    /// <summary>The sticky binding of a conversation (the account id), as the account script stores it.</summary>
    public async Task<string?> StickyAccountAsync(string session) =>
        await Db.StringGetAsync(RedisKeys.Sticky(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(session)).AsSpan(0, 16))));

    public string AccountIdOf(string email) => Accounts.Single(a => a.Value == email).Key;

    /// <summary>Seeds the first <paramref name="count"/> simulator accounts as acc-1.. with fresh encrypted tokens, through the
    /// pool's writer as AccountService would.</summary>
    public async Task SeedAccountsAsync(int count)
    {
        var views = Sim.State.ListAccounts().Take(count).ToList();
        for (var i = 0; i < views.Count; i++)
        {
            var id = $"acc-{i + 1}";
            var view = views[i];
            var token = Sim.State.MintAccessToken(view.Email);
            await PoolWriter.UpsertAccountAsync(Db, id,
            [
                new(AccountFields.Id, id),
                new(AccountFields.Email, view.Email),
                new(AccountFields.Status, "active"),
                new(AccountFields.ProjectId, view.Project ?? ""),
                new(AccountFields.Tier, view.Tier),
                new(AccountFields.RefreshToken, Protector.Protect(view.RefreshTokens.FirstOrDefault() ?? "none", SecretContexts.RefreshToken(id))),
                new(AccountFields.AccessToken, Protector.Protect(token.AccessToken, SecretContexts.AccessToken(id))),
                new(AccountFields.AccessTokenExpiresAt, DateTimeOffset.UtcNow.AddSeconds(token.ExpiresIn).ToUnixTimeMilliseconds()),
            ], [], [], DateTimeOffset.UtcNow);
            Accounts[id] = view.Email;
        }
    }

    /// <summary>Creates a client API key in Redis (as AccountService would) and returns the full key.</summary>
    public async Task<string> CreateApiKeyAsync(params (string Field, string Value)[] limits)
    {
        var (id, key, salt, hash) = ApiKeyFormat.Generate();
        var fields = new List<HashEntry>
        {
            new(ApiKeyFields.Id, id), new(ApiKeyFields.Name, "test"), new(ApiKeyFields.Salt, salt), new(ApiKeyFields.Hash, hash),
            new(ApiKeyFields.Prefix, ApiKeyFormat.DisplayPrefix(key)),
        };
        fields.AddRange(limits.Select(l => new HashEntry(l.Field, l.Value)));
        await Db.HashSetAsync(RedisKeys.ApiKey(id), [.. fields]);
        await Db.SetAddAsync(RedisKeys.ApiKeys, id);
        return key;
    }

    public HttpClient Client(int instance = 0, string? apiKey = Key)
    {
        var client = new HttpClient { BaseAddress = new Uri(Urls[instance]), Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        client.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");
        return client;
    }

    /// <summary>POSTs a JSON body to <c>/v1/messages</c>.</summary>
    public static Task<HttpResponseMessage> PostMessagesAsync(HttpClient client, JsonNode body, string path = "/v1/messages", CancellationToken? cancellationToken = null) =>
        client.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")), cancellationToken ?? TestContext.Current.CancellationToken);

    /// <summary>The simulator's generation requests (account email per call), in order.</summary>
    public IReadOnlyList<CloudCodeSimulator.Control.RecordedRequest> Generations() =>
        [.. Sim.State.GetRequests().Where(r => r.Method is "streamGenerateContent" or "generateContent")];

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static string Url(WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
