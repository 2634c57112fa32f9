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
    /// <summary>Counts the user's keys and claims a place for a new one in one step: her key set is one key, so one slot
    /// on a cluster. Returns 1 when claimed, 0 when she holds <c>ARGV[1]</c> keys already.</summary>
    private static readonly RedisScript s_claimKeyPlace = new("""
        if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[1]) then
          return 0
        end
        return redis.call('SADD', KEYS[1], ARGV[2])
        """);

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
            owner = await OwnerNameAsync(userId);
        }

        return await WriteAsync(ApiKeyFormat.Generate(), name, owner, limits, userId);
    }

    /// <summary>Creates a key of the user's own unless she holds <paramref name="maxKeys"/> keys already (then null). The
    /// count and the claim of the new key's place in her key set are one atomic step, so concurrent creations never
    /// exceed the cap together (issue 20, item 5); the key's record is written after its place is claimed.</summary>
    public async Task<ApiKeyCreated?> CreateWithinCapAsync(string name, ApiKeyLimits limits, string userId, int maxKeys)
    {
        var generated = ApiKeyFormat.Generate();
        if ((long)await s_claimKeyPlace.EvaluateAsync(Db, [RedisKeys.UserKeys(userId)], [maxKeys, generated.Id]) == 0)
        {
            return null;
        }

        try
        {
            return await WriteAsync(generated, name, await OwnerNameAsync(userId), limits, userId);
        }
        catch
        {
            // A key that was never written must not hold one of her places.
            await Db.SetRemoveAsync(RedisKeys.UserKeys(userId), generated.Id, CommandFlags.FireAndForget);
            throw;
        }
    }

    private async Task<string?> OwnerNameAsync(string userId) => (await Db.HashGetAsync(RedisKeys.User(userId), UserFields.Name)).ToString();

    private async Task<ApiKeyCreated> WriteAsync((string Id, string Key, string Salt, string Hash) generated, string name, string? owner, ApiKeyLimits limits, string? userId)
    {
        var (id, key, salt, hash) = generated;
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
