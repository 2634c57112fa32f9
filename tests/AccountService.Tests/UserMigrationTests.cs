using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.AccountService.Users;
using Antigravity.AdminClient.Users;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Users;
using StackExchange.Redis;

namespace Antigravity.AccountService.Tests;

/// <summary>Issue 20: keys written before users existed carry an owner string; on start they become keys of the user of
/// that name, once, even when three replicas migrate at the same moment.</summary>
public sealed class UserMigrationTests(ThreeInstanceCluster cluster) : IClassFixture<ThreeInstanceCluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OwnerStrings_ThreeReplicasMigrateAtOnce_BecomeOneUserPerNameWithTheirKeys()
    {
        var db = cluster.Database;
        var alice = "alice-" + Guid.NewGuid().ToString("N")[..6];
        var bob = "bob-" + Guid.NewGuid().ToString("N")[..6];
        var carol = await cluster.Admin().CreateUserAsync(new CreateUserRequest { Name = "carol-" + Guid.NewGuid().ToString("N")[..6] }, Ct);
        var aliceKeys = new[] { await LegacyKeyAsync(db, alice), await LegacyKeyAsync(db, alice) };
        var bobKey = await LegacyKeyAsync(db, " " + bob + " ");
        var carolKey = await LegacyKeyAsync(db, carol.Name);
        var (ownerless, ownerlessSecret) = await LegacyKeyWithSecretAsync(db, null);
        await db.KeyDeleteAsync(RedisKeys.UsersSchema); // as an earlier version left it

        var ran = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Task.Run(() => cluster.Service<UserMigration>(i).RunAsync(Ct), Ct)));

        Assert.Single(ran, r => r);
        Assert.Equal(UserMigration.Version, (string?)await db.StringGetAsync(RedisKeys.UsersSchema));
        var users = await cluster.Admin().ListUsersAsync(Ct);
        var aliceUser = Assert.Single(users, u => u.Name == alice);
        var bobUser = Assert.Single(users, u => u.Name == bob);
        Assert.Single(users, u => u.Name == carol.Name);
        Assert.Equal(aliceKeys.Order(StringComparer.Ordinal), aliceUser.KeyIds);
        Assert.Equal([bobKey], bobUser.KeyIds);
        Assert.Equal([carolKey], (await cluster.Admin().GetUserAsync(carol.Id, Ct)).KeyIds);
        Assert.Equal(UserRoles.Member, aliceUser.Role);
        foreach (var (key, user) in aliceKeys.Select(k => (k, aliceUser.Id)).Append((bobKey, bobUser.Id)))
        {
            var meta = await db.HashGetAsync(RedisKeys.ApiKey(key), [ApiKeyFields.User, ApiKeyFields.Scope, ApiKeyFields.Hash]);
            Assert.Equal(user, meta[0]);
            Assert.Equal(AdmissionScope.UserLevel(user), meta[1]);
            Assert.Equal(meta[2], await db.HashGetAsync(RedisKeys.AdmissionLimits(AdmissionScope.UserLevel(user), AdmissionScope.KeyLevel(key)), ApiKeyFields.Hash));
        }

        // A key without an owner stays a key without a user, admitted on its own record.
        var plain = await db.HashGetAsync(RedisKeys.ApiKey(ownerless), [ApiKeyFields.User, ApiKeyFields.Scope, ApiKeyFields.Hash, ApiKeyFields.Salt]);
        Assert.True(plain[0].IsNull && plain[1].IsNull);
        Assert.True(ApiKeyFormat.Verify(ownerlessSecret, plain[3].ToString(), plain[2].ToString()));

        // Idempotent: a second run with the marker removed changes nothing.
        await db.KeyDeleteAsync(RedisKeys.UsersSchema);
        Assert.True(await cluster.Service<UserMigration>(1).RunAsync(Ct));
        var again = await cluster.Admin().ListUsersAsync(Ct);
        Assert.Equal(users.Select(u => (u.Id, u.Name, string.Join(",", u.KeyIds))), again.Select(u => (u.Id, u.Name, string.Join(",", u.KeyIds))));
    }

    private static async Task<string> LegacyKeyAsync(IDatabase db, string? owner) => (await LegacyKeyWithSecretAsync(db, owner)).Id;

    /// <summary>A key as the versions before issue 20 wrote it: an owner string, no user, no scope.</summary>
    private static async Task<(string Id, string Secret)> LegacyKeyWithSecretAsync(IDatabase db, string? owner)
    {
        var (id, key, salt, hash) = ApiKeyFormat.Generate();
        Assert.True(ApiKeyFormat.TryParse(key, out _, out var secret));
        var fields = new List<HashEntry>
        {
            new(ApiKeyFields.Id, id), new(ApiKeyFields.Name, "legacy"), new(ApiKeyFields.Salt, salt), new(ApiKeyFields.Hash, hash),
            new(ApiKeyFields.Prefix, ApiKeyFormat.DisplayPrefix(key)), new(ApiKeyFields.Disabled, "false"), new(ApiKeyFields.RequestsPerMinute, "10"),
        };
        if (owner is not null)
        {
            fields.Add(new(ApiKeyFields.Owner, owner));
        }

        await db.HashSetAsync(RedisKeys.ApiKey(id), [.. fields]);
        await db.SetAddAsync(RedisKeys.ApiKeys, id);
        return (id, secret);
    }
}
