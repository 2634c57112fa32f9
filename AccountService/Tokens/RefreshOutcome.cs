using Antigravity.ClusterState.Accounts;

namespace Antigravity.AccountService.Tokens;

internal enum RefreshResultKind
{
    /// <summary>A fresh token is in Redis.</summary>
    Ok,
    NotFound,
    /// <summary>The account cannot refresh (invalid_grant/invalid_client now or earlier, banned).</summary>
    Rejected,
    /// <summary>The upstream could not be reached (after retries), or the wait for another replica timed out.</summary>
    Unavailable,
}

/// <summary>The result of a refresh request; <see cref="Coalesced"/> when another caller's refresh satisfied it.</summary>
internal sealed record RefreshOutcome(RefreshResultKind Kind, string? Message = null, AccountStatus? Status = null, DateTimeOffset? ExpiresAt = null, bool Coalesced = false)
{
    public static RefreshOutcome NotFound { get; } = new(RefreshResultKind.NotFound, "No account with this id.");

    /// <summary>The compact form announced on <see cref="ClusterState.RedisKeys.RefreshDone"/>.</summary>
    public string ToMessage() => Kind == RefreshResultKind.Ok ? "ok" : $"{Kind}|{Message}";

    public static RefreshOutcome FromMessage(string message)
    {
        if (message == "ok")
        {
            return new RefreshOutcome(RefreshResultKind.Ok, Coalesced: true);
        }

        var parts = message.Split('|', 2);
        return Enum.TryParse<RefreshResultKind>(parts[0], out var kind)
            ? new RefreshOutcome(kind, parts.Length > 1 ? parts[1] : null, Coalesced: true)
            : new RefreshOutcome(RefreshResultKind.Unavailable, message, Coalesced: true);
    }
}
