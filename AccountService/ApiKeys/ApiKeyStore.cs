using System.Text.Json;
using Antigravity.AccountService.Hosting;
using Antigravity.AdminClient.ApiKeys;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Keys;
using StackExchange.Redis;

namespace Antigravity.AccountService.ApiKeys;

/// <summary>Client API keys in Redis (<see cref="RedisKeys.ApiKeys"/>, <see cref="RedisKeys.ApiKey"/>): only a salted hash of the key is stored.</summary>
internal sealed class ApiKeyStore(ClusterRedis redis, ApiKeyUsageReader usage, TimeProvider time)
{
    private IDatabase Db => redis.Database;

    public async Task<ApiKeyCreated> CreateAsync(string name, string? owner, ApiKeyLimits limits)
    {
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

        await Db.HashSetAsync(RedisKeys.ApiKey(id), [.. fields]);
        await WriteLimitsAsync(id, limits);
        await Db.SetAddAsync(RedisKeys.ApiKeys, id);
        return new ApiKeyCreated { Key = key, ApiKey = (await GetAsync(id))! };
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync()
    {
        var ids = await Db.SetMembersAsync(RedisKeys.ApiKeys);
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
        return new ApiKeyInfo
        {
            Id = Text(ApiKeyFields.Id) ?? id,
            Name = Text(ApiKeyFields.Name) ?? "",
            Owner = Text(ApiKeyFields.Owner),
            Prefix = Text(ApiKeyFields.Prefix) ?? "",
            CreatedAt = Time(ApiKeyFields.CreatedAt),
            LastUsedAt = Time(ApiKeyFields.LastUsedAt),
            Disabled = Text(ApiKeyFields.Disabled) is "true" or "True" or "1",
            Limits = new ApiKeyLimits
            {
                RequestsPerMinute = (int)Number(ApiKeyFields.RequestsPerMinute),
                TokensPerMinute = Number(ApiKeyFields.TokensPerMinute),
                MaxConcurrency = (int)Number(ApiKeyFields.MaxConcurrency),
                DailyTokenBudget = Number(ApiKeyFields.DailyTokenBudget),
                MonthlyTokenBudget = Number(ApiKeyFields.MonthlyTokenBudget),
                AllowedModels = Text(ApiKeyFields.AllowedModels) is { } models
                    ? JsonSerializer.Deserialize(models, ConfigJsonContext.Default.ListString) ?? []
                    : [],
                ExpiresAt = Time(ApiKeyFields.ExpiresAt),
            },
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
            fields.Add(new(ApiKeyFields.Owner, owner.Trim()));
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

        return await GetAsync(id);
    }

    public async Task<bool> DeleteAsync(string id)
    {
        var removed = await Db.SetRemoveAsync(RedisKeys.ApiKeys, id);
        return await Db.KeyDeleteAsync(RedisKeys.ApiKey(id)) || removed;
    }

    /// <summary>Absent or 0 means unlimited, so zero limits are removed rather than stored.</summary>
    private async Task WriteLimitsAsync(string id, ApiKeyLimits limits)
    {
        var set = new List<HashEntry>();
        var clear = new List<RedisValue>();
        void Put(string field, long value)
        {
            if (value > 0)
            {
                set.Add(new(field, value));
            }
            else
            {
                clear.Add(field);
            }
        }

        Put(ApiKeyFields.RequestsPerMinute, limits.RequestsPerMinute);
        Put(ApiKeyFields.TokensPerMinute, limits.TokensPerMinute);
        Put(ApiKeyFields.MaxConcurrency, limits.MaxConcurrency);
        Put(ApiKeyFields.DailyTokenBudget, limits.DailyTokenBudget);
        Put(ApiKeyFields.MonthlyTokenBudget, limits.MonthlyTokenBudget);
        Put(ApiKeyFields.ExpiresAt, limits.ExpiresAt?.ToUnixTimeMilliseconds() ?? 0);
        if (limits.AllowedModels is { Count: > 0 } models)
        {
            set.Add(new(ApiKeyFields.AllowedModels, JsonSerializer.Serialize(models.ToList(), ConfigJsonContext.Default.ListString)));
        }
        else
        {
            clear.Add(ApiKeyFields.AllowedModels);
        }

        var key = RedisKeys.ApiKey(id);
        if (set.Count > 0)
        {
            await Db.HashSetAsync(key, [.. set]);
        }

        if (clear.Count > 0)
        {
            await Db.HashDeleteAsync(key, [.. clear]);
        }
    }
}
