namespace Antigravity.ClusterState.Accounts;

/// <summary>Field names of the <see cref="RedisKeys.Account"/> hash. Token fields hold <see cref="Secrets.SecretProtector"/> ciphertext, never plain text.</summary>
public static class AccountFields
{
    public const string Id = "id";
    public const string Email = "email";
    /// <summary><see cref="AccountStatus"/> as <see cref="AccountStatusNames.Format"/> writes it (<c>validation_required</c>…).</summary>
    public const string Status = "status";
    public const string StatusReason = "statusReason";
    /// <summary>Google's verification or appeal URL when the status is validation_required or banned.</summary>
    public const string StatusUrl = "statusUrl";
    /// <summary>True when an operator disabled the account (independent of <see cref="Status"/>).</summary>
    public const string Disabled = "disabled";
    public const string Tier = "tier";
    public const string ProjectId = "projectId";
    /// <summary>Remaining paid (Google One AI) credits, when loadCodeAssist reported any.</summary>
    public const string Credits = "credits";
    /// <summary>Encrypted refresh token.</summary>
    public const string RefreshToken = "refreshToken";
    /// <summary>Encrypted access token.</summary>
    public const string AccessToken = "accessToken";
    /// <summary>Unix ms at which the access token expires.</summary>
    public const string AccessTokenExpiresAt = "accessTokenExpiresAt";
    /// <summary>Unix ms at which the access token was obtained (lets concurrent refresh requests see that one just happened).</summary>
    public const string AccessTokenRefreshedAt = "accessTokenRefreshedAt";
    public const string CreatedAt = "createdAt";
    public const string LastUsedAt = "lastUsedAt";
    public const string LastError = "lastError";
    /// <summary>Integer weight for the weighted strategy (default 1; 0 excludes the account).</summary>
    public const string Weight = "weight";
    /// <summary>Hybrid-strategy health score 0..100 (default 70) and when it was last updated (unix ms).</summary>
    public const string Health = "health";
    public const string HealthUpdatedAt = "healthUpdatedAt";
    /// <summary>Hybrid-strategy token bucket level and last refill (unix ms).</summary>
    public const string Tokens = "tokens";
    public const string TokensUpdatedAt = "tokensUpdatedAt";
}
