using Antigravity.ClusterState.Accounts;

namespace Antigravity.AdminClient.Accounts;

/// <summary>One Google account of the pool as the admin API shows it. Never carries a token.</summary>
public sealed record AccountSummary
{
    public required string Id { get; init; }
    public string? Email { get; init; }
    public AccountStatus Status { get; init; }
    /// <summary>Why the account is not <see cref="AccountStatus.Active"/> (for example <c>invalid_grant: Token has been expired or revoked.</c>).</summary>
    public string? StatusReason { get; init; }
    /// <summary>Google's verification or appeal URL for <see cref="AccountStatus.ValidationRequired"/> and <see cref="AccountStatus.Banned"/>.</summary>
    public string? StatusUrl { get; init; }
    /// <summary>An operator disabled the account.</summary>
    public bool Disabled { get; init; }
    public string? Tier { get; init; }
    public string? ProjectId { get; init; }
    /// <summary>Remaining paid (Google One AI) credits, when loadCodeAssist reported any.</summary>
    public string? Credits { get; init; }
    public DateTimeOffset? AccessTokenExpiresAt { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public string? LastError { get; init; }
    /// <summary>The whole account cools down until then (every model).</summary>
    public DateTimeOffset? CooldownUntil { get; init; }
    /// <summary>Per-model quota (from the last quota scan) and cooldowns, ordered by model id.</summary>
    public IReadOnlyList<ModelQuotaSummary> Models { get; init; } = [];
}

/// <summary>One model's quota on one account.</summary>
public sealed record ModelQuotaSummary
{
    public required string Model { get; init; }
    /// <summary>0..1, null when the model was never scanned (only a cooldown is known).</summary>
    public double? RemainingFraction { get; init; }
    public DateTimeOffset? ResetTime { get; init; }
    public DateTimeOffset? CooldownUntil { get; init; }
    public DateTimeOffset? ScannedAt { get; init; }
}

/// <summary>Adds an account from a refresh token (for example one copied from another tool).</summary>
public sealed record AddAccountRequest
{
    public required string RefreshToken { get; init; }
    /// <summary>Optional; read from userinfo when absent.</summary>
    public string? Email { get; init; }
    /// <summary>Optional; discovered with loadCodeAssist/onboardUser when absent.</summary>
    public string? ProjectId { get; init; }
}

/// <summary>The outcome of an operation on one account (verify, refresh), also one line of "refresh all".</summary>
public sealed record AccountOperationResult
{
    public required string AccountId { get; init; }
    public string? Email { get; init; }
    public bool Ok { get; init; }
    /// <summary>What happened, in words (the error when <see cref="Ok"/> is false).</summary>
    public string? Message { get; init; }
    /// <summary>The account after the operation.</summary>
    public AccountSummary? Account { get; init; }
}
