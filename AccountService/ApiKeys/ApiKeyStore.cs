using Antigravity.AccountService.Limits;
using Antigravity.AccountService.Users;
using Antigravity.AdminClient.ApiKeys;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Users;
using StackExchange.Redis;

namespace Antigravity.AccountService.ApiKeys;

/// <summary>Client API keys in Redis (<see cref="RedisKeys.ApiKeys"/>, <see cref="RedisKeys.ApiKey"/>): only a salted hash of the key is stored.</summary>
/// <remarks>A key with an owner belongs to the user of that name (issue 20): created on first use, like the migration of
/// keys written before users existed. Every change rewrites the key's admission copy (<see cref="AdmissionWriter"/>).</remarks>
internal sealed class ApiKeyStore(ClusterRedis redis, ApiKeyUsageReader usage, UserNames names, TimeProvider time)
{
    private IDatabase Db => redis.Database;

    /// <param name="userId">The user the key belongs to; when null, the user named <paramref name="owner"/> (if any).</param>
    public async Task<ApiKeyCreated> CreateAsync(string name, string? owner, ApiKeyLimits limits, string? userId = null)
    {
        if (userId is null && !string.IsNullOrWhiteSpace(owner))
        {
            (userId, _) = await names.FindOrCreateUserAsync(owner.Trim());
        }
        else if (userId is not null)
        {
            owner = (await Db.HashGetAsync(RedisKeys.User(userId), UserFields.Name)).ToString();
        }

        var (id, key, salt, hash) = ApiKeyFormat.Generate();
        var fields = new List<HashEntry>
        {
            new(ApiKeyFields.Id, id),
            new(ApiKeyFields.Name, name),
            new(ApiKeyFields.Prefix, ApiKeyFormat.DisplayPrefix(key)),
            new(ApiKeyFields.Salt, salt),
            new(ApiKeyFields.Hash, hash),
            new(ApiKeyFields.CreatedAt, time.GetUtcNow().ToUnixTimeMilliseconds()),
            new(ApiKeyFields.Disabled, "false"),
        };
        if (!string.IsNullOrWhiteSpace(owner))
        {
            fields.Add(new(ApiKeyFields.Owner, owner));
        }

        if (userId is not null)
        {
            fields.Add(new(ApiKeyFields.User, userId));
        }

        await Db.HashSetAsync(RedisKeys.ApiKey(id), [.. fields]);
        await WriteLimitsAsync(id, limits);
        await Db.SetAddAsync(RedisKeys.ApiKeys, id);
        if (userId is not null)
        {
            await Db.SetAddAsync(RedisKeys.UserKeys(userId), id);
        }

        await AdmissionWriter.SyncKeyAsync(Db, id);
        return new ApiKeyCreated { Key = key, ApiKey = (await GetAsync(id))! };
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync()
    {
        var ids = await Db.SetMembersAsync(RedisKeys.ApiKeys);
        var keys = (await Task.WhenAll(ids.Select(id => ReadAsync(id.ToString())))).OfType<ApiKeyInfo>().ToList();
        var usages = await usage.ReadAsync([.. keys.Select(k => k.Id)]);
        return [.. keys.Select(k => k with { Usage = usages[k.Id] }).OrderBy(k => k.CreatedAt)];
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListForUserAsync(string userId)
    {
        var ids = await Db.SetMembersAsync(RedisKeys.UserKeys(userId));
        var keys = (await Task.WhenAll(ids.Select(id => ReadAsync(id.ToString())))).OfType<ApiKeyInfo>().ToList();
        var usages = await usage.ReadAsync([.. keys.Select(k => k.Id)]);
        return [.. keys.Select(k => k with { Usage = usages[k.Id] }).OrderBy(k => k.CreatedAt)];
    }

    public async Task<ApiKeyInfo?> GetAsync(string id) =>
        await ReadAsync(id) is { } key ? key with { Usage = (await usage.ReadAsync([key.Id]))[key.Id] } : null;

    private async Task<ApiKeyInfo?> ReadAsync(string id)
    {
        var entries = await Db.HashGetAllAsync(RedisKeys.ApiKey(id));
        if (entries.Length == 0)
        {
            return null;
        }

        var map = entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
        string? Text(string field) => map.TryGetValue(field, out var v) && v.Length > 0 ? v : null;
        long Number(string field) => long.TryParse(Text(field), out var n) ? n : 0;
        DateTimeOffset? Time(string field) => Text(field) is not null ? DateTimeOffset.FromUnixTimeMilliseconds(Number(field)) : null;

        // The gateway stamps lastUsedAt where it admits the key: its admission copy once it has a user.
        var lastUsed = Time(ApiKeyFields.LastUsedAt);
        if (Text(ApiKeyFields.Scope) is { } scope
            && await Db.HashGetAsync(RedisKeys.AdmissionLimits(scope, AdmissionScope.KeyLevel(id)), ApiKeyFields.LastUsedAt) is { IsNullOrEmpty: false } stamped
            && long.TryParse(stamped.ToString(), out var ms))
        {
            lastUsed = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        return new ApiKeyInfo
        {
            Id = Text(ApiKeyFields.Id) ?? id,
            Name = Text(ApiKeyFields.Name) ?? "",
            Owner = Text(ApiKeyFields.Owner),
            UserId = Text(ApiKeyFields.User),
            Prefix = Text(ApiKeyFields.Prefix) ?? "",
            CreatedAt = Time(ApiKeyFields.CreatedAt),
            LastUsedAt = lastUsed,
            Disabled = Text(ApiKeyFields.Disabled) is "true" or "True" or "1",
            Limits = LimitFields.ReadKey(map),
        };
    }

    public async Task<ApiKeyInfo?> UpdateAsync(string id, UpdateApiKeyRequest request)
    {
        if (!await Db.KeyExistsAsync(RedisKeys.ApiKey(id)))
        {
            return null;
        }

        var fields = new List<HashEntry>();
        if (request.Name is { } name)
        {
            fields.Add(new(ApiKeyFields.Name, name.Trim()));
        }

        if (request.Owner is { } owner)
        {
            await AssignOwnerAsync(id, owner.Trim());
        }

        if (request.Disabled is { } disabled)
        {
            fields.Add(new(ApiKeyFields.Disabled, disabled ? "true" : "false"));
        }

        if (fields.Count > 0)
        {
            await Db.HashSetAsync(RedisKeys.ApiKey(id), [.. fields]);
        }

        if (request.Limits is { } limits)
        {
            await WriteLimitsAsync(id, limits);
        }

        await AdmissionWriter.SyncKeyAsync(Db, id);
        return await GetAsync(id);
    }

    /// <summary>Moves the key to the user of that name ("" = no user); its admission copy follows on the next sync.</summary>
    private async Task AssignOwnerAsync(string id, string owner)
    {
        var previous = await Db.HashGetAsync(RedisKeys.ApiKey(id), ApiKeyFields.User);
        var userId = owner.Length > 0 ? (await names.FindOrCreateUserAsync(owner)).Id : null;
        if (!previous.IsNullOrEmpty && previous != userId)
        {
            await Db.SetRemoveAsync(RedisKeys.UserKeys(previous.ToString()), id);
        }

        if (userId is null)
        {
            await Db.HashDeleteAsync(RedisKeys.ApiKey(id), [ApiKeyFields.Owner, ApiKeyFields.User]);
            return;
        }

        await Db.HashSetAsync(RedisKeys.ApiKey(id), [new(ApiKeyFields.Owner, owner), new(ApiKeyFields.User, userId)]);
        await Db.SetAddAsync(RedisKeys.UserKeys(userId), id);
    }

    /// <summary>Removes the key's admission copy, then its record: the gateway refuses it from the first step on.</summary>
    public async Task<bool> DeleteAsync(string id)
    {
        await AdmissionWriter.RemoveKeyAsync(Db, id);
        var user = await Db.HashGetAsync(RedisKeys.ApiKey(id), ApiKeyFields.User);
        if (!user.IsNullOrEmpty)
        {
            await Db.SetRemoveAsync(RedisKeys.UserKeys(user.ToString()), id);
        }

        var removed = await Db.SetRemoveAsync(RedisKeys.ApiKeys, id);
        return await Db.KeyDeleteAsync(RedisKeys.ApiKey(id)) || removed;
    }

    private Task WriteLimitsAsync(string id, ApiKeyLimits limits) => LimitFields.WriteAsync(Db, RedisKeys.ApiKey(id), limits);
}
