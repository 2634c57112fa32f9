using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace Antigravity.ClusterState.Accounts;

/// <summary>One account as stored in the pool (never its tokens): the <see cref="RedisKeys.Account"/> hash with its
/// <see cref="RedisKeys.Quota"/> and <see cref="RedisKeys.Cooldowns"/>.</summary>
public sealed record PoolAccountState
{
    public required string Id { get; init; }
    public string? Email { get; init; }
    public AccountStatus Status { get; init; }
    public string? StatusReason { get; init; }
    public string? StatusUrl { get; init; }
    public bool Disabled { get; init; }
    public string? Tier { get; init; }
    public string? ProjectId { get; init; }
    public string? Credits { get; init; }
    public bool HasRefreshToken { get; init; }
    public DateTimeOffset? AccessTokenExpiresAt { get; init; }
    public DateTimeOffset? AccessTokenRefreshedAt { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public string? LastError { get; init; }
    public double? Health { get; init; }

    /// <summary>Model → quota from the last scan (entries that do not parse are left out).</summary>
    public IReadOnlyDictionary<string, ModelQuota> Quotas { get; init; } = new Dictionary<string, ModelQuota>();

    /// <summary>Model (or <c>*</c>) → cooldown end, as stored: expired ones stay until QuotaWorker clears them.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Cooldowns { get; init; } = new Dictionary<string, DateTimeOffset>();

    /// <summary>The cooldowns still running at <paramref name="now"/>.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> CooldownsAfter(DateTimeOffset now) =>
        Cooldowns.Where(c => c.Value > now).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
}

/// <summary>
/// The one reader of the pool's stored shape (issue 19), used by AccountService's admin views, the Gateway's
/// <c>/account-limits</c> and QuotaWorker's pool views and catalogue. It reads what <see cref="PoolWriter"/> writes, and
/// the spellings of earlier versions until <see cref="PoolMigration"/> has rewritten them.
/// </summary>
public static class PoolStateReader
{
    /// <summary>Reads <paramref name="ids"/> (account hash, quota, cooldowns) in one pipelined batch; ids without a hash are left out.</summary>
    public static async Task<IReadOnlyList<PoolAccountState>> ReadAsync(IDatabase db, IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ids);
        var batch = db.CreateBatch();
        var reads = ids.Select(id => (
            Id: id,
            Account: batch.HashGetAllAsync(RedisKeys.Account(id)),
            Quota: batch.HashGetAllAsync(RedisKeys.Quota(id)),
            Cooldowns: batch.HashGetAllAsync(RedisKeys.Cooldowns(id)))).ToList();
        batch.Execute();
        var accounts = new List<PoolAccountState>(reads.Count);
        foreach (var read in reads)
        {
            if (Parse(read.Id, await read.Account.ConfigureAwait(false), await read.Quota.ConfigureAwait(false), await read.Cooldowns.ConfigureAwait(false)) is { } account)
            {
                accounts.Add(account);
            }
        }

        return accounts;
    }

    /// <summary>Every account listed in <see cref="RedisKeys.Accounts"/>, ordered by id.</summary>
    public static async Task<IReadOnlyList<PoolAccountState>> ReadAllAsync(IDatabase db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = (await db.SetMembersAsync(RedisKeys.Accounts).ConfigureAwait(false)).Select(v => v.ToString()).Order(StringComparer.Ordinal).ToList();
        return await ReadAsync(db, ids).ConfigureAwait(false);
    }

    /// <summary>An account from its stored hashes; null when the account hash is empty.</summary>
    public static PoolAccountState? Parse(string id, HashEntry[] account, HashEntry[] quota, HashEntry[] cooldowns)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(quota);
        ArgumentNullException.ThrowIfNull(cooldowns);
        if (account.Length == 0)
        {
            return null;
        }

        var map = new Dictionary<string, string>(account.Length, StringComparer.Ordinal);
        foreach (var entry in account)
        {
            map[entry.Name.ToString()] = entry.Value.ToString();
        }

        string? Text(string field) => map.TryGetValue(field, out var v) && v.Length > 0 ? v : null;
        DateTimeOffset? Time(string field) => long.TryParse(Text(field), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        var quotas = new Dictionary<string, ModelQuota>(StringComparer.Ordinal);
        foreach (var entry in quota)
        {
            if (ParseQuota(entry.Value) is { } parsed)
            {
                quotas[entry.Name.ToString()] = parsed;
            }
        }

        var until = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var entry in cooldowns)
        {
            if (entry.Value.TryParse(out long ms))
            {
                until[entry.Name.ToString()] = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            }
        }

        return new PoolAccountState
        {
            Id = Text(AccountFields.Id) ?? id,
            Email = Text(AccountFields.Email),
            Status = AccountStatusNames.ParseStored(Text(AccountFields.Status)),
            StatusReason = Text(AccountFields.StatusReason),
            StatusUrl = Text(AccountFields.StatusUrl),
            Disabled = ParseFlag(Text(AccountFields.Disabled)),
            Tier = Text(AccountFields.Tier),
            ProjectId = Text(AccountFields.ProjectId),
            Credits = Text(AccountFields.Credits),
            HasRefreshToken = Text(AccountFields.RefreshToken) is not null,
            AccessTokenExpiresAt = Time(AccountFields.AccessTokenExpiresAt),
            AccessTokenRefreshedAt = Time(AccountFields.AccessTokenRefreshedAt),
            CreatedAt = Time(AccountFields.CreatedAt),
            LastUsedAt = Time(AccountFields.LastUsedAt),
            LastError = Text(AccountFields.LastError),
            Health = double.TryParse(Text(AccountFields.Health), NumberStyles.Float, CultureInfo.InvariantCulture, out var health) ? health : null,
            Quotas = quotas,
            Cooldowns = until,
        };
    }

    /// <summary>A stored flag: <c>true</c> as <see cref="PoolWriter.FormatFlag"/> writes it, and the <c>True</c> and <c>1</c> of earlier versions.</summary>
    public static bool ParseFlag(string? value) => value is "true" or "True" or "1";

    /// <summary>A <see cref="ModelQuota"/> as stored (camelCase, or the PascalCase of earlier versions); null when it does not parse.</summary>
    public static ModelQuota? ParseQuota(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(value.ToString(), PoolStateJsonContext.Default.ModelQuota);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The stored JSON of a <see cref="ModelQuota"/>.</summary>
    public static string FormatQuota(ModelQuota quota) => JsonSerializer.Serialize(quota, PoolStateJsonContext.Default.ModelQuota);
}
