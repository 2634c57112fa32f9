using Antigravity.AdminClient.Executors;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Executors;
using StackExchange.Redis;

namespace Antigravity.AccountService.Executors;

/// <summary>Executor tokens in Redis (<see cref="RedisKeys.ExecutorTokens"/>, <see cref="RedisKeys.ExecutorToken"/>): only a
/// salted hash of the token is stored. Revoking keeps the record, marked, so that a revoked token is told apart from an
/// unknown one (close code 4403 rather than 4401), and tells every gateway replica to close its executors.</summary>
internal sealed class ExecutorTokenStore(ClusterRedis redis, TimeProvider time)
{
    private IDatabase Db => redis.Database;

    public async Task<ExecutorTokenCreated> CreateAsync(string name)
    {
        var (id, token, salt, hash) = ExecutorTokenFormat.Generate();
        await Db.HashSetAsync(RedisKeys.ExecutorToken(id),
        [
            new(ExecutorTokenFields.Id, id),
            new(ExecutorTokenFields.Name, name),
            new(ExecutorTokenFields.Prefix, ExecutorTokenFormat.DisplayPrefix(token)),
            new(ExecutorTokenFields.Salt, salt),
            new(ExecutorTokenFields.Hash, hash),
            new(ExecutorTokenFields.CreatedAt, time.GetUtcNow().ToUnixTimeMilliseconds()),
        ]);
        await Db.SetAddAsync(RedisKeys.ExecutorTokens, id);
        return new ExecutorTokenCreated { Token = token, ExecutorToken = (await GetAsync(id))! };
    }

    public async Task<IReadOnlyList<ExecutorTokenInfo>> ListAsync()
    {
        var ids = await Db.SetMembersAsync(RedisKeys.ExecutorTokens);
        var tokens = await Task.WhenAll(ids.Select(id => GetAsync(id.ToString())));
        return [.. tokens.OfType<ExecutorTokenInfo>().OrderBy(t => t.CreatedAt)];
    }

    public async Task<ExecutorTokenInfo?> GetAsync(string id)
    {
        var entries = await Db.HashGetAllAsync(RedisKeys.ExecutorToken(id));
        if (entries.Length == 0)
        {
            return null;
        }

        var map = entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
        DateTimeOffset? Time(string field) => map.TryGetValue(field, out var v) && long.TryParse(v, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        return new ExecutorTokenInfo
        {
            Id = map.GetValueOrDefault(ExecutorTokenFields.Id) ?? id,
            Name = map.GetValueOrDefault(ExecutorTokenFields.Name) ?? "",
            Prefix = map.GetValueOrDefault(ExecutorTokenFields.Prefix) ?? "",
            CreatedAt = Time(ExecutorTokenFields.CreatedAt),
            LastUsedAt = Time(ExecutorTokenFields.LastUsedAt),
            RevokedAt = Time(ExecutorTokenFields.RevokedAt),
        };
    }

    /// <summary>Marks the token revoked and announces it on <see cref="RedisKeys.ExecutorTokenRevokedChannel"/>; false when unknown.</summary>
    public async Task<bool> RevokeAsync(string id)
    {
        var key = RedisKeys.ExecutorToken(id);
        if (!await Db.KeyExistsAsync(key))
        {
            return false;
        }

        await Db.HashSetAsync(key, ExecutorTokenFields.RevokedAt, time.GetUtcNow().ToUnixTimeMilliseconds(), When.NotExists);
        await redis.Subscriber.PublishAsync(redis.Channel(RedisKeys.ExecutorTokenRevokedChannel), id);
        return true;
    }
}
