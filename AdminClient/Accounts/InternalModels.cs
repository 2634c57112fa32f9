using Antigravity.ClusterState.Accounts;

namespace Antigravity.AdminClient.Accounts;

/// <summary>Body of <c>POST /internal/accounts/{id}/status</c>: the Gateway reports what the upstream said about an account
/// (403 <c>VALIDATION_REQUIRED</c> → <see cref="AccountStatus.ValidationRequired"/>, <c>TOS_VIOLATION</c> → <see cref="AccountStatus.Banned"/>).</summary>
public sealed record AccountStatusReport
{
    public AccountStatus Status { get; init; }
    public string? Reason { get; init; }
    /// <summary>The verification or appeal URL.</summary>
    public string? Url { get; init; }
}

/// <summary>Answer of <c>POST /internal/accounts/{id}/refresh</c>: the new access token is in Redis (never in the answer).</summary>
public sealed record RefreshedToken
{
    public required string AccountId { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    /// <summary>True when this call did not reach Google because another caller's refresh had just finished.</summary>
    public bool Coalesced { get; init; }
}
