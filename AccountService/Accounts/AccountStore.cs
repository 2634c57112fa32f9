using Antigravity.AdminClient.Accounts;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Secrets;
using StackExchange.Redis;

namespace Antigravity.AccountService.Accounts;

/// <summary>
/// The account pool in Redis (<see cref="RedisKeys.Accounts"/>, <see cref="RedisKeys.Account"/>): this service owns the
/// hashes' identity, token and status fields. Tokens are encrypted with <see cref="SecretProtector"/> under the
/// <see cref="SecretContexts"/> and never leave this class in plain text except
/// to the refresh and discovery code.
/// </summary>
internal sealed class AccountStore(ClusterRedis redis, SecretProtector secrets, TimeProvider time)
{
    private IDatabase Db => redis.Database;

    public async Task<IReadOnlyList<string>> ListIdsAsync()
    {
        var members = await Db.SetMembersAsync(RedisKeys.Accounts);
        return [.. members.Select(m => m.ToString()).Order(StringComparer.Ordinal)];
    }

    /// <summary>The account hash alone (<see cref="PoolAccountState.Quotas"/> and <see cref="PoolAccountState.Cooldowns"/>
    /// stay empty: <see cref="SummarizeAsync"/> reads them).</summary>
    public async Task<PoolAccountState?> GetAsync(string id) => PoolStateReader.Parse(id, await Db.HashGetAllAsync(RedisKeys.Account(id)), [], []);

    public async Task<IReadOnlyList<PoolAccountState>> ListAsync() => await PoolStateReader.ReadAsync(Db, await ListIdsAsync());

    public async Task<string?> GetRefreshTokenAsync(string id)
    {
        var value = await Db.HashGetAsync(RedisKeys.Account(id), AccountFields.RefreshToken);
        return value.IsNullOrEmpty ? null : secrets.Unprotect(value.ToString(), SecretContexts.RefreshToken(id));
    }

    public async Task<string?> GetAccessTokenAsync(string id)
    {
        var value = await Db.HashGetAsync(RedisKeys.Account(id), AccountFields.AccessToken);
        return value.IsNullOrEmpty ? null : secrets.Unprotect(value.ToString(), SecretContexts.AccessToken(id));
    }

    /// <summary>Creates or updates an account with a refresh token, atomically (one script); returns true when it is new.</summary>
    public async Task<bool> UpsertAsync(AccountUpsert account)
    {
        var now = time.GetUtcNow();
        var fields = new List<HashEntry>
        {
            new(AccountFields.Id, account.Id),
            new(AccountFields.RefreshToken, secrets.Protect(account.RefreshToken, SecretContexts.RefreshToken(account.Id))),
            new(AccountFields.Status, AccountStatusNames.Format(account.Status)),
        };
        Optional(fields, AccountFields.Email, account.Email);
        Optional(fields, AccountFields.ProjectId, account.ProjectId);
        Optional(fields, AccountFields.Tier, account.Tier);
        Optional(fields, AccountFields.Credits, account.Credits);
        Optional(fields, AccountFields.StatusUrl, account.StatusUrl);
        Optional(fields, AccountFields.StatusReason, account.StatusReason);
        if (account.AccessToken is { Length: > 0 } access && account.AccessTokenExpiresAt is { } expiresAt)
        {
            fields.Add(new(AccountFields.AccessToken, secrets.Protect(access, SecretContexts.AccessToken(account.Id))));
            fields.Add(new(AccountFields.AccessTokenExpiresAt, expiresAt.ToUnixTimeMilliseconds()));
            fields.Add(new(AccountFields.AccessTokenRefreshedAt, now.ToUnixTimeMilliseconds()));
        }

        HashEntry[] ifNew = [new(AccountFields.CreatedAt, now.ToUnixTimeMilliseconds()), new(AccountFields.Disabled, PoolWriter.FormatFlag(account.Disabled))];
        RedisValue[] clear = account.Status == AccountStatus.Active ? [AccountFields.StatusReason, AccountFields.StatusUrl, AccountFields.LastError] : [];
        return await PoolWriter.UpsertAccountAsync(Db, account.Id, fields, ifNew, clear, now);
    }

    /// <summary>Stores a refreshed access token (and a rotated refresh token, if Google sent one).</summary>
    public Task StoreAccessTokenAsync(string id, string accessToken, DateTimeOffset expiresAt, string? newRefreshToken)
    {
        var fields = new List<HashEntry>
        {
            new(AccountFields.AccessToken, secrets.Protect(accessToken, SecretContexts.AccessToken(id))),
            new(AccountFields.AccessTokenExpiresAt, expiresAt.ToUnixTimeMilliseconds()),
            new(AccountFields.AccessTokenRefreshedAt, time.GetUtcNow().ToUnixTimeMilliseconds()),
        };
        if (newRefreshToken is { Length: > 0 })
        {
            fields.Add(new(AccountFields.RefreshToken, secrets.Protect(newRefreshToken, SecretContexts.RefreshToken(id))));
        }

        var key = RedisKeys.Account(id);
        var batch = Db.CreateBatch();
        var set = batch.HashSetAsync(key, [.. fields]);
        var clear = batch.HashDeleteAsync(key, AccountFields.LastError);
        batch.Execute();
        return Task.WhenAll(set, clear);
    }

    /// <summary>Sets the status atomically (one script that compares and writes); returns false when it already was exactly
    /// that (so events are published once).</summary>
    public Task<bool> SetStatusAsync(string id, AccountStatus status, string? reason, string? url) =>
        PoolWriter.SetStatusAsync(Db, id, status, reason, url, time.GetUtcNow());

    /// <summary>Sets account fields (<see cref="AccountFields.Disabled"/> as <see cref="PoolWriter.FormatFlag"/>, tier, project…)
    /// and re-places the account in the selection index.</summary>
    public Task SetFieldsAsync(string id, params HashEntry[] fields) => PoolWriter.SetFieldsAsync(Db, id, fields, time.GetUtcNow());

    public Task SetLastErrorAsync(string id, string error) => Db.HashSetAsync(RedisKeys.Account(id), AccountFields.LastError, error);

    public Task<bool> DeleteAsync(string id) => PoolWriter.DeleteAccountAsync(Db, id);

    /// <summary>The admin view: the record plus per-model quota (QuotaWorker's <see cref="RedisKeys.Quota"/>) and cooldowns.</summary>
    public async Task<AccountSummary> SummarizeAsync(PoolAccountState record)
    {
        var state = (await PoolStateReader.ReadAsync(Db, [record.Id])).FirstOrDefault();
        var now = time.GetUtcNow();
        var until = state?.CooldownsAfter(now) ?? new Dictionary<string, DateTimeOffset>();
        var models = new SortedDictionary<string, ModelQuotaSummary>(StringComparer.Ordinal);
        foreach (var (model, quota) in state?.Quotas ?? new Dictionary<string, ModelQuota>())
        {
            models[model] = new ModelQuotaSummary
            {
                Model = model,
                RemainingFraction = quota.RemainingFraction,
                ResetTime = quota.ResetTime,
                ScannedAt = quota.ScannedAt,
                CooldownUntil = until.TryGetValue(model, out var u) ? u : null,
            };
        }

        foreach (var (model, cooling) in until.Where(c => c.Key != "*" && !models.ContainsKey(c.Key)))
        {
            models[model] = new ModelQuotaSummary { Model = model, CooldownUntil = cooling };
        }

        return new AccountSummary
        {
            Id = record.Id,
            Email = record.Email,
            Status = record.Status,
            StatusReason = record.StatusReason,
            StatusUrl = record.StatusUrl,
            Disabled = record.Disabled,
            Tier = record.Tier,
            ProjectId = record.ProjectId,
            Credits = record.Credits,
            AccessTokenExpiresAt = record.AccessTokenExpiresAt,
            CreatedAt = record.CreatedAt,
            LastUsedAt = record.LastUsedAt,
            LastError = record.LastError,
            CooldownUntil = until.TryGetValue("*", out var all) ? all : null,
            Models = [.. models.Values],
        };
    }

    private static void Optional(List<HashEntry> fields, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            fields.Add(new(name, value));
        }
    }
}

/// <summary>What <see cref="AccountStore.UpsertAsync"/> writes.</summary>
internal sealed record AccountUpsert
{
    public required string Id { get; init; }
    public required string RefreshToken { get; init; }
    public string? Email { get; init; }
    public string? ProjectId { get; init; }
    public string? Tier { get; init; }
    public string? Credits { get; init; }
    public AccountStatus Status { get; init; }
    public string? StatusReason { get; init; }
    public string? StatusUrl { get; init; }
    public string? AccessToken { get; init; }
    public DateTimeOffset? AccessTokenExpiresAt { get; init; }
    public bool Disabled { get; init; }
}
