using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Keys;
using Antigravity.Gateway.Tests.Infrastructure;

namespace Antigravity.Gateway.Tests;

/// <summary><c>/account-limits</c> (issue 15): a client key sees availability per model, never the pool's accounts; the
/// table of accounts is for the admin credential.</summary>
public sealed class AccountLimitsTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private const string AdminKey = "test-admin-key-for-limits-0123";
    private static readonly CancellationToken s_ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task ClientKey_SeesAvailabilityPerModel_WithoutEmailsOrAccountIds()
    {
        await using var cluster = await StartAsync();
        var key = await cluster.CreateApiKeyAsync();
        using var client = cluster.Client(apiKey: key);
        var hour = DateTimeOffset.UtcNow.AddHours(1);
        foreach (var id in cluster.Accounts.Keys)
        {
            await PoolWriter.SetCooldownAsync(cluster.Db, id, "gemini-3-flash", hour, DateTimeOffset.UtcNow);
        }

        var text = await client.GetStringAsync("/account-limits", s_ct);
        var table = await client.GetStringAsync("/account-limits?format=table", s_ct);

        foreach (var (id, email) in cluster.Accounts)
        {
            Assert.DoesNotContain(email, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(email, table, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(id, text, StringComparison.Ordinal);
            Assert.DoesNotContain(id, table, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("tier", text, StringComparison.OrdinalIgnoreCase);
        var models = JsonNode.Parse(text)!["models"]!.AsArray();
        var flash = models.Single(m => m!["model"]!.GetValue<string>() == "gemini-3-flash")!;
        Assert.Equal("unavailable", flash["status"]!.GetValue<string>());
        Assert.NotNull(flash["availableAt"]);
        Assert.Contains(models, m => m!["model"]!.GetValue<string>() == "claude-sonnet-4-6" && m["status"]!.GetValue<string>() == "available");
        Assert.Contains("gemini-3-flash", table, StringComparison.Ordinal);
    }

    /// <summary>The views that never reach the pipeline are checked like the object endpoints (ApiKeyGate.CheckAsync):
    /// every check, no request counted against the key's RPM (issue 19).</summary>
    [Fact]
    public async Task ClientKey_ReadingLimitsAndModels_CountsNoRequestAgainstItsRpm()
    {
        await using var cluster = await StartAsync();
        var key = await cluster.CreateApiKeyAsync((ApiKeyFields.RequestsPerMinute, "1"));
        using var client = cluster.Client(apiKey: key);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var limits = await client.GetAsync("/account-limits", s_ct);
            using var models = await client.GetAsync("/v1/models", s_ct);
            statuses.AddRange([limits.StatusCode, models.StatusCode]);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task AdminCredential_SeesEveryAccountAsJsonAndTable()
    {
        await using var cluster = await StartAsync();
        using var client = cluster.Client(apiKey: null);
        client.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
        await PoolWriter.SetCooldownAsync(cluster.Db, "acc-2", "gemini-3-flash", DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow);

        var json = JsonNode.Parse(await client.GetStringAsync("/account-limits", s_ct))!;
        var table = await client.GetStringAsync("/account-limits?format=table", s_ct);

        var accounts = json["accounts"]!.AsArray();
        Assert.Equal(3, accounts.Count);
        var second = accounts.Single(a => a!["id"]!.GetValue<string>() == "acc-2")!;
        Assert.Contains(second["models"]!.AsArray(), m => m!["model"]!.GetValue<string>() == "gemini-3-flash" && m["status"]!.GetValue<string>() == "cooldown");
        Assert.Contains(cluster.Accounts["acc-2"], table, StringComparison.Ordinal);
        Assert.Contains("cooldown", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongKey_Answers401()
    {
        await using var cluster = await StartAsync();
        using var client = cluster.Client(apiKey: null);
        client.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey + "x");

        using var response = await client.GetAsync("/account-limits", s_ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("example.com", await response.Content.ReadAsStringAsync(s_ct), StringComparison.Ordinal);
    }

    private Task<GatewayCluster> StartAsync() => GatewayCluster.StartAsync(fixture.Sim,
        configure: s => s["Gateway:AdminKeySha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AdminKey))));
}
