using System.Threading.Channels;
using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.AdminClient;
using Antigravity.AdminClient.ApiKeys;
using Antigravity.AdminClient.Routing;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Routing;
using StackExchange.Redis;

namespace Antigravity.AccountService.Tests;

public sealed class ConfigurationApiTests(SingleInstanceCluster cluster) : IClassFixture<SingleInstanceCluster>
{
    [Fact]
    public async Task ApiKeys_CreateListUpdateDisableDelete_ShowKeyOnceAndAnnounceEveryChange()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = cluster.Admin();
        await using var announcements = await ListenAsync();

        var created = await admin.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            Name = "ci", Owner = "team-a",
            Limits = new ApiKeyLimits { RequestsPerMinute = 100, TokensPerMinute = 50_000, MaxConcurrency = 4, DailyTokenBudget = 1_000_000, MonthlyTokenBudget = 9_000_000, AllowedModels = ["claude-sonnet-4-6"], ExpiresAt = DateTimeOffset.UtcNow.AddDays(30) },
        }, ct);
        Assert.Equal("keys", await announcements.NextAsync(ct));

        Assert.True(ApiKeyFormat.TryParse(created.Key, out var id, out var secret));
        Assert.Equal(created.ApiKey.Id, id);
        var stored = await cluster.Database.HashGetAllAsync(RedisKeys.ApiKey(id));
        Assert.DoesNotContain(stored, e => e.Value.ToString().Contains(secret, StringComparison.Ordinal));
        var fields = stored.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        Assert.True(ApiKeyFormat.Verify(secret, fields[ApiKeyFields.Salt], fields[ApiKeyFields.Hash]));
        Assert.Equal("100", fields[ApiKeyFields.RequestsPerMinute]);
        Assert.Equal("4", fields[ApiKeyFields.MaxConcurrency]);

        var listed = Assert.Single(await admin.ListApiKeysAsync(ct), k => k.Id == id);
        Assert.Equal("team-a", listed.Owner);
        Assert.StartsWith("ag-" + id[..6], listed.Prefix);
        Assert.Equal(["claude-sonnet-4-6"], listed.Limits.AllowedModels);
        Assert.DoesNotContain(secret, listed.Prefix);

        var updated = await admin.UpdateApiKeyAsync(id, new UpdateApiKeyRequest { Limits = new ApiKeyLimits { RequestsPerMinute = 10 } }, ct);
        Assert.Equal("keys", await announcements.NextAsync(ct));
        Assert.Equal(10, updated.Limits.RequestsPerMinute);
        Assert.Equal(0, updated.Limits.MaxConcurrency);
        Assert.False(await cluster.Database.HashExistsAsync(RedisKeys.ApiKey(id), ApiKeyFields.MaxConcurrency));

        Assert.True((await admin.DisableApiKeyAsync(id, ct)).Disabled);
        Assert.Equal("keys", await announcements.NextAsync(ct));
        await admin.DeleteApiKeyAsync(id, ct);
        Assert.Equal("keys", await announcements.NextAsync(ct));
        Assert.DoesNotContain(await admin.ListApiKeysAsync(ct), k => k.Id == id);
    }

    [Fact]
    public async Task AliasesGroupsAndSettings_RoundTripThroughRedisAndAnnounceTheirArea()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = cluster.Admin();
        await using var announcements = await ListenAsync();

        await admin.SetModelAliasAsync("fast", "gemini-3-flash", ct);
        Assert.Equal("aliases", await announcements.NextAsync(ct));
        var group = await admin.PutModelGroupAsync("best", new PutModelGroupRequest { Models = ["claude-opus-4-6-thinking", "gemini-3-pro-high"], Policy = ModelGroupPolicy.Random }, ct);
        Assert.Equal("groups", await announcements.NextAsync(ct));
        var settings = await admin.UpdateSettingsAsync(new GatewaySettings
        {
            Strategy = SelectionStrategy.RoundRobin, DefaultModel = "claude-opus-4-6-thinking", CrossModelFallback = true,
            ModelMapping = new Dictionary<string, string> { ["claude-3-haiku"] = "gemini-3-flash" }, MaxConcurrentPerAccount = 3,
        }, ct);
        Assert.Equal("settings", await announcements.NextAsync(ct));

        Assert.Contains(await admin.ListModelAliasesAsync(ct), a => a.Alias == "fast" && a.Model == "gemini-3-flash");
        Assert.Equal(group.Models, (await admin.GetModelGroupAsync("best", ct)).Models);
        Assert.Equal(ModelGroupPolicy.Random, (await admin.ListModelGroupsAsync(ct)).Single(g => g.Name == "best").Policy);
        var read = await admin.GetSettingsAsync(ct);
        Assert.Equal(SelectionStrategy.RoundRobin, read.Strategy);
        Assert.Equal("gemini-3-flash", read.ModelMapping["claude-3-haiku"]);
        Assert.Equal(settings.MaxConcurrentPerAccount, read.MaxConcurrentPerAccount);
        Assert.Contains("\"strategy\":\"RoundRobin\"", (await cluster.Database.StringGetAsync(RedisKeys.Settings)).ToString());
        Assert.Contains("\"models\":[", (await cluster.Database.HashGetAsync(RedisKeys.ModelGroups, "best")).ToString());

        await admin.DeleteModelAliasAsync("fast", ct);
        Assert.Equal("aliases", await announcements.NextAsync(ct));
        await admin.DeleteModelGroupAsync("best", ct);
        Assert.Equal("groups", await announcements.NextAsync(ct));
        await Assert.ThrowsAsync<AdminApiException>(() => admin.GetModelGroupAsync("best", ct));
    }

    [Fact]
    public async Task PutGroup_ModelsTheCatalogueLacks_SavesTheGroupWithAWarningForEach()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = cluster.Admin();
        var beforeScan = await admin.PutModelGroupAsync("checked", new PutModelGroupRequest { Models = ["gemini-3-pro-high"] }, ct);
        Assert.Equal(["The model catalogue is empty (no quota scan has run yet), so the models were not checked."], beforeScan.Warnings);

        await cluster.Database.HashSetAsync(RedisKeys.Catalog, [.. new[] { "claude-opus-4-6-thinking", "claude-sonnet-4-6", "gemini-3.1-pro-high" }.Select(m => new HashEntry(m, "{}"))]);
        await cluster.Database.HashSetAsync(RedisKeys.ModelForwarding, "gemini-3-pro-high", "gemini-3.1-pro-high");
        await admin.SetModelAliasAsync("fast-check", "gemini-3-flash", ct);
        string[] models = ["claude-opus-4-6-thinking", "gemini-3-pro-high", "claude-haiku-4-5[1m]", "fast-check", "no-such-model"];

        var saved = await admin.PutModelGroupAsync("checked", new PutModelGroupRequest { Models = models }, ct);

        Assert.Equal(models, saved.Models);
        Assert.Equal(models, (await admin.GetModelGroupAsync("checked", ct)).Models);
        Assert.Equal(
            [
                "'gemini-3-pro-high' is not in the model catalogue: the upstream's forwarding of a deprecated id sends it to 'gemini-3.1-pro-high'.",
                "'claude-haiku-4-5' is not in the model catalogue: a built-in mapping sends it to 'claude-sonnet-4-6'.",
                "'fast-check' is not in the model catalogue and an alias sends it to 'gemini-3-flash', which is not either: requests skip it.",
                "'no-such-model' is not in the model catalogue and no alias or mapping names it: requests skip it (unless a gateway's Gateway:ModelMapping maps it).",
            ],
            saved.Warnings);
        await admin.DeleteModelGroupAsync("checked", ct);
        await admin.DeleteModelAliasAsync("fast-check", ct);
    }

    /// <summary>Subscribes to the prefixed config channel, as a gateway replica does.</summary>
    private async Task<Announcements> ListenAsync()
    {
        var channel = Channel.CreateUnbounded<string>();
        var name = RedisChannel.Literal(cluster.Prefix + RedisKeys.ConfigChannel);
        var subscriber = cluster.Redis.GetSubscriber();
        await subscriber.SubscribeAsync(name, (_, message) => channel.Writer.TryWrite(message.ToString()));
        return new Announcements(channel.Reader, () => subscriber.UnsubscribeAsync(name));
    }

    private sealed class Announcements(ChannelReader<string> reader, Func<Task> stop) : IAsyncDisposable
    {
        public async Task<string> NextAsync(CancellationToken ct)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            return await reader.ReadAsync(timeout.Token);
        }

        public async ValueTask DisposeAsync() => await stop();
    }
}
