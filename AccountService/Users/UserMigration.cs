using Antigravity.ClusterState;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Users;
using StackExchange.Redis;

namespace Antigravity.AccountService.Users;

/// <summary>
/// Issue 20: the keys written before users existed carry an owner string; each becomes a key of the user of that name
/// (created if missing). Idempotent (a key that has a user is left alone, and <see cref="UserNames"/> creates a name's user
/// once), and run by one replica at a time under <see cref="RedisKeys.UsersMigrationLock"/> with the marker checked again
/// under the lock, as <see cref="ClusterState.Accounts.PoolMigration"/> does; the others wait for the marker.
/// </summary>
internal sealed partial class UserMigration(ClusterRedis redis, UserNames names, TimeProvider time, ILogger<UserMigration> logger) : IHostedService
{
    public const string Version = "1";

    private static readonly TimeSpan s_lockTtl = TimeSpan.FromSeconds(60);

    public Task StartAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Migrates unless <see cref="RedisKeys.UsersSchema"/> says <see cref="Version"/>; true when this call did the work.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken = default)
    {
        var db = redis.Database;
        if (await db.StringGetAsync(RedisKeys.UsersSchema) == Version)
        {
            return false;
        }

        var token = Guid.NewGuid().ToString("N");
        if (!await db.StringSetAsync(RedisKeys.UsersMigrationLock, token, s_lockTtl, When.NotExists))
        {
            var started = time.GetTimestamp();
            while (time.GetElapsedTime(started) < s_lockTtl && await db.StringGetAsync(RedisKeys.UsersSchema) != Version)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
            }

            return false;
        }

        try
        {
            // Checked again under the lock: another replica may have finished between the read above and taking the lock.
            if (await db.StringGetAsync(RedisKeys.UsersSchema) == Version)
            {
                return false;
            }

            var (keys, users) = await MigrateAsync(db);
            await db.StringSetAsync(RedisKeys.UsersSchema, Version);
            LogMigrated(logger, keys, users);
            return true;
        }
        finally
        {
            await db.ScriptEvaluateAsync(
                "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
                [RedisKeys.UsersMigrationLock], [token]);
        }
    }

    private async Task<(int Keys, int Users)> MigrateAsync(IDatabase db)
    {
        var (keys, users) = (0, 0);
        foreach (var id in (await db.SetMembersAsync(RedisKeys.ApiKeys)).Select(v => v.ToString()))
        {
            var stored = await db.HashGetAsync(RedisKeys.ApiKey(id), [ApiKeyFields.Owner, ApiKeyFields.User, ApiKeyFields.Hash]);
            if (stored[0].IsNullOrEmpty || !stored[1].IsNullOrEmpty || stored[2].IsNullOrEmpty || stored[0].ToString().Trim() is not { Length: > 0 } owner)
            {
                continue;
            }

            var (userId, created) = await names.FindOrCreateUserAsync(owner);
            await db.HashSetAsync(RedisKeys.ApiKey(id), ApiKeyFields.User, userId);
            await db.SetAddAsync(RedisKeys.UserKeys(userId), id);
            await AdmissionWriter.SyncKeyAsync(db, id);
            keys++;
            users += created ? 1 : 0;
        }

        return (keys, users);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Users migration: {Keys} keys with an owner became keys of users ({Users} users created)")]
    private static partial void LogMigrated(ILogger logger, int keys, int users);
}
