namespace Antigravity.ClusterState.Keys;

/// <summary>Field names of the <see cref="RedisKeys.ApiKey"/> hash. The key itself is never stored: only a salted hash.</summary>
public static class ApiKeyFields
{
    public const string Id = "id";
    public const string Name = "name";
    /// <summary>The owner's name as text (before issue 20); now the name of <see cref="User"/>.</summary>
    public const string Owner = "owner";
    /// <summary>The id of the user the key belongs to (issue 20); absent for a key without a user.</summary>
    public const string User = "user";
    /// <summary>The key's admission scope when it is not the key itself (<c>team:&lt;id&gt;</c>, <c>user:&lt;id&gt;</c>):
    /// where its limits are checked (<see cref="RedisKeys.AdmissionLimits"/>). Absent = <c>key:&lt;id&gt;</c>, this hash.</summary>
    public const string Scope = "scope";
    /// <summary>The first characters of the key, shown in lists (<c>ag-1a2b3c4d…</c>).</summary>
    public const string Prefix = "prefix";
    public const string Salt = "salt";
    public const string Hash = "hash";
    public const string CreatedAt = "createdAt";
    public const string LastUsedAt = "lastUsedAt";
    public const string Disabled = "disabled";
    /// <summary>Unix ms after which the key is rejected; absent = never.</summary>
    public const string ExpiresAt = "expiresAt";
    /// <summary>Limits; absent or 0 = unlimited.</summary>
    public const string RequestsPerMinute = "rpm";
    public const string TokensPerMinute = "tpm";
    public const string MaxConcurrency = "concurrency";
    public const string DailyTokenBudget = "dailyTokens";
    public const string MonthlyTokenBudget = "monthlyTokens";
    /// <summary>JSON array of model names the key may use; absent or empty = all.</summary>
    public const string AllowedModels = "allowedModels";
}
