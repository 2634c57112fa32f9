using Antigravity.ClusterState.Accounts;
using Antigravity.TestEnvironment;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Antigravity.ClusterState.Tests;

/// <summary>The pool's one writer (issue 19): atomic account writes, and the selection index following every change (issue 14).</summary>
public sealed class PoolWriterTests : IAsyncLifetime
{
    private const string Model = "claude-sonnet-4-6";
    private static readonly DateTimeOffset s_now = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
    private ConnectionMultiplexer _connection = null!;
    private IDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        _connection = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        _db = _connection.GetDatabase().WithKeyPrefix(TestServers.UniquePrefix("pool"));
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task UpsertAccount_ManyWritersAtOnce_ExactlyOneSeesItNew()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            PoolWriter.UpsertAccountAsync(_db, "a1", [new(AccountFields.Id, "a1"), new(AccountFields.Email, $"w{i}@example.com")],
                [new(AccountFields.CreatedAt, i)], [], s_now)));

        Assert.Single(results, r => r);
        Assert.True(await _db.SetContainsAsync(RedisKeys.Accounts, "a1"));
        Assert.True(await _db.HashExistsAsync(RedisKeys.Account("a1"), AccountFields.CreatedAt));
    }

    [Fact]
    public async Task SetStatus_SameVerdictFromManyWriters_ChangesItOnce()
    {
        await AddAsync("a1");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            PoolWriter.SetStatusAsync(_db, "a1", AccountStatus.Banned, "TOS_VIOLATION", "https://appeal", s_now)));

        Assert.Single(results, r => r);
        var stored = await _db.HashGetAsync(RedisKeys.Account("a1"), [AccountFields.Status, AccountFields.StatusUrl, AccountFields.LastError]);
        Assert.Equal(["banned", "https://appeal", "TOS_VIOLATION"], stored.Select(v => v.ToString()));
        Assert.False(await PoolWriter.SetStatusAsync(_db, "a1", AccountStatus.Banned, "TOS_VIOLATION", "https://appeal", s_now));
        Assert.True(await PoolWriter.SetStatusAsync(_db, "a1", AccountStatus.Active, null, null, s_now));
        Assert.False(await _db.HashExistsAsync(RedisKeys.Account("a1"), AccountFields.StatusUrl));
    }

    [Fact]
    public async Task Index_FollowsQuotaStatusDisabledCooldownsAndDeletion()
    {
        await AddAsync("a1");
        await AddAsync("a2");
        await PoolWriter.WriteQuotaAsync(_db, "a1", Quota(0.5), [], [], s_now);
        Assert.Equal(["a1", "a2"], await ReadyAsync());

        await PoolWriter.SetFieldsAsync(_db, "a2", [new(AccountFields.Disabled, PoolWriter.FormatFlag(true))], s_now);
        Assert.Equal(["a1"], await ReadyAsync());
        Assert.False(await _db.SetContainsAsync(RedisKeys.Serving, "a2"));

        await PoolWriter.SetCooldownAsync(_db, "a1", Model, s_now.AddMinutes(5), s_now);
        Assert.Empty(await ReadyAsync());
        Assert.Equal(s_now.AddMinutes(5).ToUnixTimeMilliseconds(), await _db.SortedSetScoreAsync(RedisKeys.Waiting(Model), "a1"));

        await PoolWriter.SetFieldsAsync(_db, "a2", [new(AccountFields.Disabled, PoolWriter.FormatFlag(false))], s_now);
        await PoolWriter.SetStatusAsync(_db, "a2", AccountStatus.ValidationRequired, "verify", "https://verify", s_now);
        Assert.Empty(await ReadyAsync());
        await PoolWriter.SetStatusAsync(_db, "a2", AccountStatus.Active, null, null, s_now);
        Assert.Equal(["a2"], await ReadyAsync());

        // An exhausted quota without a reset time waits for the next scan; one with a fraction left is usable again.
        await PoolWriter.WriteQuotaAsync(_db, "a2", new Dictionary<string, ModelQuota> { [Model] = new(0, null, s_now) }, [], [], s_now);
        Assert.Equal(double.PositiveInfinity, await _db.SortedSetScoreAsync(RedisKeys.Waiting(Model), "a2"));
        await PoolWriter.WriteQuotaAsync(_db, "a2", Quota(0.25), [], [], s_now);
        Assert.Equal(["a2"], await ReadyAsync());
        Assert.Equal("0.25", await _db.HashGetAsync(RedisKeys.Remaining(Model), "a2"));

        Assert.True(await PoolWriter.DeleteAccountAsync(_db, "a2"));
        Assert.Empty(await ReadyAsync());
        Assert.False(await _db.HashExistsAsync(RedisKeys.Remaining(Model), "a2"));
        Assert.False(await _db.SetContainsAsync(RedisKeys.Serving, "a2"));
    }

    [Fact]
    public async Task Reader_EarlierSpellings_ReadAsTheCurrentShape()
    {
        await _db.HashSetAsync(RedisKeys.Account("old"), [new(AccountFields.Id, "old"), new(AccountFields.Status, "ValidationRequired"), new(AccountFields.Disabled, "True")]);
        await _db.HashSetAsync(RedisKeys.Quota("old"), Model, """{"RemainingFraction":0.4,"ResetTime":"2030-01-01T00:00:00+00:00","ScannedAt":"2029-12-31T00:00:00+00:00"}""");
        await _db.SetAddAsync(RedisKeys.Accounts, "old");

        var account = Assert.Single(await PoolStateReader.ReadAllAsync(_db));

        Assert.Equal(AccountStatus.ValidationRequired, account.Status);
        Assert.True(account.Disabled);
        Assert.Equal(0.4, account.Quotas[Model].RemainingFraction);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), account.Quotas[Model].ResetTime);
    }

    private static Dictionary<string, ModelQuota> Quota(double fraction) => new() { [Model] = new(fraction, s_now.AddHours(5), s_now) };

    private Task<bool> AddAsync(string id) =>
        PoolWriter.UpsertAccountAsync(_db, id, [new(AccountFields.Id, id), new(AccountFields.Status, AccountStatusNames.Active)], [], [], s_now);

    [Fact]
    public async Task Migration_ManyProcessesAtOnce_RunsOnceAndLeavesTheIndexWhole()
    {
        foreach (var id in new[] { "a1", "a2", "a3" })
        {
            await AddAsync(id);
            await PoolWriter.WriteQuotaAsync(_db, id, Quota(0.5), [], [], s_now);
        }

        // Each round is a pool written by an earlier version meeting replicas that start together: one of them migrates;
        // a second migration, started by one that took the lock just after the first let go, would drop the index while
        // the schema marker already tells every selection to trust it.
        for (var round = 0; round < 5; round++)
        {
            await _db.KeyDeleteAsync(RedisKeys.PoolSchema);

            var migrated = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => PoolMigration.RunAsync(_db, TimeProvider.System, TestContext.Current.CancellationToken))));

            Assert.Single(migrated, m => m);
            Assert.Equal(["a1", "a2", "a3"], await ReadyAsync());
        }
    }

    private async Task<string[]> ReadyAsync() =>
        [.. (await _db.SortedSetRangeByRankAsync(RedisKeys.Ready(Model))).Select(v => v.ToString()).Order(StringComparer.Ordinal)];
}
