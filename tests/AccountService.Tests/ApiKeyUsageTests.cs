using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.AdminClient.ApiKeys;
using StackExchange.Redis;

namespace Antigravity.AccountService.Tests;

/// <summary><c>GET /api/keys</c> lists each key's usage from QuotaWorker's daily counters (issue 18, item 4).</summary>
public sealed class ApiKeyUsageTests(FixedClockCluster cluster) : IClassFixture<FixedClockCluster>
{
    [Fact]
    public async Task ListKeys_WithCountedUsage_ReturnsTodayAndThisMonthForEachKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = cluster.Admin();
        var busy = (await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "busy" }, ct)).ApiKey.Id;
        var idle = (await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "idle" }, ct)).ApiKey.Id;

        // QuotaWorker's counters (UsageKeys): usage:{stats}:d:<yyyyMMdd>:key, fields <key id>|<metric>. The clock says 2026-03-15.
        await CountAsync("20260315", busy, requests: 3, input: 1_200, output: 300);
        await CountAsync("20260302", busy, requests: 5, input: 1_000, output: 500);
        await CountAsync("20260228", busy, requests: 7, input: 9_000, output: 9_000);
        await CountAsync("20260315", "someone-else", requests: 11, input: 11, output: 11);

        var listed = await admin.ListApiKeysAsync(ct);

        Assert.Equal(new ApiKeyUsage { RequestsToday = 3, TokensToday = 1_500, TokensThisMonth = 3_000 }, listed.Single(k => k.Id == busy).Usage);
        Assert.Equal(new ApiKeyUsage(), listed.Single(k => k.Id == idle).Usage);
        Assert.Equal(listed.Single(k => k.Id == busy).Usage, (await admin.GetApiKeyAsync(busy, ct)).Usage);
    }

    [Fact]
    public async Task ListKeys_OnTheWire_CarriesUsageRatherThanNull()
    {
        var ct = TestContext.Current.CancellationToken;
        await cluster.Admin().CreateApiKeyAsync(new CreateApiKeyRequest { Name = "wire" }, ct);

        var json = await cluster.Http().GetStringAsync("api/keys", ct);

        Assert.Contains("\"usage\":{\"tokensToday\":", json);
    }

    private Task CountAsync(string day, string keyId, long requests, long input, long output) =>
        cluster.Database.HashSetAsync($"usage:{{stats}}:d:{day}:key",
        [
            new HashEntry($"{keyId}|requests", requests),
            new HashEntry($"{keyId}|input", input),
            new HashEntry($"{keyId}|output", output),
            new HashEntry($"{keyId}|cached", 99),
        ]);
}
